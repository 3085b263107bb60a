// Per-route fixed windows (one minute unless configured), reported in X-RateLimit-* headers.

export const DEFAULT_RATE_LIMIT_WINDOW_MS = 60_000
export const DEFAULT_RATE_LIMIT_KEY = 'default'
export const DEFAULT_RATE_LIMITS: Readonly<Record<string, number>> = {
  [DEFAULT_RATE_LIMIT_KEY]: 1000,
  'POST /api/scan/create': 10
}

export interface RateDecision {
  allowed: boolean
  headers: Record<string, string>
  retryAfterSeconds: number
}

interface Window {
  startMs: number
  used: number
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>()
  private readonly limits: Record<string, number>

  constructor(
    overrides: Record<string, number> = {},
    private readonly windowMs = DEFAULT_RATE_LIMIT_WINDOW_MS
  ) {
    this.limits = { ...DEFAULT_RATE_LIMITS, ...overrides }
  }

  limitOf(routeKey: string): number {
    const limit = this.limits[routeKey] ?? this.limits[DEFAULT_RATE_LIMIT_KEY]
    if (limit === undefined) throw new Error(`The emulator has no rate limit for ${routeKey} and no ${DEFAULT_RATE_LIMIT_KEY} one.`)
    return limit
  }

  /** Counts the request when the route still has room in its window. */
  take(routeKey: string, nowMs: number): RateDecision {
    const limit = this.limitOf(routeKey)
    let window = this.windows.get(routeKey)
    if (!window || nowMs - window.startMs >= this.windowMs) {
      window = { startMs: nowMs, used: 0 }
      this.windows.set(routeKey, window)
    }
    const allowed = window.used < limit
    if (allowed) window.used += 1
    const resetMs = window.startMs + this.windowMs
    return {
      allowed,
      retryAfterSeconds: Math.max(1, Math.ceil((resetMs - nowMs) / 1000)),
      headers: {
        'X-RateLimit-Limit': String(limit),
        'X-RateLimit-Remaining': String(Math.max(0, limit - window.used)),
        'X-RateLimit-Reset': String(Math.ceil(resetMs / 1000))
      }
    }
  }
}

export function rateLimitedBody(retryAfterSeconds: number): Record<string, unknown> {
  return {
    status: 'error',
    error: {
      code: 'rate_limited',
      message: `Too many requests; retry after ${retryAfterSeconds} seconds.`,
      retry_after: retryAfterSeconds
    }
  }
}
