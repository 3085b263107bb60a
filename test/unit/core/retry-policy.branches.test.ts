// Retry-After and X-RateLimit-Reset when a header comes twice or does not parse.
import { describe, expect, it } from 'vitest'
import { rateLimitResetWaitMs, retryAfterMs } from '../../../src/core/retry-policy.js'

const NOW = Date.parse('2026-11-28T12:00:00Z')

describe('retry-policy headers', () => {
  it('reads the first of a header given twice', () => {
    expect(retryAfterMs({ 'retry-after': ['3', '60'] } as never, NOW)).toBe(3000)
  })

  it('asks no wait for a rate-limit reset that is not a number, and waits until one that is', () => {
    expect(rateLimitResetWaitMs({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': 'soon' }, NOW)).toBeUndefined()
    expect(rateLimitResetWaitMs({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 7) }, NOW)).toBe(7000)
  })
})
