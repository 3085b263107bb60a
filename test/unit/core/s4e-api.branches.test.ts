// S4EApi: what each refused request says by how this step holds its token, and answers that name no scan.
import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { S4EApiError } from '../../../src/core/errors.js'
import { S4EApi, serverDateOf } from '../../../src/core/s4e-api.js'
import { S4EHttp } from '../../../src/core/s4e-http.js'
import { createTokenProvider } from '../../../src/core/token-provider.js'
import { fakeTiming } from '../support/fake-timing.js'
import { expectSentence } from '../support/sentence.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const API = 'https://api.s4e.test'
type CredentialSettings = Parameters<typeof createTokenProvider>[0]
const START = Date.parse('2026-11-28T12:00:00Z')

function apiWith(settings: Partial<CredentialSettings> = { apiKey: 'key-1' }) {
  const timing = fakeTiming(START)
  const http = new S4EHttp({ timing })
  const tokens = createTokenProvider({ apiUrl: API, tokenUrl: `${API}/oauth/token`, scopes: [], ...settings }, http)
  return { api: new S4EApi(API, tokens, http), timing }
}

const failureOf = async (work: Promise<unknown>): Promise<S4EApiError> => {
  const error = await work.then(
    () => expect.fail('the request should have failed'),
    (caught: unknown) => caught
  )
  expect(error).toBeInstanceOf(S4EApiError)
  return error as S4EApiError
}

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  const pending = nock.pendingMocks()
  nock.cleanAll()
  expect(pending).toEqual([])
})

describe('S4EApi refused tokens (HTTP 401)', () => {
  it('blames the pairing of token-url and api-url when a freshly issued token is rejected', async () => {
    // A rejected token is renewed once and the request sent again; the second rejection stands.
    nock(API).post('/oauth/token').times(2).reply(200, { access_token: 'fresh-token-1', token_type: 'Bearer', expires_in: 3600 })
    nock(API).get('/api/scan/s-1/status').times(2).reply(401, { message: 'Token unknown.' })
    const { api } = apiWith({ clientCredentials: { clientId: 'id-1', clientSecret: 'secret-1' } })
    const error = await failureOf(api.getScanStatus('s-1'))
    expect(error.status).toBe(401)
    expectSentence(error.message, {
      what: 'The S4E API rejected a freshly issued access token on GET /api/scan/s-1/status',
      cause: 'Token unknown',
      fix: 'check that token-url and api-url belong to the same S4E installation'
    })
  })

  it('asks for renewable credentials when the token from the environment is rejected', async () => {
    nock(API).get('/api/scan/s-1/status').reply(401, {})
    const { api } = apiWith({ environmentToken: { value: 'env-token-1', tokenType: 'Bearer', scopes: [] } })
    const error = await failureOf(api.getScanStatus('s-1'))
    expect(api.tokens.method).toBe('environment')
    expectSentence(error.message, {
      what: 'The S4E API rejected the access token on GET /api/scan/s-1/status as invalid or expired',
      fix: 'give this step client-id and client-secret so it can renew the token'
    })
  })
})

describe('S4EApi other refusals', () => {
  it('blames a missing scope a 403 names only in its message', async () => {
    nock(API).post('/api/scan/create').reply(403, { message: 'This token needs scans:write.' })
    const { api } = apiWith()
    const error = await failureOf(api.createScan({ assetId: 'a-1', scanType: 'full' }))
    expectSentence(error.message, {
      what: 'The S4E API refused POST /api/scan/create because the token lacks the scans:write scope',
      cause: 'This token needs scans:write',
      fix: 'request it with `scope: scans:write`'
    })
  })

  it('blames the scope the request needs when a 403 says insufficient_scope and nothing more', async () => {
    nock(API).get('/api/scan/s-1/status').reply(403, { code: 'insufficient_scope' })
    const { api } = apiWith()
    const error = await failureOf(api.getScanStatus('s-1'))
    expect(error.code).toBe('insufficient_scope')
    expectSentence(error.message, {
      what: 'The S4E API refused GET /api/scan/s-1/status because the token lacks the scans:read scope',
      fix: 'request it with `scope: scans:read`'
    })
  })

  it('says the API kept rate limiting a request after every retry, having waited between them', async () => {
    nock(API).get('/api/scan/s-1/status').times(5).reply(429, {})
    const { api, timing } = apiWith()
    const error = await failureOf(api.getScanStatus('s-1'))
    expect(error.status).toBe(429)
    expectSentence(error.message, {
      what: 'The S4E API kept rate limiting GET /api/scan/s-1/status after every retry',
      fix: 'wait a minute and re-run the job'
    })
    expect(timing.sleeps).toHaveLength(4)
  })
})

describe('S4EApi creates', () => {
  it('sends the scan options and the priority when the step gives them', async () => {
    nock(API)
      .post('/api/scan/create', { asset_id: 'a-1', scan_type: 'full', options: { depth: 2 }, priority: 'high' })
      .reply(201, { data: { scan_id: 's-1', status: 'queued' } })
    const { api } = apiWith()
    const scan = await api.createScan({ assetId: 'a-1', scanType: 'full', options: { depth: 2 }, priority: 'high' })
    expect(scan).toMatchObject({ scanId: 's-1', assetId: 'a-1', scanType: 'full', status: 'queued' })
  })
})

describe('S4EApi answers that name no scan', () => {
  it('refuses a create answer without a scan_id', async () => {
    nock(API)
      .post('/api/scan/create')
      .reply(201, { data: { status: 'queued' } })
    const { api } = apiWith()
    const error = await failureOf(api.createScan({ assetId: 'a-1', scanType: 'full' }))
    expectSentence(error.message, { what: 'The S4E API created a scan but its answer names no scan_id', fix: 'report this to S4E support' })
  })

  it('refuses a status answer without a status', async () => {
    nock(API)
      .get('/api/scan/s-1/status')
      .reply(200, { data: { scan_id: 's-1' } })
    const { api } = apiWith()
    const error = await failureOf(api.getScanStatus('s-1'))
    expectSentence(error.message, { what: 'The S4E API answered the status of scan s-1 without a status', fix: 'report this to S4E support' })
  })
})

describe('S4EApi server clock', () => {
  it('reads no server time from a Date header that does not parse, or from none', () => {
    expect(serverDateOf({ date: 'yesterday-ish' })).toBeUndefined()
    expect(serverDateOf({})).toBeUndefined()
    expect(serverDateOf({ date: 'Sat, 28 Nov 2026 12:00:05 GMT' })).toBe(START + 5000)
  })

  it("takes the server's clock from the first page of a listing only", async () => {
    const finding = (id: number) => ({ id, title: `F${id}`, severity: 'High', status: 'open' })
    nock(API)
      .get('/api/findings')
      .query({ scan_id: 's-1', page: 1, per_page: 100 })
      .reply(200, { data: Array.from({ length: 100 }, (_, i) => finding(i)), meta: { total_pages: 2 } }, { date: 'Sat, 28 Nov 2026 12:00:30 GMT' })
      .get('/api/findings')
      .query({ scan_id: 's-1', page: 2, per_page: 100 })
      .reply(200, { data: [finding(100)], meta: { total_pages: 2 } }, { date: 'Sat, 28 Nov 2026 13:00:00 GMT' })
    const { api } = apiWith()
    const listed = await api.listFindings('s-1')
    expect(listed.items).toHaveLength(101)
    expect(listed.serverDateMs).toBe(START + 30_000)
    expect(listed.serverClockAheadMs).toBe(30_000)
  })
})
