// The scope table of s4e-api.md and the scope each emulated route needs.

export const ALL_SCOPES = [
  'assets:read',
  'assets:write',
  'scans:read',
  'scans:write',
  'findings:read',
  'findings:write',
  'reports:read',
  'actions:execute',
  'webhooks:manage',
  'admin:full'
] as const

export type Scope = (typeof ALL_SCOPES)[number]

export const ADMIN_SCOPE: Scope = 'admin:full'

export function isKnownScope(name: string): name is Scope {
  return (ALL_SCOPES as readonly string[]).includes(name)
}

/** Scopes granted when a client asks for none: everything it may have except `admin:full`, granted only on request. */
export function defaultGrant(allowed: readonly string[]): string[] {
  const withoutAdmin = allowed.filter((scope) => scope !== ADMIN_SCOPE)
  return withoutAdmin.length > 0 ? withoutAdmin : [...allowed]
}

export function grantsScope(granted: readonly string[], needed: string): boolean {
  return granted.includes(needed) || granted.includes(ADMIN_SCOPE)
}
