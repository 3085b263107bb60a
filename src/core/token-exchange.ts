import * as log from './log.js'
import type { AccessToken } from './access-token.js'
import { InputError, S4EApiError } from './errors.js'
import type { Problem } from './problem.js'
import { isJsonObject } from './response-body.js'
import { HttpStatusError, type S4EHttp } from './s4e-http.js'
import { holdsSecret, registerSecret, shownText } from './secrets.js'

export interface ClientCredentials {
  clientId: string
  clientSecret: string
}

/** Where the token request goes; `derivedFromApiUrl` when token-url was not given and comes from api-url. */
export interface TokenEndpoint {
  url: string
  derivedFromApiUrl?: string
}

// A granted scope longer than this is no list of S4E scopes; it is not read (nor output) at all.
const MAX_GRANTED_SCOPE_LENGTH = 4096

/** One problem per RFC 6749 §5.2 error, saying what to do. */
function problemFor(error: HttpStatusError, scopes: string[], endpoint: TokenEndpoint): Problem {
  const cause = error.serverMessage !== undefined && error.serverMessage !== error.code ? error.serverMessage : undefined
  switch (error.code) {
    case 'invalid_client':
      return {
        what: 'The S4E token endpoint rejected the client ID and secret (invalid_client)',
        cause,
        fix: 'check the client-id and client-secret secrets, and that the OAuth client is still active'
      }
    case 'invalid_scope':
      return {
        what: `The S4E token endpoint refused the requested scope "${scopes.join(' ')}" (invalid_scope)`,
        cause,
        fix: 'request only scopes this OAuth client is allowed'
      }
    case 'unsupported_grant_type':
    case 'unauthorized_client':
      return {
        what: `The S4E token endpoint does not allow the client-credentials grant for this client (${error.code})`,
        cause,
        fix: 'enable client credentials for the OAuth client in the S4E console'
      }
    case 'invalid_request':
      return {
        what: 'The S4E token endpoint rejected the token request as malformed (invalid_request)',
        cause,
        fix: 'check the token-url input points at the S4E OAuth token endpoint'
      }
    default:
      if ((error.status === 404 || error.status === 405) && endpoint.derivedFromApiUrl !== undefined) {
        // token-url was never set: its path comes from api-url, so api-url is what is wrong.
        return {
          what: `The token URL ${error.shownUrl}, derived from the api-url input ${endpoint.derivedFromApiUrl}, answered HTTP ${error.status}, so the api-url input is probably wrong`,
          fix: 'give the base URL of the S4E API (such as https://api.s4e.io, with no path after it), or set token-url when the token endpoint lives elsewhere'
        }
      }
      if (error.status === 404 || error.status === 405) {
        return {
          what: `The token-url ${error.shownUrl} answered HTTP ${error.status}`,
          fix: 'check that it points at the S4E OAuth token endpoint (usually <api-url>/oauth/token)'
        }
      }
      return {
        what: `The S4E token endpoint answered HTTP ${error.status}`,
        cause,
        fix: 'check the token-url, client-id and client-secret inputs'
      }
  }
}

/**
 * The scopes the server says it granted. A server string like any other: one that holds a secret is
 * not kept (it would reach the `scope` output), and neither is one too long to be a list of scopes.
 */
function grantedScopes(granted: unknown): string[] {
  if (typeof granted !== 'string') return []
  if (granted.length > MAX_GRANTED_SCOPE_LENGTH) {
    log.warning(
      `The S4E token endpoint named a granted scope of ${granted.length} characters, too long to be a list of scopes, so the scope output stays empty: report this to S4E support.`
    )
    return []
  }
  const scopes = granted.split(/[\s,]+/).filter((scope) => scope !== '')
  const kept = scopes.filter((scope) => !holdsSecret(scope))
  if (kept.length < scopes.length) {
    log.warning(
      `The S4E token endpoint named a granted scope that holds a secret (${shownText(granted, 200)}), so that scope is left out of the scope output: report this to S4E support.`
    )
  }
  return kept
}

/** RFC 6749 §4.4: exchanges client credentials for an access token, in one request (with retries). */
export async function exchangeClientCredentials(
  http: S4EHttp,
  endpoint: TokenEndpoint,
  credentials: ClientCredentials,
  scopes: string[]
): Promise<AccessToken> {
  const form: Record<string, string> = {
    grant_type: 'client_credentials',
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret
  }
  if (scopes.length > 0) form.scope = scopes.join(' ')
  let body: unknown
  try {
    // A second token request is harmless, so the exchange may be retried.
    ;({ body } = await http.send({ method: 'POST', url: endpoint.url, form, idempotent: true }))
  } catch (error) {
    if (error instanceof HttpStatusError && error.status !== undefined && error.status < 500 && error.status !== 429) {
      throw new S4EApiError(problemFor(error, scopes, endpoint), error.status, error.code)
    }
    throw error
  }
  const response = isJsonObject(body) && isJsonObject(body.data) ? body.data : body
  if (!isJsonObject(response) || typeof response.access_token !== 'string' || response.access_token === '') {
    throw new S4EApiError(
      { what: 'The S4E token endpoint answered without an access_token', fix: 'check that token-url points at the S4E OAuth token endpoint' },
      undefined,
      undefined
    )
  }
  const value = response.access_token
  registerSecret(value)
  const tokenType = typeof response.token_type === 'string' ? response.token_type : 'Bearer'
  if (tokenType.toLowerCase() !== 'bearer') {
    throw new InputError({
      what: 'The S4E token endpoint issued a token that is not a Bearer token, but the S4E API takes Bearer tokens only',
      cause: `token_type ${shownText(tokenType, 40)}`,
      fix: 'check the token-url input'
    })
  }
  const expiresIn = Number(response.expires_in)
  const hasLifetime = Number.isFinite(expiresIn) && expiresIn > 0
  return {
    value,
    tokenType: 'Bearer',
    expiresIn: hasLifetime ? expiresIn : undefined,
    expiresAt: hasLifetime ? http.timing.now() + expiresIn * 1000 : undefined,
    scopes: grantedScopes(response.scope)
  }
}
