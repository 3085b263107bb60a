import { realTiming, type Timing } from '../../core/timing.js'

/**
 * Time past timeout-minutes that requests may still take (the last status check, the findings of a scan
 * that finished just in time); with reporting, the step stays well within timeout-minutes plus 30 s.
 */
export const STEP_GRACE_MS = 15_000

/** When no request of this step may run any longer, on the timing clock. */
export function stepEndsAtMs(timing: Timing | undefined, request: { timeoutMs: number }): number {
  return (timing ?? realTiming).now() + request.timeoutMs + STEP_GRACE_MS
}
