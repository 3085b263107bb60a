// How the emulator grants and checks scopes.

// The scope table itself is the client's (src/core/scopes.ts): both follow docs/api.md, "Scopes".
import { ADMIN_SCOPE } from '../../src/core/scopes.js'

/** Scopes granted when a client asks for none: everything it may have except `admin:full`, granted only on request. */
export function defaultGrant(allowed: readonly string[]): string[] {
  const withoutAdmin = allowed.filter((scope) => scope !== ADMIN_SCOPE)
  return withoutAdmin.length > 0 ? withoutAdmin : [...allowed]
}

export function grantsScope(granted: readonly string[], needed: string): boolean {
  return granted.includes(needed) || granted.includes(ADMIN_SCOPE)
}
