import { S4EApiError } from './errors.js'
import type { Problem } from './problem.js'
import { realTiming } from './timing.js'

/** Waits out a deadline; resolves early (and never rejects) when the signal aborts. */
export type DeadlineTimer = (ms: number, signal: AbortSignal) => Promise<void>

/** A request outlived its overall deadline: its socket was destroyed, whatever the server was still sending. */
export class DeadlineExceededError extends S4EApiError {
  override readonly name: string = 'DeadlineExceededError'
  constructor(
    problem: Problem | string,
    /** True when the step's own time ran out (no retry can help), false when only this attempt took too long. */
    readonly stepTimeRanOut: boolean
  ) {
    super(problem, undefined, 'ETIMEDOUT')
  }
}

/**
 * Runs `work` with a signal that aborts after `ms`, and settles at that moment even if the work ignores
 * the signal: an idle-socket timeout cannot stop a server that trickles one byte at a time, this can.
 */
export async function withDeadline<T>(
  ms: number,
  work: (signal: AbortSignal) => Promise<T>,
  expired: () => Error,
  timer: DeadlineTimer = realTiming.sleep
): Promise<T> {
  const abortWork = new AbortController()
  const finished = new AbortController()
  const running = work(abortWork.signal)
  const deadline = timer(Math.max(0, ms), finished.signal).then((): Promise<never> => {
    if (finished.signal.aborted) return new Promise<never>(() => undefined)
    abortWork.abort()
    throw expired()
  })
  // Whichever loses the race rejects unobserved later (the aborted work, a late deadline): expected, dropped.
  running.catch(() => undefined)
  deadline.catch(() => undefined)
  try {
    return await Promise.race([running, deadline])
  } finally {
    finished.abort()
  }
}
