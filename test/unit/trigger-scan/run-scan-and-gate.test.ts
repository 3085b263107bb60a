import { describe, expect, it, vi } from 'vitest'
import { DeadlineExceededError } from '../../../src/core/request-deadline.js'
import { runScansAndGate } from '../../../src/trigger-scan/scan/run-scan-and-gate.js'
import { fakeTiming } from '../support/fake-timing.js'
import { scanRequest } from '../support/scan-request.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const REQUEST = scanRequest()

function apiWhoseStatus(failure: Error) {
  return {
    apiUrl: 'https://api.s4e.test',
    findAssetByName: vi.fn(),
    listScans: vi.fn(async () => ({ items: [] })),
    createScan: vi.fn(async () => ({ scanId: 's-1', assetId: 'a-1', scanType: 'quick', status: 'queued' })),
    getScanStatus: vi.fn(async () => Promise.reject(failure)),
    listFindings: vi.fn()
  }
}

describe('runScansAndGate when time runs out', () => {
  it('reports status timed-out with the scan id when the step time ran out inside a request', async () => {
    const api = apiWhoseStatus(new DeadlineExceededError("The S4E API did not answer GET /api/scan/s-1/status before this step's time ran out.", true))
    const [outcome] = await runScansAndGate(api, REQUEST, { timing: fakeTiming() })
    if (outcome?.kind !== 'broken') throw new Error(`expected a broken outcome, got ${outcome?.kind}`)
    expect(outcome.known).toMatchObject({ assetId: 'a-1', scanId: 's-1', status: 'timed-out' })
    expect(outcome.message).toMatch(/^Scan s-1 was started on S4E, but this step could not finish it \(The S4E API did not answer GET/)
  })

  it('keeps the last status seen when a request merely timed out', async () => {
    const api = apiWhoseStatus(new DeadlineExceededError('Request timeout: GET /api/scan/s-1/status', false))
    const [outcome] = await runScansAndGate(api, REQUEST, { timing: fakeTiming() })
    if (outcome?.kind !== 'broken') throw new Error(`expected a broken outcome, got ${outcome?.kind}`)
    expect(outcome.known.status).toBe('queued')
  })
})
