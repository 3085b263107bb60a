import { describe, expect, it } from 'vitest'
import { STEP_GRACE_MS, stepEndsAtMs, stepGraceMs, TEST_STEP_GRACE_VARIABLE } from '../../../src/trigger-scan/scan/step-deadline.js'
import { fakeTiming } from '../support/fake-timing.js'

describe('the step grace', () => {
  it('is 15 s unless the test harness asks for less', () => {
    expect(stepGraceMs({})).toBe(STEP_GRACE_MS)
    expect(stepGraceMs({ [TEST_STEP_GRACE_VARIABLE]: '500' })).toBe(500)
    expect(stepGraceMs({ [TEST_STEP_GRACE_VARIABLE]: '0' })).toBe(0)
  })

  it.each(['3600000', '15001', '-1', '1e3', 'soon', ''])('never grows past 15 s nor reads a value that is not a count of milliseconds (%j)', (asked) => {
    expect(stepGraceMs({ [TEST_STEP_GRACE_VARIABLE]: asked })).toBe(STEP_GRACE_MS)
  })

  it('ends the step at timeout-minutes plus the grace, on the injected clock', () => {
    const timing = fakeTiming(1_000)
    expect(stepEndsAtMs(timing, { timeoutMs: 60_000 }, 500)).toBe(61_500)
    expect(stepEndsAtMs(timing, { timeoutMs: 60_000 })).toBe(1_000 + 60_000 + stepGraceMs())
  })
})
