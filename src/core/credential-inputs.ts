import type { FailOrSkip } from './inputs.js'

/** Input names shared by every action (docs/design.md, "Data flow"; docs/reference.md). */
export const CredentialInput = {
  apiUrl: 'api-url',
  tokenUrl: 'token-url',
  clientId: 'client-id',
  clientSecret: 'client-secret',
  scope: 'scope',
  apiKey: 'api-key',
  token: 'token',
  tokenExpiresAt: 'token-expires-at',
  onMissingCredentials: 'on-missing-credentials'
} as const

/** `on-missing-credentials`, the same on every action: fail the step, or pass it with one warning (a fork pull request). */
export type OnMissingCredentials = FailOrSkip

export const DEFAULT_API_URL = 'https://api.s4e.io'
export const TOKEN_PATH = '/oauth/token'

/** Environment variables written by `s4e-auth` with `export-env: true`. */
export const ExportedEnv = {
  accessToken: 'S4E_ACCESS_TOKEN',
  apiUrl: 'S4E_API_URL',
  tokenExpiresAt: 'S4E_TOKEN_EXPIRES_AT'
} as const
