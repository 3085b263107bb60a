import { setTimeout as delay } from 'node:timers/promises'

/** Everything that waits or reads the time goes through this, so tests never sleep for real. */
export interface Timing {
  now: () => number
  /** Resolves after ms, or as soon as the signal aborts (a cancelled workflow); never rejects. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>
  random: () => number
}

export const realTiming: Timing = {
  now: () => Date.now(),
  // An aborted timer is cancelled too, so a pending wait cannot keep the process alive.
  sleep: (ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal }).catch(() => undefined),
  random: () => Math.random()
}
