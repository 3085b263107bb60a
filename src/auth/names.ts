/** Inputs and outputs of s4e-auth beyond the shared credential inputs (actions/s4e-auth/action.yml). */
export const AuthInput = {
  exportEnv: 'export-env'
} as const

export const AuthOutput = {
  accessToken: 'access-token',
  tokenType: 'token-type',
  expiresAt: 'expires-at',
  expiresIn: 'expires-in',
  scope: 'scope',
  authMethod: 'auth-method',
  apiUrl: 'api-url'
} as const
