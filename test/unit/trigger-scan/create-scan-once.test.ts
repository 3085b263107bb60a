import * as core from '@actions/core'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Scan } from '../../../src/core/api-types.js'
import { AmbiguousRequestError, S4EApiError } from '../../../src/core/errors.js'
import type { PageResult } from '../../../src/core/s4e-api.js'
import { decideAdoption, SERVER_CLOCK_SLACK_MS, type ScansBefore } from '../../../src/trigger-scan/scan/adoption-decision.js'
import { createScanOnce, MAX_SETTLE_WINDOW_MS, SETTLE_LIST_INTERVAL_MS } from '../../../src/trigger-scan/scan/create-scan-once.js'
import { fakeTiming } from '../support/fake-timing.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const NOW = Date.parse('2026-11-28T12:00:00Z')
const HOUR = 3_600_000
const REQUEST = { assetId: 'a-1', scanType: 'quick' }
const scan = (scanId: string, createdAtMs: number | undefined, extra: Partial<Scan> = {}): Scan => ({
  scanId,
  assetId: 'a-1',
  scanType: 'quick',
  status: 'queued',
  createdAt: createdAtMs === undefined ? undefined : new Date(createdAtMs).toISOString(),
  ...extra
})
const before = (ids: string[], serverDateMs?: number): ScansBefore => ({ ids: new Set(ids), serverDateMs })
const decide = (b: ScansBefore, after: Scan[]) => {
  const decision = decideAdoption({ request: REQUEST, before: b, after })
  return decision.kind === 'adopt' ? decision.scan.scanId : decision.kind === 'several' ? decision.scans.map((s) => s.scanId) : 'none'
}

describe('decideAdoption', () => {
  it.each<[string, ScansBefore, Scan[], string | string[]]>([
    ['adopts the one scan that was not there before', before(['old']), [scan('old', NOW - 20_000, { status: 'completed' }), scan('new', NOW)], 'new'],
    ['never adopts a scan listed before the create, however recent', before(['stale'], NOW), [scan('stale', NOW, { status: 'completed' })], 'none'],
    ['refuses several new scans, naming them', before([]), [scan('x', NOW), scan('y', NOW + 500)], ['x', 'y']],
    ['ignores a new scan of another type', before([]), [scan('full', NOW, { scanType: 'full' })], 'none'],
    ['ignores a new scan of another asset', before([]), [scan('other', NOW, { assetId: 'a-2' })], 'none'],
    ['accepts a scan whose listing names no type or asset', before([]), [scan('bare', NOW, { scanType: '', assetId: '' })], 'bare'],
    [
      'drops a scan listed late but created before the snapshot, by the server clock',
      before([], NOW),
      [scan('late-listed', NOW - 20_000), scan('ours', NOW + 300)],
      'ours'
    ],
    ['keeps a scan stamped within the Date header slack of the snapshot', before([], NOW), [scan('ours', NOW - SERVER_CLOCK_SLACK_MS + 1)], 'ours'],
    // The runner's clock plays no part: a server an hour ahead or behind decides the same way.
    [
      'is unaffected by a server clock an hour ahead of the runner',
      before(['old'], NOW + HOUR),
      [scan('old', NOW + HOUR - 20_000), scan('new', NOW + HOUR + 100)],
      'new'
    ],
    [
      'is unaffected by a server clock an hour behind the runner',
      before(['old'], NOW - HOUR),
      [scan('old', NOW - HOUR - 20_000), scan('new', NOW - HOUR + 100)],
      'new'
    ],
    ['without a Date header relies on the snapshot alone', before(['old']), [scan('old', NOW - HOUR), scan('new', NOW - HOUR)], 'new'],
    ['treats a scan without created_at by the snapshot alone', before([], NOW), [scan('undated', undefined)], 'undated'],
    ['counts a scan listed twice (paging overlap) once', before([]), [scan('dup', NOW), scan('dup', NOW)], 'dup']
  ])('%s', (_name, b, after, expected) => {
    expect(decide(b, after)).toEqual(expected)
  })

  it('leaves out scans already accounted for', () => {
    expect(decideAdoption({ request: REQUEST, before: before([]), after: [scan('second', NOW)], known: new Set(['second']) })).toEqual({ kind: 'none' })
  })
})

describe('createScanOnce', () => {
  const ambiguous = () =>
    new AmbiguousRequestError(
      'The S4E API did not answer POST /api/scan/create (ECONNRESET), so it may or may not have been processed.',
      undefined,
      'ECONNRESET'
    )
  const page = (items: Scan[], serverDateMs?: number): PageResult<Scan> => ({ items, serverDateMs })
  /** listScans answering each call from a list of listings; the last one repeats. */
  const listings = (...answers: Scan[][]) => {
    let call = 0
    return vi.fn(async () => page(answers[Math.min(call++, answers.length - 1)]!, NOW))
  }
  const options = (timing = fakeTiming(NOW), settleWindowMs = MAX_SETTLE_WINDOW_MS) => ({ timing, settleWindowMs })

  beforeEach(() => vi.mocked(core.warning).mockClear())

  it('lists once, creates once when the API answers', async () => {
    const api = { createScan: vi.fn(async () => scan('s-1', NOW)), listScans: listings([]) }
    expect(await createScanOnce(api, REQUEST, options())).toEqual({ scan: scan('s-1', NOW), adopted: false })
    expect(api.listScans).toHaveBeenCalledTimes(1)
    expect(api.createScan).toHaveBeenCalledTimes(1)
  })

  it('adopts the scan the ambiguous create made: one create request in all', async () => {
    const api = { createScan: vi.fn(async () => Promise.reject(ambiguous())), listScans: listings([], [scan('s-made', NOW + 200)]) }
    expect(await createScanOnce(api, REQUEST, options())).toEqual({ scan: scan('s-made', NOW + 200), adopted: true })
    expect(api.createScan).toHaveBeenCalledTimes(1)
  })

  it('does not adopt a completed scan another run made before this step created', async () => {
    const stale = scan('stale', NOW - 20_000, { status: 'completed' })
    const timing = fakeTiming(NOW)
    let calls = 0
    const api = {
      createScan: vi.fn(async () => (++calls === 1 ? Promise.reject(ambiguous()) : scan('fresh', timing.now()))),
      listScans: listings([stale])
    }
    const result = await createScanOnce(api, REQUEST, options(timing, 10_000))
    expect(result).toEqual({ scan: scan('fresh', NOW + 10_000), adopted: false })
    expect(api.createScan).toHaveBeenCalledTimes(2)
  })

  it('keeps listing through the settle window and adopts a create that lands late, instead of creating again', async () => {
    const timing = fakeTiming(NOW)
    const api = { createScan: vi.fn(async () => Promise.reject(ambiguous())), listScans: listings([], [], [], [], [scan('late', NOW + 7_000)]) }
    expect(await createScanOnce(api, REQUEST, options(timing))).toMatchObject({ scan: { scanId: 'late' }, adopted: true })
    expect(api.createScan).toHaveBeenCalledTimes(1)
    expect(timing.sleeps).toEqual([SETTLE_LIST_INTERVAL_MS, SETTLE_LIST_INTERVAL_MS, SETTLE_LIST_INTERVAL_MS])
  })

  it('never settles longer than 60 s, whatever window it is given', async () => {
    const timing = fakeTiming(NOW)
    const api = { createScan: vi.fn(async () => Promise.reject(ambiguous())), listScans: listings([]) }
    await expect(createScanOnce(api, REQUEST, options(timing, 10 * MAX_SETTLE_WINDOW_MS))).rejects.toThrow(AmbiguousRequestError)
    expect(timing.now() - NOW).toBe(2 * MAX_SETTLE_WINDOW_MS)
  })

  it('refuses two candidates with a sentence naming both', async () => {
    const api = { createScan: vi.fn(async () => Promise.reject(ambiguous())), listScans: listings([], [scan('s-7', NOW), scan('s-8', NOW + 10)]) }
    await expect(createScanOnce(api, REQUEST, options())).rejects.toThrow(
      /^Creating the scan of asset a-1 answered ambiguously and 2 new quick scans of it appeared \(s-7, s-8\), so this step cannot tell which is its own: make sure only one workflow scans this asset at a time, then re-run the job\.$/
    )
    expect(api.createScan).toHaveBeenCalledTimes(1)
  })

  it('sends at most two creates, then gives up with a sentence', async () => {
    const api = { createScan: vi.fn(async () => Promise.reject(ambiguous())), listScans: listings([]) }
    await expect(createScanOnce(api, REQUEST, options(fakeTiming(NOW), 4_000))).rejects.toThrow(
      /^Creating the scan of asset a-1 failed ambiguously 2 times and no new scan of it appeared: check the S4E status page and re-run the job\.$/
    )
    expect(api.createScan).toHaveBeenCalledTimes(2)
  })

  it('warns with both ids when a late first create still yields a second scan', async () => {
    let calls = 0
    const api = {
      createScan: vi.fn(async () => (++calls === 1 ? Promise.reject(ambiguous()) : scan('second', NOW))),
      // Nothing during the settle window; after the second create, the first one shows up too.
      listScans: listings([], [], [], [], [scan('first', NOW), scan('second', NOW)])
    }
    expect(await createScanOnce(api, REQUEST, options(fakeTiming(NOW), 4_000))).toMatchObject({ scan: { scanId: 'second' }, adopted: false })
    expect(core.warning).toHaveBeenCalledWith(
      'The first request to create the scan of asset a-1 landed late, so two scans were started: this step follows second and leaves first running on S4E.'
    )
  })

  it('passes other errors through without looking for scans again', async () => {
    const refused = new S4EApiError('refused', 403, 'insufficient_scope')
    const api = { createScan: vi.fn(async () => Promise.reject(refused)), listScans: listings([]) }
    await expect(createScanOnce(api, REQUEST, options())).rejects.toBe(refused)
    expect(api.listScans).toHaveBeenCalledTimes(1)
  })
})
