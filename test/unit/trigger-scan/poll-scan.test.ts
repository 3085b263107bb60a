import { afterEach, describe, expect, it, vi } from 'vitest'
import * as core from '@actions/core'
import type { ScanStatusResult } from '../../../src/core/s4e-api.js'
import { nextPollDelayMs, EARLY_POLL_CAP_MS, MIN_ESTIMATE_TO_HOLD_BACK_MS } from '../../../src/trigger-scan/scan/poll-schedule.js'
import { pollScans, type PollScanResult } from '../../../src/trigger-scan/scan/poll-scan.js'
import { fakeTiming, sleepUntilAborted, type FakeTiming } from '../support/fake-timing.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

afterEach(() => vi.clearAllMocks())

type Answer = Partial<ScanStatusResult> & { status: string }

/** A status endpoint that answers from a script, recording when (on the fake clock) it was asked. */
function scriptedApi(timing: FakeTiming, answers: Answer[]) {
  const askedAt: number[] = []
  const start = timing.now()
  return {
    askedAt,
    relative: () => askedAt.map((t) => t - start),
    api: {
      getScanStatus: async (scanId: string): Promise<ScanStatusResult> => {
        askedAt.push(timing.now())
        const answer = answers[Math.min(askedAt.length - 1, answers.length - 1)]
        return { scanId, ...answer! }
      }
    }
  }
}

interface OneScan {
  timing: FakeTiming
  intervalMs: number
  timeoutMs: number
  createdAtMs: number
  estimatedDurationSeconds?: number
  signal?: AbortSignal
}

/** One scan through the real entry point, its timeout counted from its creation. */
async function pollOne(api: Parameters<typeof pollScans>[0], scanId: string, options: OneScan): Promise<PollScanResult> {
  const { createdAtMs, estimatedDurationSeconds, ...rest } = options
  const [result] = await pollScans(api, [{ scanId, createdAtMs, estimatedDurationSeconds }], { ...rest, startedAtMs: createdAtMs })
  if (result === undefined) throw new Error('pollScans returned no result.')
  return result
}

const running = (extra: Partial<Answer> = {}): Answer => ({ status: 'running', ...extra })

describe('nextPollDelayMs', () => {
  it('waits the poll interval', () => {
    expect(nextPollDelayMs({ intervalMs: 15_000, elapsedMs: 0, remainingMs: 3_600_000 })).toBe(15_000)
  })
  it('stretches to the wait hint of the server', () => {
    expect(nextPollDelayMs({ intervalMs: 15_000, waitHintMs: 40_000, elapsedMs: 0, remainingMs: 3_600_000 })).toBe(40_000)
    expect(nextPollDelayMs({ intervalMs: 15_000, waitHintMs: 2_000, elapsedMs: 0, remainingMs: 3_600_000 })).toBe(15_000)
  })
  it('holds back early checks until half the estimated duration has passed, capped', () => {
    expect(nextPollDelayMs({ intervalMs: 15_000, estimatedDurationMs: 240_000, elapsedMs: 1_000, remainingMs: 3_600_000 })).toBe(119_000)
    expect(nextPollDelayMs({ intervalMs: 15_000, estimatedDurationMs: 240_000, elapsedMs: 120_000, remainingMs: 3_600_000 })).toBe(15_000)
    expect(nextPollDelayMs({ intervalMs: 15_000, estimatedDurationMs: 4 * 3_600_000, elapsedMs: 0, remainingMs: 5 * 3_600_000 })).toBe(EARLY_POLL_CAP_MS)
  })
  it('does not hold back for estimates of a couple of minutes or less (whole minutes are too coarse)', () => {
    expect(nextPollDelayMs({ intervalMs: 1_000, estimatedDurationMs: 60_000, elapsedMs: 0, remainingMs: 3_600_000 })).toBe(1_000)
    expect(nextPollDelayMs({ intervalMs: 1_000, estimatedDurationMs: MIN_ESTIMATE_TO_HOLD_BACK_MS, elapsedMs: 0, remainingMs: 3_600_000 })).toBe(1_000)
  })
  it('never waits past the timeout', () => {
    expect(nextPollDelayMs({ intervalMs: 15_000, waitHintMs: 60_000, elapsedMs: 0, remainingMs: 4_000 })).toBe(4_000)
  })
})

describe('pollScans with one scan', () => {
  it('checks right away, then every poll interval until the scan ends', async () => {
    const timing = fakeTiming()
    const { api, relative } = scriptedApi(timing, [running(), running(), running(), { status: 'completed' }])
    const result = await pollOne(api, 's-1', { timing, intervalMs: 10_000, timeoutMs: 3_600_000, createdAtMs: timing.now() })
    expect(result).toMatchObject({ status: 'completed', cancelled: false, statusChecks: 4 })
    expect(relative()).toEqual([0, 10_000, 20_000, 30_000])
    expect(timing.sleeps).toEqual([10_000, 10_000, 10_000])
  })

  it('ends the wait with the error and the last status seen when a status request fails for good, instead of throwing', async () => {
    const timing = fakeTiming()
    const broken = new Error('The S4E API answered 404.')
    let asked = 0
    const api = {
      getScanStatus: async (scanId: string): Promise<ScanStatusResult> => {
        if (++asked > 2) throw broken
        return { scanId, status: 'running' }
      }
    }
    const result = await pollOne(api, 's-1', { timing, intervalMs: 10_000, timeoutMs: 3_600_000, createdAtMs: timing.now() })
    expect(result).toMatchObject({ status: 'running', cancelled: false, statusChecks: 3, error: broken })
  })

  it('takes fractional poll intervals as they are', async () => {
    const timing = fakeTiming()
    const { api } = scriptedApi(timing, [running(), { status: 'failed' }])
    const result = await pollOne(api, 's-1', { timing, intervalMs: 1_500, timeoutMs: 60_000, createdAtMs: timing.now() })
    expect(result.status).toBe('failed')
    expect(timing.sleeps).toEqual([1_500])
  })

  it('waits what Retry-After or an exhausted rate-limit window asks before the next check', async () => {
    const timing = fakeTiming()
    const { api } = scriptedApi(timing, [running({ waitHintMs: 45_000 }), running(), { status: 'completed' }])
    await pollOne(api, 's-1', { timing, intervalMs: 10_000, timeoutMs: 3_600_000, createdAtMs: timing.now() })
    expect(timing.sleeps).toEqual([45_000, 10_000])
  })

  it('skips pointless early checks using the estimated duration', async () => {
    const timing = fakeTiming()
    const { api, relative } = scriptedApi(timing, [running(), running(), { status: 'completed' }])
    await pollOne(api, 's-1', { timing, intervalMs: 15_000, timeoutMs: 3_600_000, createdAtMs: timing.now(), estimatedDurationSeconds: 600 })
    // Half of ten minutes before the second check, then the interval.
    expect(relative()).toEqual([0, 300_000, 315_000])
  })

  it('stops at the timeout with timed-out, checking once more at the deadline', async () => {
    const timing = fakeTiming()
    const { api, relative } = scriptedApi(timing, [running()])
    const result = await pollOne(api, 's-1', { timing, intervalMs: 20_000, timeoutMs: 50_000, createdAtMs: timing.now() })
    expect(result).toMatchObject({ status: 'timed-out', cancelled: false })
    expect(relative()).toEqual([0, 20_000, 40_000, 50_000])
    expect(timing.now() - Date.parse('2026-11-28T12:00:00Z')).toBe(50_000)
  })

  it('counts the timeout from the creation of the scan', async () => {
    const timing = fakeTiming()
    const createdAtMs = timing.now()
    timing.advance(30_000)
    const { api } = scriptedApi(timing, [running()])
    const result = await pollOne(api, 's-1', { timing, intervalMs: 20_000, timeoutMs: 50_000, createdAtMs })
    expect(result.status).toBe('timed-out')
    expect(timing.sleeps).toEqual([20_000])
  })

  it('logs progress and phase only when they change', async () => {
    const timing = fakeTiming()
    const { api } = scriptedApi(timing, [
      { status: 'queued' },
      { status: 'queued' },
      running({ progress: 10, phase: 'discovery' }),
      running({ progress: 10, phase: 'discovery' }),
      running({ progress: 55, phase: 'vulnerability_scan' }),
      { status: 'completed', progress: 100 }
    ])
    await pollOne(api, 's-1', { timing, intervalMs: 1_000, timeoutMs: 60_000, createdAtMs: timing.now() })
    const lines = vi.mocked(core.info).mock.calls.map(([line]) => line)
    expect(lines).toEqual([
      'Scan s-1: queued.',
      'Scan s-1: running, 10%, phase discovery.',
      'Scan s-1: running, 55%, phase vulnerability_scan.',
      'Scan s-1: completed, 100%.'
    ])
  })

  it('ends the wait as soon as the signal aborts, without sleeping out the interval', async () => {
    const timing = fakeTiming()
    const controller = new AbortController()
    let checks = 0
    const api = {
      getScanStatus: async (scanId: string): Promise<ScanStatusResult> => {
        checks++
        return { scanId, status: 'running' }
      }
    }
    // A sleep that never ends on its own: only the abort, passed down to it, can end the wait.
    const stuck = { ...timing, sleep: sleepUntilAborted }
    const waiting = pollOne(api, 's-1', { timing: stuck, intervalMs: 15_000, timeoutMs: 3_600_000, createdAtMs: timing.now(), signal: controller.signal })
    await new Promise((resolve) => setImmediate(resolve))
    controller.abort()
    const result = await waiting
    expect(result).toMatchObject({ status: 'running', cancelled: true, statusChecks: 1 })
    expect(checks).toBe(1)
  })
})
