// The token request against hostile or misconfigured servers: what is shown of their answers, and what is blamed.
import * as core from '@actions/core'
import nock from 'nock'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CredentialSettings } from '../../../src/core/read-credentials.js'
import { S4EHttp } from '../../../src/core/s4e-http.js'
import { registerClientCredentials } from '../../../src/core/secrets.js'
import { createTokenProvider } from '../../../src/core/token-provider.js'
import { fakeTiming } from '../support/fake-timing.js'
import { forgetSecrets } from '../support/forget-secrets.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const API = 'https://api.s4e.test'
const creds = { clientId: 'cid-4411', clientSecret: 'csecret-(7f3a)*!' }

beforeAll(() => nock.disableNetConnect())
beforeEach(() => {
  vi.clearAllMocks()
  forgetSecrets()
  registerClientCredentials(creds.clientId, creds.clientSecret)
})
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([])
  nock.cleanAll()
})

function provider(settings: Partial<CredentialSettings> = {}) {
  return createTokenProvider(
    { apiUrl: API, tokenUrl: `${API}/oauth/token`, scopes: [], clientCredentials: creds, ...settings },
    new S4EHttp({ timing: fakeTiming(), retryPolicy: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, maxTotalMs: 0 } })
  )
}

describe('a token URL that answers 404 (issue 23)', () => {
  it('blames api-url and names the token URL derived from it when token-url was not given', async () => {
    nock(`${API}/v2`).post('/oauth/token').reply(404, { message: 'Not Found' })
    await expect(provider({ apiUrl: `${API}/v2`, tokenUrl: `${API}/v2/oauth/token` }).getToken()).rejects.toThrow(
      'The token URL https://api.s4e.test/v2/oauth/token, derived from the api-url input https://api.s4e.test/v2, answered HTTP 404, so the api-url input is probably wrong: give the base URL of the S4E API (such as https://api.s4e.io, with no path after it), or set token-url when the token endpoint lives elsewhere.'
    )
  })

  it('names the token-url it tried when token-url was given', async () => {
    nock('https://login.s4e.test').post('/token').reply(404, {})
    await expect(provider({ tokenUrl: 'https://login.s4e.test/token' }).getToken()).rejects.toThrow(
      'The token-url https://login.s4e.test/token answered HTTP 404: check that it points at the S4E OAuth token endpoint (usually <api-url>/oauth/token).'
    )
  })
})

describe('what a hostile token endpoint gets printed', () => {
  const secret = creds.clientSecret
  const pair = `${creds.clientId}:${secret}`
  it.each([
    ['hex', Buffer.from(secret).toString('hex')],
    ['upper-case hex', Buffer.from(secret).toString('hex').toUpperCase()],
    ['Base64url', Buffer.from(secret).toString('base64url')],
    ['Base64url of client-id:client-secret', Buffer.from(pair).toString('base64url')],
    ['strict percent-encoding', encodeURIComponent(secret).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)],
    ['\\uXXXX', [...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')]
  ])('redacts the client secret echoed as %s in error_description', async (_name, echo) => {
    nock(API)
      .post('/oauth/token')
      .reply(401, { error: 'invalid_client', error_description: `client secret ${echo} is wrong` })
    const error = (await provider()
      .getToken()
      .catch((e: unknown) => e)) as Error
    expect(error.message).toBe(
      'The S4E token endpoint rejected the client ID and secret (invalid_client) (client secret *** is wrong): check the client-id and client-secret secrets, and that the OAuth client is still active.'
    )
  })

  it('shows a 320,000-dot error_description cut to its shown length', async () => {
    nock(API)
      .post('/oauth/token')
      .reply(400, { error: 'invalid_client', error_description: '.'.repeat(320_000) })
    const error = (await provider()
      .getToken()
      .catch((e: unknown) => e)) as Error
    expect(error.message).toBe(
      `The S4E token endpoint rejected the client ID and secret (invalid_client) (${'.'.repeat(300)}…): check the client-id and client-secret secrets, and that the OAuth client is still active.`
    )
  })

  it('leaves out of the granted scopes any that holds a secret, with a warning', async () => {
    const echoed = Buffer.from(secret).toString('hex')
    nock(API)
      .post('/oauth/token')
      .reply(200, { access_token: 'tok-5e6f7a8b', token_type: 'Bearer', expires_in: 3600, scope: `assets:write ${echoed} scans:read` })
    const token = await provider().getToken()
    expect(token.scopes).toEqual(['assets:write', 'scans:read'])
    expect(vi.mocked(core.warning).mock.calls.map(([message]) => String(message))).toEqual([
      'The S4E token endpoint named a granted scope that holds a secret (assets:write *** scans:read), so that scope is left out of the scope output: report this to S4E support.'
    ])
  })

  it('reads no granted scope at all from a string too long to be a list of scopes', async () => {
    nock(API)
      .post('/oauth/token')
      .reply(200, { access_token: 'tok-5e6f7a8b', token_type: 'Bearer', scope: 'x '.repeat(100_000) })
    expect((await provider().getToken()).scopes).toEqual([])
    expect(vi.mocked(core.warning)).toHaveBeenCalledTimes(1)
  })
})
