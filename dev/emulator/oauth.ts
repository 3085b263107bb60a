// OAuth 2.0 client-credentials exchange (RFC 6749 §4.4, errors §5.2), API keys and bearer-token checks.
import { randomBytes } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import type { ClientCredentialsSpec, TokenRequestSnapshot } from './emulator-options.js'
import { EmulatorHttpError, type EmulatorResponse } from './emulator-response.js'
import { isKnownScope, KNOWN_SCOPES as ALL_SCOPES } from '../../src/core/scopes.js'
import { defaultGrant, grantsScope } from './scopes.js'

export interface IssuedToken {
  clientId: string
  scopes: string[]
  /** null for an API key, which never expires. */
  expiresAtMs: number | null
}

const TOKEN_BYTES = 24
const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded'
const CLIENT_CREDENTIALS_GRANT = 'client_credentials'

function oauthError(status: number, code: string, description: string, headers: Record<string, string> = {}) {
  return new EmulatorHttpError(status, code, description, 'oauth', {}, headers)
}

function invalidToken(description: string): EmulatorHttpError {
  return new EmulatorHttpError(401, 'invalid_token', description, 'bearer')
}

export class TokenAuthority {
  private readonly clients = new Map<string, ClientCredentialsSpec>()
  private readonly tokens = new Map<string, IssuedToken>()
  readonly requests: TokenRequestSnapshot[] = []
  issuedCount = 0

  constructor(
    clients: readonly ClientCredentialsSpec[],
    apiKey: string,
    private readonly lifetimeSeconds: number,
    private readonly now: () => number
  ) {
    for (const client of clients) this.clients.set(client.clientId, client)
    this.tokens.set(apiKey, { clientId: 'api-key', scopes: [...ALL_SCOPES], expiresAtMs: null })
  }

  /** Handles `POST /oauth/token`; throws RFC 6749 errors. */
  exchange(headers: IncomingHttpHeaders, rawBody: string): EmulatorResponse {
    const record: TokenRequestSnapshot = { clientId: null, requestedScope: null, grantedScope: null, outcome: 'rejected' }
    this.requests.push(record)
    const contentType = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
    if (contentType !== FORM_CONTENT_TYPE) {
      throw oauthError(400, 'invalid_request', `The token request must be sent as ${FORM_CONTENT_TYPE}.`)
    }
    const form = new URLSearchParams(rawBody)
    const basic = parseBasicAuthorization(headers.authorization)
    const formClientId = form.get('client_id')
    if (basic && (formClientId !== null || form.get('client_secret') !== null)) {
      throw oauthError(400, 'invalid_request', 'The client must authenticate with one method only, not both HTTP Basic and the form.')
    }
    const clientId = basic?.clientId ?? formClientId
    const clientSecret = basic?.clientSecret ?? form.get('client_secret')
    record.clientId = clientId
    const requestedScope = form.get('scope')
    record.requestedScope = requestedScope

    const grantType = form.get('grant_type')
    if (!grantType) throw oauthError(400, 'invalid_request', 'The request has no grant_type.')
    if (grantType !== CLIENT_CREDENTIALS_GRANT) {
      throw oauthError(400, 'unsupported_grant_type', `Only the ${CLIENT_CREDENTIALS_GRANT} grant is supported.`)
    }
    if (!clientId || !clientSecret) throw oauthError(400, 'invalid_request', 'The request needs both client_id and client_secret.')
    const client = this.clients.get(clientId)
    if (!client || client.clientSecret !== clientSecret) {
      throw oauthError(401, 'invalid_client', 'Client authentication failed.', { 'WWW-Authenticate': 'Basic realm="s4e"' })
    }

    const scopes = this.resolveScopes(client, requestedScope)
    const value = `s4e_at_${randomBytes(TOKEN_BYTES).toString('hex')}`
    this.tokens.set(value, { clientId, scopes, expiresAtMs: this.now() + this.lifetimeSeconds * 1000 })
    this.issuedCount += 1
    record.outcome = 'issued'
    record.grantedScope = scopes.join(' ')
    return {
      status: 200,
      headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
      body: { access_token: value, token_type: 'Bearer', expires_in: this.lifetimeSeconds, scope: scopes.join(' ') }
    }
  }

  private resolveScopes(client: ClientCredentialsSpec, requested: string | null): string[] {
    if (requested === null || requested.trim() === '') return defaultGrant(client.scopes)
    const names = [...new Set(requested.trim().split(/\s+/))]
    const unknown = names.filter((name) => !isKnownScope(name))
    if (unknown.length > 0) throw oauthError(400, 'invalid_scope', `Unknown scope ${unknown.join(', ')}.`)
    const refused = names.filter((name) => !client.scopes.includes(name))
    if (refused.length > 0) throw oauthError(400, 'invalid_scope', `The client may not be granted ${refused.join(', ')}.`)
    return names
  }

  /** The token's record, or an `invalid_token` error when it is unknown or expired. */
  verify(token: string): IssuedToken {
    const issued = this.tokens.get(token)
    if (!issued) throw invalidToken('The access token is not known to this server.')
    if (issued.expiresAtMs !== null && this.now() >= issued.expiresAtMs) {
      throw invalidToken(`The access token expired at ${new Date(issued.expiresAtMs).toISOString()}.`)
    }
    return issued
  }

  /** Bearer token of the request, checked for validity and for `scope` when given. */
  authorize(headers: IncomingHttpHeaders, scope?: string): { token: string; issued: IssuedToken } {
    const token = bearerToken(headers.authorization)
    if (token === undefined) throw invalidToken('The request carries no bearer token in its Authorization header.')
    const issued = this.verify(token)
    if (scope !== undefined && !grantsScope(issued.scopes, scope)) {
      throw new EmulatorHttpError(403, 'insufficient_scope', `This request needs the scope ${scope}.`, 'bearer', { scope })
    }
    return { token, issued }
  }
}

export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')
  return match?.[1]
}

function parseBasicAuthorization(authorization: string | undefined): { clientId: string; clientSecret: string } | undefined {
  const match = /^Basic\s+(\S+)\s*$/i.exec(authorization ?? '')
  if (match?.[1] === undefined) return undefined
  const decoded = Buffer.from(match[1], 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) throw oauthError(400, 'invalid_request', 'The Basic Authorization header is malformed.')
  // RFC 6749 §2.3.1: both parts are form-urlencoded before encoding.
  return {
    clientId: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
    clientSecret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '))
  }
}
