import { S4EApi } from './s4e-api.js'
import type { CredentialSettings } from './read-credentials.js'
import { S4EHttp, type S4EHttpOptions } from './s4e-http.js'
import { createTokenProvider, type TokenProvider } from './token-provider.js'

/** Everything a step needs to talk to S4E, built once per step from validated settings. */
export interface S4ESession {
  api: S4EApi
  tokens: TokenProvider
  http: S4EHttp
}

export function openSession(settings: CredentialSettings, options: S4EHttpOptions = {}): S4ESession {
  const http = new S4EHttp(options)
  const tokens = createTokenProvider(settings, http)
  return { api: new S4EApi(settings.apiUrl, tokens, http), tokens, http }
}
