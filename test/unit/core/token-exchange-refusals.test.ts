// The client-credentials exchange: each refusal of the token endpoint becomes one sentence saying what to fix.
import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { S4EHttp } from '../../../src/core/s4e-http.js'
import { exchangeClientCredentials } from '../../../src/core/token-exchange.js'
import { fakeTiming } from '../support/fake-timing.js'
import { expectSentence } from '../support/sentence.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const TOKEN_URL = 'https://api.s4e.test/oauth/token'
const CREDENTIALS = { clientId: 'client-exchange', clientSecret: 'secret-exchange-9090' }

beforeAll(() => {
  nock.disableNetConnect()
})
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([])
  nock.cleanAll()
})

const exchange = (scopes: string[] = ['scans:read']) =>
  exchangeClientCredentials(new S4EHttp({ timing: fakeTiming(1_000) }), { url: TOKEN_URL }, CREDENTIALS, scopes)

async function refusal(): Promise<string> {
  const error: unknown = await exchange().then(
    () => undefined,
    (thrown: unknown) => thrown
  )
  expect(error).toBeInstanceOf(Error)
  return (error as Error).message
}

describe('exchangeClientCredentials', () => {
  it('sends the form with the scopes and reads a wrapped answer, its lifetime and granted scopes', async () => {
    nock('https://api.s4e.test')
      .post('/oauth/token', { grant_type: 'client_credentials', client_id: CREDENTIALS.clientId, client_secret: CREDENTIALS.clientSecret, scope: 'scans:read' })
      .reply(200, { data: { access_token: 'tok-exchange-1', token_type: 'bearer', expires_in: 60, scope: 'scans:read, assets:read' } })
    expect(await exchange()).toEqual({ value: 'tok-exchange-1', tokenType: 'Bearer', expiresIn: 60, expiresAt: 61_000, scopes: ['scans:read', 'assets:read'] })
  })

  it('sends no scope when none is asked, and takes a token without a lifetime or a type', async () => {
    nock('https://api.s4e.test')
      .post('/oauth/token', (body: Record<string, string>) => !('scope' in body))
      .reply(200, { access_token: 'tok-exchange-2', expires_in: 'never' })
    expect(await exchange([])).toMatchObject({ value: 'tok-exchange-2', expiresIn: undefined, expiresAt: undefined, scopes: [] })
  })

  it.each([
    [
      'invalid_client',
      401,
      { what: /^The S4E token endpoint .*rejected the client ID and secret \(invalid_client\)/, cause: 'Unknown client', fix: /client-id and client-secret/ }
    ],
    [
      'invalid_scope',
      400,
      { what: /^The S4E token endpoint .*refused the requested scope "scans:read" \(invalid_scope\)/, fix: /scopes this OAuth client is allowed/ }
    ],
    ['unauthorized_client', 400, { what: /^The S4E token endpoint .*does not allow the client-credentials grant/, fix: /enable client credentials/ }],
    ['unsupported_grant_type', 400, { what: /^The S4E token endpoint .*does not allow the client-credentials grant/, fix: /enable client credentials/ }],
    ['invalid_request', 400, { what: /^The S4E token endpoint .*rejected the token request as malformed/, fix: /token-url/ }],
    ['something_else', 403, { what: /^The S4E token endpoint .*answered HTTP 403/, fix: /token-url, client-id and client-secret/ }]
  ])('turns %s into one sentence with the fix', async (code, status, parts) => {
    nock('https://api.s4e.test').post('/oauth/token').reply(status, { error: code, error_description: 'Unknown client.' })
    expectSentence(await refusal(), parts)
  })

  it.each([404, 405])('says token-url is wrong on HTTP %i', async (status) => {
    nock('https://api.s4e.test').post('/oauth/token').reply(status, 'no such route')
    expectSentence(await refusal(), {
      what: new RegExp(`^The token-url https://api\\.s4e\\.test/oauth/token answered HTTP ${status}`),
      fix: /<api-url>\/oauth\/token/
    })
  })

  it.each([
    ['no access_token', { token_type: 'Bearer' }, /without an access_token/],
    ['an empty access_token', { access_token: '' }, /without an access_token/],
    ['a token that is not Bearer', { access_token: 'tok-mac-1', token_type: 'mac' }, /issued a token that is not a Bearer token/]
  ])('refuses an answer with %s', async (_what, body, what) => {
    nock('https://api.s4e.test').post('/oauth/token').reply(200, body)
    expectSentence(await refusal(), { what: new RegExp(`^The S4E token endpoint.*${what.source}`), fix: /token-url/ })
  })
})
