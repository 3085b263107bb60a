import * as log from './log.js'
import { isExpired, needsRenewal, toIsoInstant, type AccessToken, type AuthMethod } from './access-token.js'
import type { CredentialSettings } from './read-credentials.js'
import { TokenExpiredError } from './errors.js'
import type { S4EHttp } from './s4e-http.js'
import { exchangeClientCredentials, type ClientCredentials } from './token-exchange.js'

/** Hands out a usable token for each request, renewing it when it can. */
export interface TokenProvider {
  readonly method: AuthMethod
  /** A token good for the next request; renews when inside the renewal margin. */
  getToken(): Promise<AccessToken>
  /** After a 401 invalid_token: a fresh token, or undefined when this provider cannot renew. */
  renewAfterRejection(): Promise<AccessToken | undefined>
  /** How many token requests this provider has sent. */
  readonly exchanges: number
}

/** A token that cannot be renewed: an API key, a token from an earlier step, or S4E_ACCESS_TOKEN. */
export class FixedTokenProvider implements TokenProvider {
  readonly exchanges = 0
  constructor(
    readonly method: AuthMethod,
    private readonly token: AccessToken,
    private readonly now: () => number,
    private readonly origin: string
  ) {}

  getToken(): Promise<AccessToken> {
    if (isExpired(this.token, this.now())) return Promise.reject(expiredError(this.origin, this.token))
    return Promise.resolve(this.token)
  }

  renewAfterRejection(): Promise<AccessToken | undefined> {
    return Promise.resolve(undefined)
  }
}

function expiredError(origin: string, token: AccessToken): TokenExpiredError {
  const when = token.expiresAt !== undefined ? ` at ${toIsoInstant(token.expiresAt)}` : ''
  return new TokenExpiredError({
    what: `The S4E access token from ${origin} expired${when} and this step has no client credentials to renew it`,
    fix: 'give the step client-id and client-secret too, or run s4e-auth in the same job right before it'
  })
}

/** Client credentials: exchanges on first use and again whenever the token nears expiry or is rejected. */
export class ClientCredentialsTokenProvider implements TokenProvider {
  readonly method: AuthMethod = 'client-credentials'
  private current: AccessToken | undefined
  exchanges = 0

  constructor(
    private readonly http: S4EHttp,
    private readonly tokenUrl: string,
    private readonly credentials: ClientCredentials,
    private readonly scopes: string[],
    initial?: AccessToken
  ) {
    this.current = initial
  }

  async getToken(): Promise<AccessToken> {
    if (this.current === undefined || needsRenewal(this.current, this.http.timing.now())) {
      if (this.current !== undefined) log.info('The S4E access token is about to expire; requesting a new one.')
      this.current = await this.exchange()
    }
    return this.current
  }

  async renewAfterRejection(): Promise<AccessToken | undefined> {
    log.info('The S4E API rejected the access token as invalid or expired; requesting a new one.')
    this.current = await this.exchange()
    return this.current
  }

  private async exchange(): Promise<AccessToken> {
    this.exchanges++
    return exchangeClientCredentials(this.http, this.tokenUrl, this.credentials, this.scopes)
  }
}

/**
 * Resolution order (docs/design.md, "Data flow"): a token that is not expired → client credentials → api-key →
 * S4E_ACCESS_TOKEN. Client credentials given with a token are kept for renewal.
 */
export function createTokenProvider(settings: CredentialSettings, http: S4EHttp): TokenProvider {
  const now = () => http.timing.now()
  const { token, clientCredentials, apiKey, environmentToken } = settings
  const tokenUsable = token !== undefined && !needsRenewal(token, now())

  if (clientCredentials !== undefined) {
    return new ClientCredentialsTokenProvider(http, settings.tokenUrl, clientCredentials, settings.scopes, tokenUsable ? token : undefined)
  }
  if (tokenUsable) return new FixedTokenProvider('token', token, now, 'the token input')
  if (apiKey !== undefined) return new FixedTokenProvider('api-key', { value: apiKey, tokenType: 'Bearer', scopes: [] }, now, 'the api-key input')
  // A token inside the renewal margin but not yet expired is still worth a try when nothing else is given.
  if (token !== undefined) return new FixedTokenProvider('token', token, now, 'the token input')
  if (environmentToken !== undefined) {
    return new FixedTokenProvider('environment', environmentToken, now, 'S4E_ACCESS_TOKEN (set by s4e-auth with export-env)')
  }
  // readCredentialSettings already refused settings without any credentials.
  throw new Error('No S4E credentials were resolved.')
}
