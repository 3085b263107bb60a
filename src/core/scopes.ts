import { InputError } from './errors.js'

/** The scope table of docs/api.md, "Scopes". */
export const KNOWN_SCOPES = [
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

export type Scope = (typeof KNOWN_SCOPES)[number]

export const ADMIN_SCOPE: Scope = 'admin:full'

export function isKnownScope(name: string): name is Scope {
  return (KNOWN_SCOPES as readonly string[]).includes(name)
}

/** Parses a scope input (spaces or commas between names); throws InputError naming the valid scopes. */
export function parseScopes(text: string, inputName = 'scope'): Scope[] {
  const names = text
    .split(/[\s,]+/)
    .map((name) => name.trim())
    .filter((name) => name !== '')
  const unknown = names.filter((name) => !isKnownScope(name))
  if (unknown.length > 0) {
    throw new InputError(
      `The ${inputName} input names unknown scope${unknown.length > 1 ? 's' : ''} ${unknown.map((s) => `"${s}"`).join(', ')}: use only ${KNOWN_SCOPES.join(', ')}.`
    )
  }
  return [...new Set(names)] as Scope[]
}
