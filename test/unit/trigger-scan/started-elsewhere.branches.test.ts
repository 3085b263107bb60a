// runScanStep with scans started elsewhere (scan-id, scans-from): no create, one status check per scan first, then the usual wait and gate.
import * as core from '@actions/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Finding } from '../../../src/core/api-types.js'
import { S4EApiError } from '../../../src/core/errors.js'
import type { ScanStatusResult } from '../../../src/core/s4e-api.js'
import { runScanStep } from '../../../src/trigger-scan/scan/started-elsewhere.js'
import type { ScanRef } from '../../../src/trigger-scan/scans-from.js'
import type { ScanAndGateRequest } from '../../../src/trigger-scan/trigger-scan-inputs.js'
import { fakeTiming } from '../support/fake-timing.js'
import { scanRequest } from '../support/scan-request.js'
import { expectSentence } from '../support/sentence.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const API_URL = 'https://api.s4e.test'

function requestOf(startedElsewhere: readonly ScanRef[] | undefined, extra: Partial<ScanAndGateRequest> = {}): ScanAndGateRequest {
  return scanRequest({ targets: [], startedElsewhere, scanType: 'full', timeoutMs: 600_000, pollIntervalMs: 10_000, ...extra })
}

const finding = (id: string, severity: Finding['severity'], scanId: string, assetName?: string): Finding => ({
  id,
  title: `Finding ${id}`,
  severity,
  status: 'open',
  scanId,
  assetName,
  references: []
})

/** An API whose status answers are scripted per scan (the last one repeats) and which must never create a scan. */
function scriptedApi(statuses: Record<string, (ScanStatusResult | Error)[]>, findings: Record<string, Finding[]> = {}) {
  const asked: string[] = []
  const api = {
    apiUrl: API_URL,
    findAssetByName: vi.fn(async () => Promise.reject(new Error('no asset lookup expected'))),
    createScan: vi.fn(async () => Promise.reject(new Error('no create expected'))),
    listScans: vi.fn(async () => ({ items: [] })),
    getScanStatus: vi.fn(async (scanId: string) => {
      asked.push(scanId)
      const script = statuses[scanId] ?? []
      const answer = script.length > 1 ? script.shift() : script[0]
      if (answer === undefined) throw new Error(`no status scripted for ${scanId}`)
      if (answer instanceof Error) throw answer
      return answer
    }),
    listFindings: vi.fn(async (scanId: string) => ({ items: findings[scanId] ?? [] }))
  }
  return { api, asked }
}

const infoLines = () => vi.mocked(core.info).mock.calls.map(([line]) => String(line))

afterEach(() => {
  vi.clearAllMocks()
})

describe('runScanStep without scans started elsewhere', () => {
  it('creates the scans of its targets', async () => {
    const { api } = scriptedApi({ 's-9': [{ scanId: 's-9', status: 'completed' }] })
    api.createScan.mockResolvedValue({ scanId: 's-9', assetId: 'a-1', scanType: 'full', status: 'queued' } as never)
    const [outcome] = await runScanStep(api, requestOf(undefined, { targets: [{ assetId: 'a-1' }] }), { timing: fakeTiming() })
    expect(api.createScan).toHaveBeenCalledTimes(1)
    expect(outcome).toMatchObject({ kind: 'reported', report: { scan: { scanId: 's-9', status: 'completed' } } })
  })
})

describe('runScanStep with scans started elsewhere', () => {
  it('refuses an empty list of scans with one sentence, before any request', async () => {
    const { api } = scriptedApi({})
    const outcomes = await runScanStep(api, requestOf([]), { timing: fakeTiming() })
    expect(outcomes).toHaveLength(1)
    const [outcome] = outcomes
    if (outcome?.kind !== 'broken') throw new Error(`expected a broken outcome, got ${outcome?.kind}`)
    expect(outcome.known).toEqual({})
    expectSentence(outcome.message, {
      what: 'The scans-from files hold no scan to gate',
      cause: 'every scans array in them is empty',
      fix: 'uploaded their scans files'
    })
    expect(api.getScanStatus).not.toHaveBeenCalled()
  })

  it('gates a scan named by asset name: its first status answer is not asked again, and nothing is created', async () => {
    const { api, asked } = scriptedApi(
      {
        's-1': [
          { scanId: 's-1', status: 'running' },
          { scanId: 's-1', status: 'completed' }
        ]
      },
      { 's-1': [finding('f-1', 'high', 's-1')] }
    )
    const timing = fakeTiming()
    const [outcome] = await runScanStep(api, requestOf([{ scanId: 's-1', assetId: 'a-1', assetName: 'preview.example.com' }]), { timing })
    expect(api.createScan).not.toHaveBeenCalled()
    // One check before the wait (running), whose answer the wait reuses, then one per interval.
    expect(asked).toEqual(['s-1', 's-1'])
    expect(timing.sleeps).toEqual([10_000])
    expect(infoLines()).toContain('Gating scan s-1 of asset preview.example.com, started elsewhere (running).')
    if (outcome?.kind !== 'reported') throw new Error(`expected a reported outcome, got ${outcome?.kind}`)
    expect(outcome.report.asset).toEqual({ id: 'a-1', name: 'preview.example.com' })
    expect(outcome.report.scan).toMatchObject({ scanId: 's-1', scanType: 'full', status: 'completed' })
    expect(outcome.report.gate.verdict).toBe('failed')
  })

  it('names the asset by its id when a scans entry gives no name, and takes the name from the findings', async () => {
    const { api } = scriptedApi({ 's-2': [{ scanId: 's-2', status: 'completed' }] }, { 's-2': [finding('f-1', 'low', 's-2', 'api.example.com')] })
    const [outcome] = await runScanStep(api, requestOf([{ scanId: 's-2', assetId: 'a-2' }]), { timing: fakeTiming() })
    expect(infoLines()).toContain('Gating scan s-2 of asset a-2, started elsewhere (completed).')
    if (outcome?.kind !== 'reported') throw new Error(`expected a reported outcome, got ${outcome?.kind}`)
    expect(outcome.report.asset).toEqual({ id: 'a-2', name: 'api.example.com' })
    expect(outcome.report.gate.verdict).toBe('passed')
  })

  it('names no asset for a scan given by its id alone, and leaves its asset id empty', async () => {
    const { api } = scriptedApi({ 's-3': [{ scanId: 's-3', status: 'completed' }] })
    const [outcome] = await runScanStep(api, requestOf([{ scanId: 's-3' }]), { timing: fakeTiming() })
    expect(infoLines()).toContain('Gating scan s-3, started elsewhere (completed).')
    if (outcome?.kind !== 'reported') throw new Error(`expected a reported outcome, got ${outcome?.kind}`)
    expect(outcome.report.asset).toEqual({ id: '', name: undefined })
  })

  it('asks for the status of a scan only once it is not the primed answer (wait: false reports the first status)', async () => {
    const { api, asked } = scriptedApi({ 's-4': [{ scanId: 's-4', status: 'queued' }] })
    // No timing given: the real clock, which a run that does not wait never sleeps on.
    const [outcome] = await runScanStep(api, requestOf([{ scanId: 's-4' }], { wait: false }))
    expect(asked).toEqual(['s-4'])
    if (outcome?.kind !== 'reported') throw new Error(`expected a reported outcome, got ${outcome?.kind}`)
    expect(outcome.report.scan).toMatchObject({ scanId: 's-4', status: 'queued' })
    expect(outcome.report.gate.verdict).toBe('skipped')
  })

  it('says a scan id the installation does not know is unknown, naming the input and the installation', async () => {
    const { api } = scriptedApi({ 's-404': [new S4EApiError('The S4E API answered HTTP 404 for GET /api/scan/s-404/status.', 404, 'not_found')] })
    const [outcome] = await runScanStep(api, requestOf([{ scanId: 's-404', assetId: 'a-1' }]), { timing: fakeTiming() })
    if (outcome?.kind !== 'broken') throw new Error(`expected a broken outcome, got ${outcome?.kind}`)
    expectSentence(outcome.message, {
      what: `No scan s-404 exists on the S4E installation at ${API_URL}`,
      cause: 'its status answered HTTP 404',
      fix: 'check the scan-id input'
    })
    // The scan does not exist, so no scan id is passed on as known.
    expect(outcome.known).toEqual({ assetId: 'a-1', assetName: undefined })
  })

  it('passes on any other status failure as the cause, with the scan id known', async () => {
    const { api } = scriptedApi({ 's-5': [new S4EApiError('The S4E API answered HTTP 500 for GET /api/scan/s-5/status.', 500, undefined)] })
    const [outcome] = await runScanStep(api, requestOf([{ scanId: 's-5', assetName: 'web.example.com' }]), { timing: fakeTiming() })
    if (outcome?.kind !== 'broken') throw new Error(`expected a broken outcome, got ${outcome?.kind}`)
    expect(outcome.known).toEqual({ assetId: undefined, assetName: 'web.example.com', scanId: 's-5' })
    expectSentence(outcome.message, { what: 'Scan s-5 was started on S4E, but this step could not finish it', mentions: ['HTTP 500'] })
  })

  it('checks no further scan once the workflow is cancelled, and says which scan went ungated', async () => {
    const { api, asked } = scriptedApi({ 's-6': [{ scanId: 's-6', status: 'completed' }], 's-7': [{ scanId: 's-7', status: 'completed' }] })
    const controller = new AbortController()
    api.getScanStatus.mockImplementationOnce(async (scanId: string) => {
      asked.push(scanId)
      controller.abort()
      return { scanId, status: 'completed' }
    })
    const outcomes = await runScanStep(api, requestOf([{ scanId: 's-6' }, { scanId: 's-7', assetId: 'a-7' }]), {
      timing: fakeTiming(),
      signal: controller.signal
    })
    expect(asked).toEqual(['s-6'])
    expect(outcomes).toHaveLength(2)
    const second = outcomes[1]
    if (second?.kind !== 'broken') throw new Error(`expected a broken outcome, got ${second?.kind}`)
    expect(second.known).toEqual({ assetId: 'a-7', assetName: undefined })
    expectSentence(second.message, { what: 'The workflow was cancelled before scan s-7 was checked, so it was not gated', fix: 're-run the job' })
  })
})
