import { describe, expect, it, vi } from 'vitest'
import type { Scan } from '../../../src/core/api-types.js'
import { AmbiguousRequestError, S4EApiError } from '../../../src/core/errors.js'
import { CLOCK_SKEW_TOLERANCE_MS, createScanOnce, findAdoptableScan } from '../../../src/trigger-scan/scan/create-scan-once.js'
import { fakeTiming } from '../support/fake-timing.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const NOW = Date.parse('2026-11-28T12:00:00Z')
const REQUEST = { assetId: 'a-1', scanType: 'quick' }
const scan = (scanId: string, createdAtMs: number | undefined, extra: Partial<Scan> = {}): Scan => ({
  scanId,
  assetId: 'a-1',
  scanType: 'quick',
  status: 'queued',
  createdAt: createdAtMs === undefined ? undefined : new Date(createdAtMs).toISOString(),
  ...extra
})

describe('findAdoptableScan', () => {
  it('picks the newest scan of the same type created since just before the request', () => {
    const scans = [scan('old', NOW - 3_600_000), scan('ours', NOW + 800), scan('skewed', NOW - CLOCK_SKEW_TOLERANCE_MS + 1000)]
    expect(findAdoptableScan(scans, REQUEST, NOW)?.scanId).toBe('ours')
  })
  it('allows for a server clock somewhat behind the runner', () => {
    expect(findAdoptableScan([scan('skewed', NOW - 30_000)], REQUEST, NOW)?.scanId).toBe('skewed')
  })
  it('ignores older scans, other scan types and other assets', () => {
    const scans = [
      scan('old', NOW - CLOCK_SKEW_TOLERANCE_MS - 1),
      scan('full', NOW + 100, { scanType: 'full' }),
      scan('other-asset', NOW + 100, { assetId: 'a-2' })
    ]
    expect(findAdoptableScan(scans, REQUEST, NOW)).toBeUndefined()
  })
  it('adopts a scan without created_at only while it has not started', () => {
    expect(findAdoptableScan([scan('q', undefined)], REQUEST, NOW)?.scanId).toBe('q')
    expect(findAdoptableScan([scan('done', undefined, { status: 'completed' })], REQUEST, NOW)).toBeUndefined()
  })
})

describe('createScanOnce', () => {
  const ambiguous = () => new AmbiguousRequestError('The S4E API did not answer POST /api/scan/create (ECONNRESET), so it may or may not have been processed.', undefined, 'ECONNRESET')

  it('creates once when the API answers', async () => {
    const api = { createScan: vi.fn(async () => scan('s-1', NOW)), listScans: vi.fn(async () => []) }
    expect(await createScanOnce(api, REQUEST, fakeTiming(NOW))).toEqual({ scan: scan('s-1', NOW), adopted: false })
    expect(api.listScans).not.toHaveBeenCalled()
  })

  it('adopts the scan the ambiguous create made: one create request in all', async () => {
    const api = { createScan: vi.fn(async () => Promise.reject(ambiguous())), listScans: vi.fn(async () => [scan('s-made', NOW + 200)]) }
    const result = await createScanOnce(api, REQUEST, fakeTiming(NOW))
    expect(result).toEqual({ scan: scan('s-made', NOW + 200), adopted: true })
    expect(api.createScan).toHaveBeenCalledTimes(1)
  })

  it('gives up with a sentence after repeated ambiguous failures that made no scan', async () => {
    const api = { createScan: vi.fn(async () => Promise.reject(ambiguous())), listScans: vi.fn(async () => []) }
    await expect(createScanOnce(api, REQUEST, fakeTiming(NOW))).rejects.toThrow(/failed ambiguously 3 times and no new scan of it appeared: check the S4E status page/)
    expect(api.createScan).toHaveBeenCalledTimes(3)
    expect(api.listScans).toHaveBeenCalledTimes(3)
  })

  it('passes other errors through without looking for scans', async () => {
    const refused = new S4EApiError('refused', 403, 'insufficient_scope')
    const api = { createScan: vi.fn(async () => Promise.reject(refused)), listScans: vi.fn(async () => []) }
    await expect(createScanOnce(api, REQUEST, fakeTiming(NOW))).rejects.toBe(refused)
    expect(api.listScans).not.toHaveBeenCalled()
  })
})
