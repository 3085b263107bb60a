import type { AccessToken } from './access-token.js'
import { InputError, S4EApiError } from './errors.js'
import { isJsonObject } from './response-body.js'
import { HttpStatusError, type S4EHttp } from './s4e-http.js'
import { registerSecret } from './secrets.js'

export interface ClientCredentials {
  clientId: string
  clientSecret: string
}

/** One sentence per RFC 6749 §5.2 error, saying what to do. */
function sentenceFor(error: HttpStatusError, scopes: string[]): string {
  const detail = error.serverMessage !== undefined && error.serverMessage !== error.code ? ` (${error.serverMessage})` : ''
  switch (error.code) {
    case 'invalid_client':
      return `The S4E token endpoint rejected the client ID and secret (invalid_client)${detail}: check the client-id and client-secret secrets, and that the OAuth client is still active.`
    case 'invalid_scope':
      return `The S4E token endpoint refused the requested scope "${scopes.join(' ')}" (invalid_scope)${detail}: request only scopes this OAuth client is allowed.`
    case 'unsupported_grant_type':
    case 'unauthorized_client':
      return `The S4E token endpoint does not allow the client-credentials grant for this client (${error.code})${detail}: enable client credentials for the OAuth client in the S4E console.`
    case 'invalid_request':
      return `The S4E token endpoint rejected the token request as malformed (invalid_request)${detail}: check the token-url input points at the S4E OAuth token endpoint.`
    default:
      if (error.status === 404 || error.status === 405) {
        return `The token-url answered HTTP ${error.status}: check that it points at the S4E OAuth token endpoint (usually <api-url>/oauth/token).`
      }
      return `The S4E token endpoint answered HTTP ${error.status}${detail}: check the token-url, client-id and client-secret inputs.`
  }
}

/** RFC 6749 §4.4: exchanges client credentials for an access token, in one request (with retries). */
export async function exchangeClientCredentials(http: S4EHttp, tokenUrl: string, credentials: ClientCredentials, scopes: string[]): Promise<AccessToken> {
  const form: Record<string, string> = {
    grant_type: 'client_credentials',
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret
  }
  if (scopes.length > 0) form.scope = scopes.join(' ')
  let body: unknown
  try {
    // A second token request is harmless, so the exchange may be retried.
    ;({ body } = await http.send({ method: 'POST', url: tokenUrl, form, idempotent: true }))
  } catch (error) {
    if (error instanceof HttpStatusError && error.status !== undefined && error.status < 500 && error.status !== 429) {
      throw new S4EApiError(sentenceFor(error, scopes), error.status, error.code)
    }
    throw error
  }
  const response = isJsonObject(body) && isJsonObject(body.data) ? body.data : body
  if (!isJsonObject(response) || typeof response.access_token !== 'string' || response.access_token === '') {
    throw new S4EApiError(
      'The S4E token endpoint answered without an access_token: check that token-url points at the S4E OAuth token endpoint.',
      undefined,
      undefined
    )
  }
  const value = response.access_token
  registerSecret(value)
  const tokenType = typeof response.token_type === 'string' ? response.token_type : 'Bearer'
  if (tokenType.toLowerCase() !== 'bearer') {
    throw new InputError(`The S4E token endpoint issued a "${tokenType}" token, but the S4E API takes Bearer tokens: check the token-url input.`)
  }
  const expiresIn = Number(response.expires_in)
  const hasLifetime = Number.isFinite(expiresIn) && expiresIn > 0
  const granted = typeof response.scope === 'string' ? response.scope.split(/[\s,]+/).filter((s) => s !== '') : []
  return {
    value,
    tokenType: 'Bearer',
    expiresIn: hasLifetime ? expiresIn : undefined,
    expiresAt: hasLifetime ? http.timing.now() + expiresIn * 1000 : undefined,
    scopes: granted
  }
}
