// S4EHttp: how each kind of failed attempt is sorted (no answer, not JSON, an error body, a redirect), and what is retried.
import * as core from '@actions/core'
import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { AmbiguousRequestError, S4EApiError } from '../../../src/core/errors.js'
import { HttpStatusError, S4EHttp } from '../../../src/core/s4e-http.js'
import { fakeTiming } from '../support/fake-timing.js'
import { expectSentence } from '../support/sentence.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const BASE = 'https://api.s4e.test'
const policy = { maxAttempts: 2, baseDelayMs: 1000, maxDelayMs: 8000, maxTotalMs: 60_000 }

function client() {
  const timing = fakeTiming()
  return { timing, http: new S4EHttp({ timing, retryPolicy: policy }) }
}

const failureOf = (work: Promise<unknown>) =>
  work.then(
    () => expect.fail('the request should have failed'),
    (error: unknown) => error
  )
const infoLines = () => vi.mocked(core.info).mock.calls.map(([line]) => String(line))

beforeAll(() => {
  nock.disableNetConnect()
})

afterEach(() => {
  expect(nock.pendingMocks()).toEqual([])
  nock.cleanAll()
  vi.clearAllMocks()
})

describe('S4EHttp when no answer comes', () => {
  it('says a host that does not resolve is a wrong input, naming the host, without retrying', async () => {
    const { http, timing } = client()
    nock(BASE)
      .get('/api/x')
      .replyWithError(Object.assign(new Error('getaddrinfo ENOTFOUND api.s4e.test'), { code: 'ENOTFOUND' }))
    const error = await failureOf(http.send({ method: 'GET', url: `${BASE}/api/x`, idempotent: true }))
    expect(error).toBeInstanceOf(S4EApiError)
    expect((error as S4EApiError).code).toBe('ENOTFOUND')
    expectSentence((error as Error).message, { what: 'Could not resolve the S4E host api.s4e.test', fix: 'check the api-url and token-url inputs' })
    expect(timing.sleeps).toEqual([])
  })

  it('retries a failure that names no code as "a network error", and says so in the retry line', async () => {
    const { http, timing } = client()
    nock(BASE).get('/api/x').replyWithError('socket hang up').get('/api/x').reply(200, { data: 7 })
    await expect(http.send({ method: 'GET', url: `${BASE}/api/x`, idempotent: true })).resolves.toMatchObject({ body: { data: 7 } })
    expect(timing.sleeps).toHaveLength(1)
    expect(infoLines().some((line) => line.startsWith('The S4E API could not be reached (a network error); retrying GET /api/x in '))).toBe(true)
  })

  it('gives up with the code-less failure as the cause once the attempts run out', async () => {
    const { http } = client()
    nock(BASE).get('/api/x').times(2).replyWithError('socket hang up')
    const error = await failureOf(http.send({ method: 'GET', url: `${BASE}/api/x`, idempotent: true }))
    expectSentence((error as Error).message, {
      what: 'The S4E API did not answer GET /api/x',
      cause: 'a network error',
      fix: 'check that the API is reachable from this runner'
    })
  })

  it("reads http-client's socket timeout as ETIMEDOUT: a create it cut off may or may not have been processed", async () => {
    const { http, timing } = client()
    nock(BASE).post('/api/scan/create').replyWithError(new Error('Request timeout: /api/scan/create'))
    const error = await failureOf(http.send({ method: 'POST', url: `${BASE}/api/scan/create`, json: {}, idempotent: false }))
    expect(error).toBeInstanceOf(AmbiguousRequestError)
    expect((error as S4EApiError).code).toBe('ETIMEDOUT')
    expectSentence((error as Error).message, {
      what: 'The S4E API did not answer POST /api/scan/create, so it may or may not have been processed',
      cause: 'ETIMEDOUT'
    })
    expect(timing.sleeps).toEqual([])
  })
})

describe('S4EHttp when the answer is not the JSON asked for', () => {
  it('tells an HTML page by its first characters when it names no content type, without retrying', async () => {
    const { http, timing } = client()
    nock(BASE).get('/api/x').reply(200, '  <!doctype html><title>Sign in</title>')
    const error = await failureOf(http.send({ method: 'GET', url: `${BASE}/api/x`, idempotent: true }))
    expectSentence((error as Error).message, {
      what: 'The S4E API answered GET /api/x with an HTML page instead of JSON (HTTP 200)',
      fix: "use the API's own URL"
    })
    expect(timing.sleeps).toEqual([])
  })

  it('says a create answered with a body that is not JSON may or may not have been processed, without retrying', async () => {
    const { http, timing } = client()
    nock(BASE).post('/api/scan/create').reply(200, 'queued, probably')
    const error = await failureOf(http.send({ method: 'POST', url: `${BASE}/api/scan/create`, json: {}, idempotent: false }))
    expect(error).toBeInstanceOf(AmbiguousRequestError)
    expect((error as S4EApiError).status).toBe(200)
    expectSentence((error as Error).message, {
      what: 'The S4E API answered POST /api/scan/create with a body that is not JSON (HTTP 200), so it may or may not have been processed'
    })
    expect(timing.sleeps).toEqual([])
  })
})

describe('S4EHttp error answers', () => {
  it('reads a 200 whose body says error without a numeric code as HTTP 400, quoting its message', async () => {
    const { http, timing } = client()
    nock(BASE).get('/api/x').reply(200, { error: true, code: 'bad_request', message: 'Scan type is unknown.' })
    const error = (await failureOf(http.send({ method: 'GET', url: `${BASE}/api/x`, idempotent: true }))) as HttpStatusError
    expect(error).toBeInstanceOf(HttpStatusError)
    expect(error.status).toBe(400)
    expect(error.code).toBe('bad_request')
    expectSentence(error.message, { what: 'The S4E API answered GET /api/x with HTTP 400', cause: 'Scan type is unknown' })
    expect(timing.sleeps).toEqual([])
  })

  it('retries a 5xx outside the usual list (HTTP 501) on an idempotent request', async () => {
    const { http, timing } = client()
    nock(BASE).get('/api/x').reply(501, { message: 'not here yet' }).get('/api/x').reply(200, { data: 1 })
    await expect(http.send({ method: 'GET', url: `${BASE}/api/x`, idempotent: true })).resolves.toMatchObject({ status: 200 })
    expect(timing.sleeps).toHaveLength(1)
    expect(infoLines().some((line) => line.startsWith('The S4E API answered HTTP 501; retrying GET /api/x in '))).toBe(true)
  })

  it('says a create answered HTTP 505 may or may not have been processed, keeping the server message', async () => {
    const { http, timing } = client()
    nock(BASE).post('/api/scan/create').reply(505, { message: 'version not supported' })
    const error = await failureOf(http.send({ method: 'POST', url: `${BASE}/api/scan/create`, json: {}, idempotent: false }))
    expect(error).toBeInstanceOf(AmbiguousRequestError)
    expect((error as S4EApiError).status).toBe(505)
    expectSentence((error as Error).message, {
      what: 'The S4E API answered POST /api/scan/create with HTTP 505, so it may or may not have been processed',
      cause: 'version not supported'
    })
    expect(timing.sleeps).toEqual([])
  })

  it('names "another address" for a redirect with no Location', async () => {
    const { http } = client()
    nock(BASE).get('/api/x').reply(307, '')
    const error = await failureOf(http.send({ method: 'GET', url: `${BASE}/api/x`, idempotent: true }))
    expectSentence((error as Error).message, {
      what: 'The S4E API answered GET /api/x with a redirect (HTTP 307) to another address, so the api-url (or token-url) input is probably wrong'
    })
  })

  it('names "another address" for a redirect whose Location does not parse', async () => {
    const { http } = client()
    nock(BASE).get('/api/x').reply(302, '', { location: 'http://[not-a-host/' })
    const error = await failureOf(http.send({ method: 'GET', url: `${BASE}/api/x`, idempotent: true }))
    expectSentence((error as Error).message, { what: 'The S4E API answered GET /api/x with a redirect (HTTP 302) to another address' })
  })
})

describe('S4EHttp defaults', () => {
  it('works with no options at all: the real clock, the default policy and deadlines', async () => {
    const http = new S4EHttp()
    nock(BASE)
      .get('/api/x')
      .reply(200, { data: { ok: 1 } }, { 'content-type': 'application/json' })
    const response = await http.send({ method: 'GET', url: `${BASE}/api/x`, idempotent: true })
    expect(response).toMatchObject({ status: 200, body: { data: { ok: 1 } } })
  })
})
