/** No status check before this share of the scan's estimated duration has passed… */
export const EARLY_POLL_FRACTION = 0.5
/** …but never hold back longer than this for an estimate (estimates can be far off)… */
export const EARLY_POLL_CAP_MS = 5 * 60_000
/** …nor for short estimates: the API gives whole minutes, so "1 minute" may mean a few seconds. */
export const MIN_ESTIMATE_TO_HOLD_BACK_MS = 2 * 60_000

export interface PollDelayInput {
  /** The poll-interval input, in milliseconds. */
  intervalMs: number
  /** What the server asked for on the last status answer (Retry-After, exhausted rate-limit window). */
  waitHintMs?: number
  /** The scan's estimated duration, when the server gave one. */
  estimatedDurationMs?: number
  /** Time since the scan was created. */
  elapsedMs: number
  /** Time left before timeout-minutes runs out. */
  remainingMs: number
}

/**
 * How long to wait before the next status check: the poll interval, stretched by the server's wait
 * hint and, early on, by a share of the estimated duration; never past the timeout.
 */
export function nextPollDelayMs(input: PollDelayInput): number {
  let delayMs = Math.max(input.intervalMs, input.waitHintMs ?? 0)
  if (input.estimatedDurationMs !== undefined && input.estimatedDurationMs > MIN_ESTIMATE_TO_HOLD_BACK_MS) {
    const earliestMs = Math.min(input.estimatedDurationMs * EARLY_POLL_FRACTION, EARLY_POLL_CAP_MS)
    delayMs = Math.max(delayMs, earliestMs - input.elapsedMs)
  }
  return Math.max(0, Math.min(delayMs, input.remainingMs))
}
