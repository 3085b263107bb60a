import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { TokenExpiredError } from '../../../src/core/errors.js'
import type { CredentialSettings } from '../../../src/core/read-credentials.js'
import { S4EHttp } from '../../../src/core/s4e-http.js'
import { createTokenProvider } from '../../../src/core/token-provider.js'
import { fakeTiming } from '../support/fake-timing.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const API = 'https://api.s4e.test'
const base: CredentialSettings = { apiUrl: API, tokenUrl: `${API}/oauth/token`, scopes: [] }
const creds = { clientId: 'cid', clientSecret: 'csecret' }

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([])
  nock.cleanAll()
})

function tokenReply(value: string, expiresIn = 3600) {
  return { access_token: value, token_type: 'Bearer', expires_in: expiresIn, scope: 'assets:write' }
}

describe('createTokenProvider resolution order', () => {
  const timing = fakeTiming()
  const http = new S4EHttp({ timing })
  const future = timing.now() + 30 * 60_000
  const past = timing.now() - 1000

  it.each([
    ['a live token wins over everything', { token: { value: 't', tokenType: 'Bearer' as const, expiresAt: future, scopes: [] }, apiKey: 'k' }, 'token'],
    ['client credentials win over an api-key', { clientCredentials: creds }, 'client-credentials'],
    ['an api-key is used when the token expired', { token: { value: 't', tokenType: 'Bearer' as const, expiresAt: past, scopes: [] }, apiKey: 'k' }, 'api-key'],
    ['the environment comes last', { environmentToken: { value: 'e', tokenType: 'Bearer' as const, scopes: [] } }, 'environment']
  ])('%s', (_name, extra, method) => {
    expect(createTokenProvider({ ...base, ...extra }, http).method).toBe(method)
  })
})

describe('ClientCredentialsTokenProvider', () => {
  it('exchanges form-encoded client credentials once and reuses the token', async () => {
    const timing = fakeTiming()
    nock(API, { reqheaders: { 'content-type': 'application/x-www-form-urlencoded' } })
      .post('/oauth/token', { grant_type: 'client_credentials', client_id: 'cid', client_secret: 'csecret', scope: 'assets:write' })
      .once()
      .reply(200, tokenReply('tok-1'))
    const provider = createTokenProvider({ ...base, scopes: ['assets:write'], clientCredentials: creds }, new S4EHttp({ timing }))
    const first = await provider.getToken()
    const second = await provider.getToken()
    expect(first).toMatchObject({ value: 'tok-1', expiresIn: 3600, expiresAt: timing.now() + 3_600_000, scopes: ['assets:write'] })
    expect(second).toBe(first)
    expect(provider.exchanges).toBe(1)
  })

  it('renews inside the 60 s margin, and inside half the lifetime of a short token', async () => {
    const timing = fakeTiming()
    nock(API)
      .post('/oauth/token')
      .reply(200, tokenReply('tok-1', 3600))
      .post('/oauth/token')
      .reply(200, tokenReply('tok-2', 40))
      .post('/oauth/token')
      .reply(200, tokenReply('tok-3', 40))
    const provider = createTokenProvider({ ...base, clientCredentials: creds }, new S4EHttp({ timing }))
    expect((await provider.getToken()).value).toBe('tok-1')
    timing.advance(3600_000 - 61_000)
    expect((await provider.getToken()).value).toBe('tok-1')
    timing.advance(2_000)
    expect((await provider.getToken()).value).toBe('tok-2')
    // A 40 s token is renewed 20 s before expiry, not 60 s (which would renew on every call).
    timing.advance(19_000)
    expect((await provider.getToken()).value).toBe('tok-2')
    timing.advance(2_000)
    expect((await provider.getToken()).value).toBe('tok-3')
  })

  it('keeps client credentials given with a token for renewal', async () => {
    const timing = fakeTiming()
    nock(API).post('/oauth/token').once().reply(200, tokenReply('tok-new'))
    const provider = createTokenProvider(
      { ...base, clientCredentials: creds, token: { value: 'tok-old', tokenType: 'Bearer', expiresAt: timing.now() + 120_000, scopes: [] } },
      new S4EHttp({ timing })
    )
    expect((await provider.getToken()).value).toBe('tok-old')
    timing.advance(61_000)
    expect((await provider.getToken()).value).toBe('tok-new')
  })

  it.each([
    [401, { error: 'invalid_client' }, /rejected the client ID and secret \(invalid_client\): check the client-id and client-secret secrets/],
    [
      400,
      { error: 'invalid_scope', error_description: 'scope not allowed' },
      /refused the requested scope "assets:write" \(invalid_scope\) \(scope not allowed\)/
    ],
    [400, { error: 'unsupported_grant_type' }, /does not allow the client-credentials grant/],
    [400, { error: 'invalid_request' }, /rejected the token request as malformed/]
  ])('turns HTTP %i %o into a sentence, without retrying', async (status, body, message) => {
    nock(API).post('/oauth/token').once().reply(status, body)
    const provider = createTokenProvider({ ...base, scopes: ['assets:write'], clientCredentials: creds }, new S4EHttp({ timing: fakeTiming() }))
    await expect(provider.getToken()).rejects.toThrow(message)
  })
})

describe('FixedTokenProvider', () => {
  it('refuses an expired token with a sentence naming the fix, and cannot renew', async () => {
    const timing = fakeTiming()
    const provider = createTokenProvider(
      { ...base, token: { value: 't', tokenType: 'Bearer', expiresAt: timing.now() + 10_000, scopes: [] } },
      new S4EHttp({ timing })
    )
    await expect(provider.getToken()).resolves.toMatchObject({ value: 't' })
    timing.advance(11_000)
    const error = await provider.getToken().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TokenExpiredError)
    expect((error as Error).message).toMatch(/expired at 2026-11-28T12:00:10Z .*give the step client-id and client-secret/)
    await expect(provider.renewAfterRejection()).resolves.toBeUndefined()
  })
})
