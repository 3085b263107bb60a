import type { IncomingHttpHeaders } from 'node:http'

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  maxAttempts: number
  /** First backoff ceiling; doubles with every attempt (full jitter picks 0..ceiling). */
  baseDelayMs: number
  maxDelayMs: number
  /** No retry starts once this much time has passed since the first attempt. */
  maxTotalMs: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxTotalMs: 180_000
}

/** Exponential backoff with full jitter: a uniformly random wait up to the attempt's ceiling. */
export function backoffDelayMs(policy: RetryPolicy, failedAttempts: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1))
  return Math.round(random() * ceiling)
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()]
  return Array.isArray(value) ? value[0] : value
}

/** Reads Retry-After (delta seconds or an HTTP date), in milliseconds from now. */
export function retryAfterMs(headers: IncomingHttpHeaders, nowMs: number): number | undefined {
  const value = headerValue(headers, 'retry-after')?.trim()
  if (value === undefined || value === '') return undefined
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000)
  const date = Date.parse(value)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - nowMs)
}

/** When the rate-limit window is used up, how long until it resets (X-RateLimit-Reset is Unix time). */
export function rateLimitResetWaitMs(headers: IncomingHttpHeaders, nowMs: number): number | undefined {
  const remaining = headerValue(headers, 'x-ratelimit-remaining')
  const reset = headerValue(headers, 'x-ratelimit-reset')
  if (remaining === undefined || reset === undefined || Number(remaining) > 0) return undefined
  const resetSeconds = Number(reset)
  if (!Number.isFinite(resetSeconds)) return undefined
  return Math.max(0, resetSeconds * 1000 - nowMs)
}
