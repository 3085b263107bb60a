// runScansAndGate after the wait: a failure that is no Problem, findings that cannot be read, and baselines that are missing.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { S4EApiError } from '../../../src/core/errors.js'
import { runScansAndGate } from '../../../src/trigger-scan/scan/run-scan-and-gate.js'
import { runScanStep } from '../../../src/trigger-scan/scan/started-elsewhere.js'
import { fakeTiming } from '../support/fake-timing.js'
import { scanRequest } from '../support/scan-request.js'
import { expectSentence } from '../support/sentence.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const REQUEST = scanRequest()

function api() {
  return {
    apiUrl: 'https://api.s4e.test',
    findAssetByName: vi.fn(),
    listScans: vi.fn(async () => ({ items: [] })),
    createScan: vi.fn(async () => ({ scanId: 's-1', assetId: 'a-1', scanType: 'quick', status: 'queued' })),
    getScanStatus: vi.fn(async (scanId: string) => ({ scanId, status: 'completed' })),
    listFindings: vi.fn(async () => ({ items: [] }))
  }
}

afterEach(() => {
  vi.clearAllMocks()
})

describe('runScansAndGate broken after the create', () => {
  it('gives a failure that is no Problem as the cause, naming the scan that keeps running', async () => {
    const scanApi = api()
    scanApi.getScanStatus.mockRejectedValue(new Error('socket closed by peer'))
    const [outcome] = await runScansAndGate(scanApi, REQUEST, { timing: fakeTiming() })
    if (outcome?.kind !== 'broken') throw new Error(`expected a broken outcome, got ${outcome?.kind}`)
    expect(outcome.known).toMatchObject({ assetId: 'a-1', scanId: 's-1', status: 'queued' })
    expectSentence(outcome.message, { what: 'Scan s-1 was started on S4E, but this step could not finish it', cause: 'socket closed by peer' })
  })

  it('fails closed when the findings of a completed scan cannot be read: broken with status failed, never 0 findings', async () => {
    const scanApi = api()
    scanApi.listFindings.mockRejectedValue(
      new S4EApiError({ what: 'The S4E API answered GET /api/findings (page 2) with findings it had already sent' }, undefined, 'not_a_listing')
    )
    const [outcome] = await runScansAndGate(scanApi, REQUEST, { timing: fakeTiming() })
    if (outcome?.kind !== 'broken') throw new Error(`expected a broken outcome, got ${outcome?.kind}`)
    expect(outcome.known).toMatchObject({ scanId: 's-1', status: 'failed' })
    expectSentence(outcome.message, { what: 'Scan s-1 was started on S4E, but this step could not finish it', cause: 'findings it had already sent' })
  })
})

describe('runScansAndGate baselines that are missing', () => {
  it('says a scan named by its id alone has no previous scan to compare with, and gates every finding', async () => {
    const scanApi = api()
    scanApi.listFindings.mockResolvedValue({ items: [{ id: 'f-1', title: 'T', severity: 'high', status: 'open', references: [] }] } as never)
    const [outcome] = await runScanStep(
      scanApi,
      { ...REQUEST, targets: [], startedElsewhere: [{ scanId: 's-7' }], baseline: { kind: 'previous' } },
      { timing: fakeTiming() }
    )
    if (outcome?.kind !== 'reported') throw new Error(`expected a reported outcome, got ${outcome?.kind}`)
    expect(scanApi.listScans).not.toHaveBeenCalled()
    expect(outcome.report.baseline?.state).toBe('missing')
    expectSentence(outcome.report.baseline?.state === 'missing' ? outcome.report.baseline.reason : undefined, {
      what: 'Scan s-7 was named by its id alone, so its asset and its previous scan are unknown',
      fix: 'gate it with scans-from'
    })
    expect(outcome.report.gate.verdict).toBe('failed')
  })

  it('reports the reason resolveBaseline gives when the asset has no earlier scan', async () => {
    const [outcome] = await runScansAndGate(api(), { ...REQUEST, baseline: { kind: 'previous' }, gateOn: 'new' }, { timing: fakeTiming() })
    if (outcome?.kind !== 'reported') throw new Error(`expected a reported outcome, got ${outcome?.kind}`)
    const baseline = outcome.report.baseline
    if (baseline?.state !== 'missing') throw new Error(`expected a missing baseline, got ${baseline?.state}`)
    expect(baseline.reason).toMatch(/^No earlier completed quick scan of a-1 exists to compare with \(baseline: previous\)/)
  })
})
