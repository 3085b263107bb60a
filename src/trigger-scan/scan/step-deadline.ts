import { realTiming, type Timing } from '../../core/timing.js'

/**
 * Time past timeout-minutes that requests may still take (the last status check, the findings of a scan
 * that finished just in time); with reporting, the step stays well within timeout-minutes plus 30 s.
 */
export const STEP_GRACE_MS = 15_000

/**
 * Set only by the project's test harness, so a bundle test of the deadline does not wait out 15 s: a
 * shorter grace, never a longer one (docs/design.md, section "Deadline").
 */
export const TEST_STEP_GRACE_VARIABLE = 'S4E_TEST_STEP_GRACE_MS'

/** The grace of this step: STEP_GRACE_MS, or less when the test harness asks for less. */
export function stepGraceMs(env: NodeJS.ProcessEnv = process.env): number {
  const asked = env[TEST_STEP_GRACE_VARIABLE]?.trim() ?? ''
  return /^\d{1,6}$/.test(asked) ? Math.min(STEP_GRACE_MS, Number(asked)) : STEP_GRACE_MS
}

/** When no request of this step may run any longer, on the timing clock. */
export function stepEndsAtMs(timing: Timing | undefined, request: { timeoutMs: number }, graceMs: number = stepGraceMs()): number {
  return (timing ?? realTiming).now() + request.timeoutMs + graceMs
}
