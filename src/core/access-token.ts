/** A token the API accepts, with what is known about its life. */
export interface AccessToken {
  value: string
  tokenType: 'Bearer'
  /** Unix milliseconds; undefined when it does not expire (API key) or is not known. */
  expiresAt?: number
  /** Lifetime granted, in seconds, when the server said. */
  expiresIn?: number
  scopes: string[]
}

export type AuthMethod = 'client-credentials' | 'api-key' | 'token' | 'environment'

/** Renew this long before expiry at the most. */
export const RENEWAL_MARGIN_MS = 60_000

/** Renewal margin (docs/design.md, "Data flow"): 60 s, or half the token's lifetime when that is shorter. */
export function renewalMarginMs(token: AccessToken): number {
  if (token.expiresIn === undefined) return RENEWAL_MARGIN_MS
  return Math.min(RENEWAL_MARGIN_MS, (token.expiresIn * 1000) / 2)
}

export function needsRenewal(token: AccessToken, nowMs: number): boolean {
  if (token.expiresAt === undefined) return false
  return nowMs >= token.expiresAt - renewalMarginMs(token)
}

export function isExpired(token: AccessToken, nowMs: number): boolean {
  return token.expiresAt !== undefined && nowMs >= token.expiresAt
}

export function toIsoInstant(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}
