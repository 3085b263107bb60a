import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { S4EApi } from '../../../src/core/s4e-api.js'
import { S4EHttp } from '../../../src/core/s4e-http.js'
import { createTokenProvider } from '../../../src/core/token-provider.js'
import { fakeTiming } from '../support/fake-timing.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const API = 'https://api.s4e.test'

function apiWith(settings: { apiKey?: string; clientCredentials?: { clientId: string; clientSecret: string } } = { apiKey: 'key-1' }) {
  const http = new S4EHttp({ timing: fakeTiming() })
  const tokens = createTokenProvider({ apiUrl: API, tokenUrl: `${API}/oauth/token`, scopes: [], ...settings }, http)
  return new S4EApi(API, tokens, http)
}

function findings(from: number, count: number) {
  return Array.from({ length: count }, (_, i) => ({ id: from + i, title: `F${from + i}`, severity: 'High', status: 'open' }))
}

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  const pending = nock.pendingMocks()
  nock.cleanAll()
  expect(pending).toEqual([])
})

describe('S4EApi paging (docs/api.md, Paging)', () => {
  it('follows meta.total_pages', async () => {
    nock(API)
      .get('/api/findings')
      .query({ scan_id: 's1', page: 1, per_page: 100 })
      .reply(200, { data: findings(0, 100), meta: { total_pages: 2 } })
      .get('/api/findings')
      .query({ scan_id: 's1', page: 2, per_page: 100 })
      .reply(200, { data: findings(100, 60), meta: { total_pages: 2 } })
    const { items } = await apiWith().listFindings('s1')
    expect(items).toHaveLength(160)
  })

  it('reads past a short page without meta, up to the first empty page (bare shape)', async () => {
    nock(API)
      .get('/api/findings')
      .query(true)
      .reply(200, findings(0, 100))
      .get('/api/findings')
      .query(true)
      .reply(200, { findings: findings(100, 3) })
      .get('/api/findings')
      .query(true)
      .reply(200, { findings: findings(103, 50) })
      .get('/api/findings')
      .query(true)
      .reply(200, [])
    expect((await apiWith().listFindings('s1')).items.map((f) => f.id)).toHaveLength(153)
  })

  it('stops on an empty page (envelope shape)', async () => {
    nock(API)
      .get('/api/findings')
      .query(true)
      .reply(200, { code: 200, message: 'ok', error: false, value: findings(0, 100) })
      .get('/api/findings')
      .query(true)
      .reply(200, { code: 200, message: 'ok', error: false, value: [] })
    expect((await apiWith().listFindings('s1')).items).toHaveLength(100)
  })

  it('keeps reading past a page capped below per_page while meta.total_pages says more remain', async () => {
    nock(API)
      .get('/api/findings')
      .query({ scan_id: 's1', page: 1, per_page: 100 })
      .reply(200, { data: findings(0, 25), meta: { total_pages: 3, per_page: 25 } })
      .get('/api/findings')
      .query({ scan_id: 's1', page: 2, per_page: 100 })
      .reply(200, { data: findings(25, 25), meta: { total_pages: 3, per_page: 25 } })
      .get('/api/findings')
      .query({ scan_id: 's1', page: 3, per_page: 100 })
      .reply(200, { data: findings(50, 7), meta: { total_pages: 3, per_page: 25 } })
    const { items } = await apiWith().listFindings('s1')
    expect(items).toHaveLength(57)
  })

  it('follows meta.total when total_pages is absent, and meta beside the list inside an envelope', async () => {
    nock(API)
      .get('/api/findings')
      .query(true)
      .reply(200, { code: 200, message: 'ok', error: false, value: { items: findings(0, 20), meta: { total: 30 } } })
      .get('/api/findings')
      .query(true)
      .reply(200, { code: 200, message: 'ok', error: false, value: { items: findings(20, 10), meta: { total: 30 } } })
    expect((await apiWith().listFindings('s1')).items).toHaveLength(30)
  })

  it('stops on an empty page even while meta claims more pages', async () => {
    nock(API)
      .get('/api/findings')
      .query(true)
      .reply(200, { data: findings(0, 10), meta: { total_pages: 50 } })
      .get('/api/findings')
      .query(true)
      .reply(200, { data: [], meta: { total_pages: 50 } })
    expect((await apiWith().listFindings('s1')).items).toHaveLength(10)
  })

  it('reports the server clock from the Date header of the listing', async () => {
    nock(API)
      .get('/api/scans')
      .query(true)
      .reply(200, { data: [], meta: { total_pages: 1 } }, { Date: 'Sat, 28 Nov 2026 12:00:00 GMT' })
    expect((await apiWith().listScans('a1')).serverDateMs).toBe(Date.parse('2026-11-28T12:00:00Z'))
  })

  it('a page that repeats ids already read (a server that ignores page) ends the listing with one sentence', async () => {
    nock(API)
      .get('/api/findings')
      .query(true)
      .times(2)
      .reply(200, { data: findings(0, 100), meta: { total_pages: 10_000 } })
    await expect(apiWith().listFindings('s1')).rejects.toThrow(
      'The S4E API answered GET /api/findings (page 2) with findings it had already sent (finding "0" again): the server seems to ignore the page parameter'
    )
  })

  it.each([
    ['total_pages: -1, which ends nothing', { total_pages: -1 }, true],
    ['a low total', { total: 10 }, false],
    ['total_pages: 1', { total_pages: 1, total: 100 }, false]
  ])('a full page is never the last, whatever meta says (%s)', async (_name, meta, needsEmptyPage) => {
    const scope = nock(API)
      .get('/api/findings')
      .query({ scan_id: 's1', page: 1, per_page: 100 })
      .reply(200, { data: findings(0, 100), meta })
      .get('/api/findings')
      .query({ scan_id: 's1', page: 2, per_page: 100 })
      .reply(200, { data: findings(100, 40), meta })
    if (needsEmptyPage) scope.get('/api/findings').query({ scan_id: 's1', page: 3, per_page: 100 }).reply(200, { data: [], meta })
    expect((await apiWith().listFindings('s1')).items).toHaveLength(140)
  })

  it('a short page whose meta says more remain is not the last', async () => {
    nock(API)
      .get('/api/findings')
      .query(true)
      .reply(200, { data: findings(0, 50), meta: { total_pages: 1, total: 120 } })
      .get('/api/findings')
      .query(true)
      .reply(200, { data: findings(50, 70), meta: { total_pages: 1, total: 120 } })
    expect((await apiWith().listFindings('s1')).items).toHaveLength(120)
  })

  it.each([
    ['an empty body', () => nock(API).get('/api/findings').query(true).reply(200, ''), 'an empty body'],
    ['204', () => nock(API).get('/api/findings').query(true).reply(204), 'an empty body'],
    ['null', () => nock(API).get('/api/findings').query(true).reply(200, 'null', { 'Content-Type': 'application/json' }), 'null'],
    ['{"data":null}', () => nock(API).get('/api/findings').query(true).reply(200, { data: null }), 'a null list'],
    [
      'an unknown wrapper',
      () =>
        nock(API)
          .get('/api/findings')
          .query(true)
          .reply(200, { results: findings(0, 3) }),
      'an object with "results" but no list'
    ],
    [
      'an entry that is not an object',
      () =>
        nock(API)
          .get('/api/findings')
          .query(true)
          .reply(200, { data: [...findings(0, 2), 'f-3'] }),
      'entry 3 is a string, not an object'
    ],
    [
      'an entry without an id',
      () =>
        nock(API)
          .get('/api/findings')
          .query(true)
          .reply(200, { data: [{ title: 'no id', severity: 'high' }] }),
      'entry 1 has no id'
    ]
  ])('%s is not a listing: one sentence, never 0 findings', async (_name, reply, cause) => {
    reply()
    await expect(apiWith().listFindings('s1')).rejects.toThrow(
      `The S4E API answered GET /api/findings (page 1) with something other than a list of findings (${cause}): check that api-url points at the S4E API`
    )
  })
})

describe('S4EApi tolerance', () => {
  it('normalises ids, severities and statuses of findings (rules 2 and 5)', async () => {
    nock(API)
      .get('/api/findings')
      .query(true)
      .reply(200, [
        { id: 17, title: 'TLS', severity: 'Informational', status: 'False Positive', cvss: '5.3' },
        { id: 'f-2', title: 'XSS', severity: 'HIGH', status: 'Re-Opened' }
      ])
      .get('/api/findings')
      .query(true)
      .reply(200, [])
    const { items } = await apiWith().listFindings('s1')
    expect(items).toEqual([
      expect.objectContaining({ id: '17', severity: 'info', status: 'false_positive', cvss: 5.3 }),
      expect.objectContaining({ id: 'f-2', severity: 'high', status: 're_opened' })
    ])
  })

  it('reads estimated_duration in seconds or minutes (rule 4)', async () => {
    nock(API)
      .post('/api/scan/create')
      .reply(201, { data: { scan_id: 9, asset_id: 4, scan_type: 'quick', status: 'Queued', estimated_duration_minutes: 2 } })
      .post('/api/scan/create')
      .reply(201, { scan_id: 'u-1', status: 'queued', estimated_duration: null })
      .post('/api/scan/create')
      .reply(201, { scan_id: 'u-2', status: 'queued', estimated_duration: 45 })
    const api = apiWith()
    expect(await api.createScan({ assetId: '4', scanType: 'quick' })).toMatchObject({
      scanId: '9',
      assetId: '4',
      status: 'queued',
      estimatedDurationSeconds: 120
    })
    expect((await api.createScan({ assetId: '4', scanType: 'quick' })).estimatedDurationSeconds).toBeUndefined()
    expect((await api.createScan({ assetId: '4', scanType: 'quick' })).estimatedDurationSeconds).toBe(45)
  })

  it('picks the exact, case-insensitive asset name among search results', async () => {
    nock(API)
      .get('/api/assets')
      .query({ search: 'App.Example.com', page: 1, per_page: 100 })
      .reply(200, {
        data: [
          { id: 'a-1', name: 'staging.app.example.com' },
          { id: 'a-2', name: 'app.example.com' }
        ],
        meta: { total_pages: 1 }
      })
    expect(await apiWith().findAssetByName('App.Example.com')).toMatchObject({ id: 'a-2' })
  })

  it('sends the token in the body and as Bearer on bulk asset add', async () => {
    nock(API, { reqheaders: { authorization: 'Bearer key-1' } })
      .post('/asset/handler/bulk-asset-add', { assets: ['a.example.com'], description: 'deploy', token: 'key-1' })
      .reply(200, { message: 'ok', code: 200 })
    await apiWith().addAssets(['a.example.com'], { description: 'deploy' })
  })

  it('turns status hints into a wait for the poller', async () => {
    const reset = String(Date.parse('2026-11-28T12:00:00Z') / 1000 + 40)
    nock(API)
      .get('/api/scan/s1/status')
      .reply(200, { data: { status: 'running', progress: 40, current_phase: 'crawl' } }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset })
    expect(await apiWith().getScanStatus('s1')).toEqual({ scanId: 's1', status: 'running', progress: 40, phase: 'crawl', waitHintMs: 40_000 })
  })
})

describe('S4EApi errors', () => {
  it('names the missing scope on 403 insufficient_scope', async () => {
    nock(API).post('/asset/handler/bulk-asset-add').reply(403, { error: 'insufficient_scope' })
    await expect(apiWith().addAssets(['a.example.com'], {})).rejects.toThrow(/lacks the assets:write scope .*`scope: assets:write`/)
  })

  it('does not blame a scope for a 403 that names none', async () => {
    nock(API)
      .post('/asset/handler/bulk-asset-add')
      .reply(403, { error: { code: 'forbidden', message: 'Workspace suspended.' } })
    const failure = apiWith().addAssets(['a.example.com'], {})
    await expect(failure).rejects.toThrow(
      'The S4E API refused POST /asset/handler/bulk-asset-add (Workspace suspended): check that these credentials may use this S4E workspace.'
    )
  })

  it('names the scope a 403 names, even without insufficient_scope', async () => {
    nock(API).post('/asset/handler/bulk-asset-add').reply(403, { message: 'token has no assets:write permission' })
    await expect(apiWith().addAssets(['a.example.com'], {})).rejects.toThrow(/lacks the assets:write scope/)
  })

  it('renews once on 401 invalid_token when it has client credentials', async () => {
    nock(API)
      .post('/oauth/token')
      .reply(200, { access_token: 'tok-1', token_type: 'Bearer', expires_in: 3600 })
      .post('/oauth/token')
      .reply(200, { access_token: 'tok-2', token_type: 'Bearer', expires_in: 3600 })
    nock(API, { reqheaders: { authorization: 'Bearer tok-1' } })
      .get('/api/scan/s1/status')
      .reply(401, { error: 'invalid_token' })
    nock(API, { reqheaders: { authorization: 'Bearer tok-2' } })
      .get('/api/scan/s1/status')
      .reply(200, { data: { status: 'completed' } })
    const api = apiWith({ clientCredentials: { clientId: 'c', clientSecret: 's' } })
    expect((await api.getScanStatus('s1')).status).toBe('completed')
  })

  it('explains a rejected API key without retrying', async () => {
    nock(API).post('/auth/check', { token: 'key-1' }).once().reply(401, { message: 'Invalid token', code: 401 })
    await expect(apiWith().checkToken()).rejects.toThrow(
      /rejected the API key on POST \/auth\/check \(Invalid token\): check that the api-key secret is current/
    )
  })

  it('says when retries ran out on a 5xx', async () => {
    const http = new S4EHttp({ timing: fakeTiming(), retryPolicy: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1, maxTotalMs: 1000 } })
    const api = new S4EApi(API, createTokenProvider({ apiUrl: API, tokenUrl: '', scopes: [], apiKey: 'k' }, http), http)
    nock(API).get('/api/scan/s1/status').times(2).reply(503, '<html>Service Unavailable</html>')
    await expect(api.getScanStatus('s1')).rejects.toThrow(/failed on GET \/api\/scan\/s1\/status with HTTP 503 after every retry/)
  })
})
