// A scan with more findings than a step reads counts as a failed scan: status failed, gate skipped,
// and fail-on-scan-error decides whether the step fails (docs/design.md, "The gate"); a listing that
// is not a listing fails the step whatever it says.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { S4EApiError } from '../../../src/core/errors.js'
import { TOO_MANY_ITEMS } from '../../../src/core/listing.js'
import { outputValues, verdictOf } from '../../../src/trigger-scan/report/report-trigger-scan.js'
import { runScansAndGate } from '../../../src/trigger-scan/scan/run-scan-and-gate.js'
import { fakeTiming } from '../support/fake-timing.js'
import { testInputs } from '../support/scan-report-fixture.js'
import { scanRequest } from '../support/scan-request.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

function apiFailingFindingsWith(error: Error) {
  return {
    apiUrl: 'https://api.s4e.test',
    findAssetByName: vi.fn(),
    listScans: vi.fn(async () => ({ items: [] })),
    createScan: vi.fn(async () => ({ scanId: 's-1', assetId: 'a-1', scanType: 'quick', status: 'queued' })),
    getScanStatus: vi.fn(async (scanId: string) => ({ scanId, status: 'completed' })),
    listFindings: vi.fn(async () => {
      throw error
    })
  }
}

const tooMany = new S4EApiError(
  { what: 'Scan s-1 has more than 100,000 findings, more than this step reads', fix: 'split the asset into smaller assets' },
  undefined,
  TOO_MANY_ITEMS
)
const notAListing = new S4EApiError(
  { what: 'The S4E API answered GET /api/findings (page 1) with something other than a list of findings' },
  undefined,
  'not_a_listing'
)

afterEach(() => {
  vi.clearAllMocks()
})

describe('a scan with more findings than the step reads', () => {
  it('is failed with the gate skipped, and fails the step while fail-on-scan-error is true', async () => {
    const [outcome] = await runScansAndGate(apiFailingFindingsWith(tooMany), scanRequest(), { timing: fakeTiming() })
    if (outcome === undefined) throw new Error('expected an outcome')
    const values = outputValues([outcome], { findingsFile: '', sarifFile: '' })
    expect(values).toMatchObject({ status: 'failed', gate: 'skipped', 'findings-count': '0' })
    expect(verdictOf(outcome, testInputs([{ assetName: 'a.example.com' }])).level).toBe('failure')
  })

  it('is a warning with fail-on-scan-error: false, as a scan that failed on S4E is, and the gate stays skipped', async () => {
    const [outcome] = await runScansAndGate(apiFailingFindingsWith(tooMany), scanRequest(), { timing: fakeTiming() })
    if (outcome === undefined) throw new Error('expected an outcome')
    const verdict = verdictOf(outcome, testInputs([{ assetName: 'a.example.com' }], { failOnScanError: false }))
    expect(verdict.level).toBe('warning')
    expect(verdict.message).toMatch(/more than 100,000 findings/)
    expect(outputValues([outcome], { findingsFile: '', sarifFile: '' }).gate).toBe('skipped')
  })

  it('leaves a findings answer that is not a listing a failure, whatever fail-on-scan-error says', async () => {
    const [outcome] = await runScansAndGate(apiFailingFindingsWith(notAListing), scanRequest(), { timing: fakeTiming() })
    if (outcome === undefined) throw new Error('expected an outcome')
    expect(verdictOf(outcome, testInputs([{ assetName: 'a.example.com' }], { failOnScanError: false })).level).toBe('failure')
  })
})
