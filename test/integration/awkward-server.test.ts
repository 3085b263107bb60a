// The s4e-trigger-scan bundle against an emulator that misbehaves the way real servers do, in every response shape.
import { afterAll, describe, expect, it } from 'vitest'
import type { Emulator, EmulatorOptions, ResponseShape } from '../../dev/emulator/emulator-options.js'
import { findLeaks } from '../../dev/harness/leak-check.js'
import { runStep, type StepResult } from '../../dev/harness/run-step.js'
import { TEST_STEP_GRACE_VARIABLE } from '../../src/trigger-scan/scan/step-deadline.js'
import { startedEmulator } from './started-emulator.js'

const ACTION = 'actions/s4e-trigger-scan'
const SHAPES: ResponseShape[] = ['wrapped', 'bare', 'envelope']
const CREATE = 'POST /api/scan/create'

const emulators: Emulator[] = []
afterAll(async () => {
  await Promise.all(emulators.map((emulator) => emulator.stop()))
})

function emulatorWith(assets: string[], options: EmulatorOptions): Promise<Emulator> {
  return startedEmulator(emulators, options, assets)
}

function scanStep(emulator: Emulator, inputs: Record<string, string>, env?: Record<string, string>): Promise<StepResult> {
  const { clientId, clientSecret } = emulator.credentials
  return runStep({
    action: ACTION,
    env,
    inputs: { 'api-url': emulator.url, 'client-id': clientId, 'client-secret': clientSecret, 'fail-on': 'none', ...inputs }
  })
}

const scansOf = (emulator: Emulator, asset: string) => emulator.state().scans.filter((scan) => scan.asset_name === asset)
const creates = (emulator: Emulator) => emulator.state().requestCounts[CREATE] ?? 0

function expectNoLeaks(emulator: Emulator, result: StepResult): void {
  expect(findLeaks(result, [emulator.credentials.clientSecret, emulator.credentials.apiKey])).toEqual([])
}

describe.concurrent.each(SHAPES)('trigger-scan against an awkward server (%s shape)', (shape) => {
  it('finds the asset past page 1 and counts every finding when the server caps its page size', async () => {
    // The search for app.example.com matches all nine; the asset itself is registered last, so it is on page 3.
    const decoys = Array.from({ length: 8 }, (_, index) => `d${index}.app.example.com`)
    const emulator = await emulatorWith([...decoys, 'app.example.com'], { shape, pageSizeCap: 4, findingsPerScan: 11 })
    const result = await scanStep(emulator, { asset: 'app.example.com', 'fail-on': 'low' })

    const [scan] = scansOf(emulator, 'app.example.com')
    expect(result.outputs['scan-id'], result.log).toBe(scan!.scan_id)
    expect(result.outputs.status).toBe('completed')
    const open = scan!.findings.open
    expect(result.outputs['findings-count']).toBe(String(Object.values(open).reduce((sum, n) => sum + n, 0)))
    for (const severity of ['critical', 'high', 'medium', 'low', 'info'] as const)
      expect(result.outputs[`${severity}-count`], severity).toBe(String(open[severity]))
    // 11 findings at 4 a page: three pages of findings were read.
    expect(emulator.state().requestCounts['GET /api/findings']).toBe(3)
    expect(result.outputs.gate).toBe(open.critical + open.high + open.medium + open.low > 0 ? 'failed' : 'passed')
    expectNoLeaks(emulator, result)
  })

  it.each([
    ['', 0],
    [', on a server clock an hour ahead of the runner', 3_600_000]
  ])('does not adopt a completed scan another run made 20 s earlier after a 503 that was not processed%s', async (_clock, clockOffsetMs) => {
    const emulator = await emulatorWith([], {
      shape,
      clockOffsetMs,
      scans: [{ asset: 'stale.example.com', scanType: 'quick', status: 'completed', ageSeconds: 20 }],
      faults: [{ route: CREATE, count: 1, kind: 'status', status: 503, retryAfter: 0 }]
    })
    const [stale] = scansOf(emulator, 'stale.example.com')
    // timeout-minutes 0.06 gives a settle window of 1.8 s before the second create.
    const result = await scanStep(emulator, { asset: 'stale.example.com', 'timeout-minutes': '0.06' })

    expect(result.exitCode, result.log).toBe(0)
    const scans = scansOf(emulator, 'stale.example.com')
    expect(scans).toHaveLength(2)
    expect(result.outputs['scan-id']).not.toBe(stale!.scan_id)
    expect(result.outputs['scan-id']).toBe(scans[1]!.scan_id)
    expect(creates(emulator)).toBe(2)
    expectNoLeaks(emulator, result)
  })

  it.each<[string, Partial<EmulatorOptions>]>([
    ['answered 504 at once but processed 0.3 s later', { faults: [{ route: CREATE, count: 1, kind: 'status', status: 504, landAfterMs: 300 }] }],
    ['processed, its connection reset, listed only 0.3 s later', { faults: [{ route: CREATE, count: 1, kind: 'drop', after: true }], scanListingDelayMs: 300 }],
    [
      'answered 504 at once but processed 0.3 s later by a server whose clock is an hour behind the runner',
      { faults: [{ route: CREATE, count: 1, kind: 'status', status: 504, landAfterMs: 300 }], clockOffsetMs: -3_600_000 }
    ]
  ])('adopts a create %s instead of creating a duplicate', async (_what, options) => {
    const emulator = await emulatorWith(['late.example.com'], { shape, ...options })
    // A settle window of 1.8 s: the listings at its start and its end bracket the late scan.
    const result = await scanStep(emulator, { asset: 'late.example.com', 'timeout-minutes': '0.06' })

    expect(result.exitCode, result.log).toBe(0)
    const scans = scansOf(emulator, 'late.example.com')
    expect(scans).toHaveLength(1)
    expect(creates(emulator)).toBe(1)
    expect(result.outputs).toMatchObject({ 'scan-id': scans[0]!.scan_id, status: 'completed' })
    expect(result.log).toContain(`Found new scan ${scans[0]!.scan_id}`)
    expectNoLeaks(emulator, result)
  })

  it('refuses two candidate scans with a sentence naming both', async () => {
    const emulator = await emulatorWith(['busy.example.com'], {
      shape,
      // Another run creates a quick scan of the same asset at the moment this step's create arrives.
      scans: [{ asset: 'busy.example.com', scanType: 'quick', onRoute: CREATE }],
      faults: [{ route: CREATE, count: 1, kind: 'status', status: 503, after: true }]
    })
    const result = await scanStep(emulator, { asset: 'busy.example.com', 'timeout-minutes': '0.1' })

    const ids = scansOf(emulator, 'busy.example.com').map((scan) => scan.scan_id)
    expect(ids).toHaveLength(2)
    expect(creates(emulator)).toBe(1)
    expect(result.exitCode).toBe(1)
    expect(result.errors).toEqual([
      expect.stringMatching(
        new RegExp(
          `and 2 new quick scans of it appeared \\((${ids[0]}, ${ids[1]}|${ids[1]}, ${ids[0]})\\), so this step cannot tell which is its own: make sure only one workflow scans this asset at a time, then re-run the job\\.$`
        )
      )
    ])
    expect(result.outputs['scan-id']).toBe('')
    expectNoLeaks(emulator, result)
  })
})

describe('trigger-scan against a status route that trickles its body', () => {
  it.concurrent.each(SHAPES)(
    'cuts the request off within timeout-minutes plus the grace and ends timed-out with outputs set (%s shape)',
    async (shape) => {
      // 3 s of timeout-minutes and a grace cut to 0.5 s by the harness; a status answer of ~100 bytes at one byte a second
      // would hold an idle-timeout client for minutes.
      const emulator = await emulatorWith(['slow.example.com'], {
        shape,
        scanDurationMs: 60_000,
        faults: [{ route: 'GET /api/scan/:id/status', count: 100, kind: 'trickle', delayMs: 1_000 }]
      })
      const result = await scanStep(
        emulator,
        { asset: 'slow.example.com', 'timeout-minutes': '0.02', 'poll-interval': '1' },
        { [TEST_STEP_GRACE_VARIABLE]: '500' }
      )

      expect(result.timedOut, result.log).toBe(false)
      const [scan] = scansOf(emulator, 'slow.example.com')
      expect(result.outputs).toMatchObject({ 'scan-id': scan!.scan_id, status: 'timed-out', gate: 'skipped' })
      expect(result.exitCode).toBe(1)
      expect(result.errors.at(-1)).toMatch(/did not answer GET \/api\/scan\/\S+\/status before this step's time ran out/)
      // One status request: it was cut off, and no retry followed once the step's time was gone.
      expect(emulator.state().requestCounts['GET /api/scan/:id/status']).toBe(1)
      expectNoLeaks(emulator, result)
    },
    60_000
  )
})

describe('eight workflow runs at once under the create rate limit', () => {
  it('gives each run exactly one scan, and none gives up or creates twice', async () => {
    const assets = Array.from({ length: 8 }, (_, index) => `run${index + 1}.example.com`)
    // Three creates a second: the eight runs need three windows, so most meet 429 + Retry-After at least once.
    const emulator = await emulatorWith(assets, { rateLimits: { [CREATE]: 3 }, rateLimitWindowMs: 1_000 })
    const results = await Promise.all(assets.map((asset) => scanStep(emulator, { asset })))

    for (const [index, result] of results.entries()) {
      const scans = scansOf(emulator, assets[index]!)
      expect(result.exitCode, result.log).toBe(0)
      expect(scans).toHaveLength(1)
      expect(result.outputs).toMatchObject({ 'scan-id': scans[0]!.scan_id, status: 'completed' })
      expectNoLeaks(emulator, result)
    }
    expect(emulator.state().scans).toHaveLength(8)
    expect(results.some((result) => /rate limiting this client; retrying POST \/api\/scan\/create/.test(result.log))).toBe(true)
  }, 60_000)
})
