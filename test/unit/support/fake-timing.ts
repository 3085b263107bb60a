import type { Timing } from '../../../src/core/timing.js'

/** A clock that only moves when the code under test sleeps (or the test advances it). */
export interface FakeTiming extends Timing {
  sleeps: number[]
  advance(ms: number): void
}

export function fakeTiming(start = Date.parse('2026-11-28T12:00:00Z'), random = () => 1): FakeTiming {
  let now = start
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => now,
    random,
    async sleep(ms: number) {
      sleeps.push(ms)
      now += ms
    },
    advance(ms: number) {
      now += ms
    }
  }
}

/** A sleep that never ends on its own: only an abort of the signal passed down to it ends the wait. */
export function sleepUntilAborted(_ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }))
}
