import { describe, expect, it } from 'vitest'
import { backoffDelayMs, rateLimitResetWaitMs, retryAfterMs, type RetryPolicy } from '../../../src/core/retry-policy.js'

const policy: RetryPolicy = { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 5000, maxTotalMs: 60_000 }

describe('backoffDelayMs', () => {
  it('doubles the ceiling per failed attempt up to the cap', () => {
    expect([1, 2, 3, 4, 5].map((n) => backoffDelayMs(policy, n, () => 1))).toEqual([1000, 2000, 4000, 5000, 5000])
  })

  it('applies full jitter: anywhere from zero to the ceiling', () => {
    expect(backoffDelayMs(policy, 3, () => 0)).toBe(0)
    expect(backoffDelayMs(policy, 3, () => 0.25)).toBe(1000)
  })
})

describe('retryAfterMs', () => {
  const now = Date.parse('2026-11-28T12:00:00Z')
  it('reads delta seconds and HTTP dates', () => {
    expect(retryAfterMs({ 'retry-after': '23' }, now)).toBe(23_000)
    expect(retryAfterMs({ 'retry-after': 'Sat, 28 Nov 2026 12:00:05 GMT' }, now)).toBe(5_000)
    expect(retryAfterMs({ 'retry-after': 'soon' }, now)).toBeUndefined()
    expect(retryAfterMs({}, now)).toBeUndefined()
  })
})

describe('rateLimitResetWaitMs', () => {
  const now = Date.parse('2026-11-28T12:00:00Z')
  it('waits for the reset only when the window is used up', () => {
    const reset = String(now / 1000 + 30)
    expect(rateLimitResetWaitMs({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, now)).toBe(30_000)
    expect(rateLimitResetWaitMs({ 'x-ratelimit-remaining': '5', 'x-ratelimit-reset': reset }, now)).toBeUndefined()
    expect(rateLimitResetWaitMs({}, now)).toBeUndefined()
  })
})
