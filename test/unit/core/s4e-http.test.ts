import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { AmbiguousRequestError } from '../../../src/core/errors.js'
import { DeadlineExceededError } from '../../../src/core/request-deadline.js'
import { HttpStatusError, S4EHttp } from '../../../src/core/s4e-http.js'
import { USER_AGENT } from '../../../src/core/version.js'
import { fakeTiming } from '../support/fake-timing.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const BASE = 'https://api.s4e.test'
const policy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 8000, maxTotalMs: 60_000 }

function client() {
  const timing = fakeTiming()
  return { timing, http: new S4EHttp({ timing, retryPolicy: policy }) }
}

beforeAll(() => {
  nock.disableNetConnect()
  nock.enableNetConnect('127.0.0.1')
})

/** nock cannot simulate a reset that @actions/http-client notices, so a real loopback server drops the first connections. */
async function withDroppingServer(drops: number, body: (url: string, served: () => number) => Promise<void>): Promise<void> {
  let count = 0
  const server = createServer((request, response) => {
    count++
    if (count <= drops) {
      request.socket.destroy()
      return
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: 1 }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    await body(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, () => count)
  } finally {
    await new Promise((resolve) => server.close(resolve))
  }
}
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([])
  nock.cleanAll()
})

describe('S4EHttp retries', () => {
  it('names where a redirect points and blames the api-url, without retrying', async () => {
    const { http, timing } = client()
    nock(BASE).get('/api/x').reply(301, '', { location: 'https://console.s4e.test/login?next=secret-ish' })
    await expect(http.send({ method: 'GET', url: `${BASE}/api/x`, idempotent: true })).rejects.toThrow(
      'The S4E API answered GET /api/x with a redirect (HTTP 301) to https://console.s4e.test/login, so the api-url (or token-url) input is probably wrong: give the URL of the S4E API itself, such as https://api.<your-domain>.'
    )
    expect(timing.sleeps).toEqual([])
  })

  it('says an HTML page with status 200 is a web page or proxy, without retrying', async () => {
    const { http, timing } = client()
    nock(BASE).get('/api/x').reply(200, '<!doctype html><html>Sign in</html>', { 'content-type': 'text/html' })
    await expect(http.send({ method: 'GET', url: `${BASE}/api/x`, idempotent: true })).rejects.toThrow(
      /with an HTML page instead of JSON \(HTTP 200\), so api-url points at a web page or a proxy/
    )
    expect(timing.sleeps).toEqual([])
  })

  it('quotes a server message as the cause, in brackets, without its own full stop', async () => {
    const { http } = client()
    nock(BASE).get('/api/x').reply(400, { message: 'Bad asset id.' })
    await expect(http.send({ method: 'GET', url: `${BASE}/api/x`, idempotent: true })).rejects.toThrow(/HTTP 400 \(Bad asset id\)\.$/)
  })

  it('names the URL it tried in a 404, origin and path (issue 23)', async () => {
    const { http } = client()
    nock(BASE).get('/v2/api/x').query(true).reply(404, { message: 'Not Found' })
    const error = (await http.send({ method: 'GET', url: `${BASE}/v2/api/x?page=1`, idempotent: true }).catch((e: unknown) => e)) as HttpStatusError
    expect(error.message).toBe('The S4E API answered GET https://api.s4e.test/v2/api/x with HTTP 404 (Not Found).')
    expect(error.shownUrl).toBe('https://api.s4e.test/v2/api/x')
  })

  it('retries 503 on an idempotent request, waiting what Retry-After asks first', async () => {
    const { http, timing } = client()
    nock(BASE)
      .get('/api/x')
      .reply(503, { message: 'busy' }, { 'Retry-After': '7' })
      .get('/api/x')
      .reply(200, { data: { ok: 1 } })
    const response = await http.send({ method: 'GET', url: `${BASE}/api/x`, idempotent: true })
    expect(response.body).toEqual({ data: { ok: 1 } })
    expect(timing.sleeps).toEqual([7000])
  })

  it('backs off exponentially with full jitter when no Retry-After is given', async () => {
    const { http, timing } = client()
    nock(BASE).get('/api/x').times(3).reply(502, '<html>Bad Gateway</html>').get('/api/x').reply(200, {})
    await http.send({ method: 'GET', url: `${BASE}/api/x`, idempotent: true })
    // fakeTiming's random() is 1: each wait is the full ceiling.
    expect(timing.sleeps).toEqual([1000, 2000, 4000])
  })

  it('gives up after the bounded number of attempts with a sentence', async () => {
    const { http } = client()
    const scope = nock(BASE).get('/api/x').times(4).reply(503, { message: 'down' })
    await expect(http.send({ method: 'GET', url: `${BASE}/api/x`, idempotent: true })).rejects.toThrow(/HTTP 503 \(down\)/)
    expect(scope.isDone()).toBe(true)
  })

  it('stops retrying when the total time budget would be exceeded', async () => {
    const timing = fakeTiming()
    const http = new S4EHttp({ timing, retryPolicy: { ...policy, maxTotalMs: 10_000 } })
    nock(BASE).get('/api/x').reply(429, {}, { 'Retry-After': '30' })
    await expect(http.send({ method: 'GET', url: `${BASE}/api/x`, idempotent: true })).rejects.toBeInstanceOf(HttpStatusError)
    expect(timing.sleeps).toEqual([])
  })

  it.each([400, 401, 403, 404])('never retries HTTP %i', async (status) => {
    const { http, timing } = client()
    nock(BASE).get('/api/x').once().reply(status, { error: 'nope', error_description: 'no' })
    const error = await http.send({ method: 'GET', url: `${BASE}/api/x`, idempotent: true }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HttpStatusError)
    expect((error as HttpStatusError).status).toBe(status)
    expect(timing.sleeps).toEqual([])
  })

  it('retries a 429 even on a non-idempotent request: it was not processed', async () => {
    const { http, timing } = client()
    nock(BASE)
      .post('/api/scan/create')
      .reply(429, { status: 'error', error: { code: 'rate_limited', retry_after: 3 } }, { 'Retry-After': '3' })
      .post('/api/scan/create')
      .reply(201, { data: { scan_id: 's' } })
    const response = await http.send({ method: 'POST', url: `${BASE}/api/scan/create`, json: {}, idempotent: false })
    expect(response.status).toBe(201)
    expect(timing.sleeps).toEqual([3000])
  })

  it('keeps its turn past maxAttempts while a 429 names its wait, within the time budget', async () => {
    const { http, timing } = client()
    nock(BASE)
      .post('/api/scan/create')
      .times(6)
      .reply(429, {}, { 'Retry-After': '2' })
      .post('/api/scan/create')
      .reply(201, { data: { scan_id: 's' } })
    const response = await http.send({ method: 'POST', url: `${BASE}/api/scan/create`, json: {}, idempotent: false })
    expect(response.status).toBe(201)
    expect(timing.sleeps).toEqual([2000, 2000, 2000, 2000, 2000, 2000])
  })

  it('still stops at maxAttempts on a 429 that names no wait', async () => {
    const { http } = client()
    nock(BASE).get('/api/x').times(policy.maxAttempts).reply(429, {})
    await expect(http.send({ method: 'GET', url: `${BASE}/api/x`, idempotent: true })).rejects.toMatchObject({ status: 429 })
  })

  it('reports a 5xx on a non-idempotent request as ambiguous, without retrying', async () => {
    const { http } = client()
    nock(BASE).post('/api/scan/create').once().reply(502, 'Bad Gateway')
    await expect(http.send({ method: 'POST', url: `${BASE}/api/scan/create`, json: {}, idempotent: false })).rejects.toBeInstanceOf(AmbiguousRequestError)
  })

  it('reports a dropped connection on a non-idempotent request as ambiguous', async () => {
    const { http } = client()
    await withDroppingServer(1, async (url) => {
      await expect(http.send({ method: 'POST', url: `${url}/api/scan/create`, json: {}, idempotent: false })).rejects.toBeInstanceOf(AmbiguousRequestError)
    })
  })

  it('retries a dropped connection on an idempotent request', async () => {
    const { http, timing } = client()
    await withDroppingServer(2, async (url, served) => {
      await expect(http.send({ method: 'GET', url: `${url}/api/x`, idempotent: true })).resolves.toMatchObject({ body: { data: 1 } })
      expect(served()).toBe(3)
    })
    expect(timing.sleeps).toHaveLength(2)
  })

  it('retries malformed JSON on an idempotent request', async () => {
    const { http } = client()
    nock(BASE).get('/api/x').reply(200, '{"data": [', { 'content-type': 'application/json' }).get('/api/x').reply(200, { data: [] })
    await expect(http.send({ method: 'GET', url: `${BASE}/api/x`, idempotent: true })).resolves.toMatchObject({ body: { data: [] } })
  })

  it('treats a 200 whose body says code >= 400 as that error (rule 7)', async () => {
    const { http } = client()
    nock(BASE).post('/asset/handler/bulk-asset-add').reply(200, { code: 403, message: 'forbidden for this workspace' })
    const error = (await http
      .send({ method: 'POST', url: `${BASE}/asset/handler/bulk-asset-add`, json: {}, idempotent: true })
      .catch((e: unknown) => e)) as HttpStatusError
    expect(error.status).toBe(403)
    expect(error.serverMessage).toBe('forbidden for this workspace')
  })

  it('sends the User-Agent, the Bearer token and JSON, and does not follow redirects', async () => {
    const { http } = client()
    nock(BASE, { reqheaders: { 'user-agent': USER_AGENT, authorization: 'Bearer tok-1', 'content-type': 'application/json' } })
      .post('/api/x', { a: 1 })
      .reply(302, '', { Location: 'https://elsewhere.test/steal' })
    await expect(http.send({ method: 'POST', url: `${BASE}/api/x`, json: { a: 1 }, bearerToken: 'tok-1', idempotent: true })).rejects.toMatchObject({
      status: 302
    })
  })
})

describe('S4EHttp overall deadline', () => {
  /** A deadline timer the test fires by hand: no real waiting. */
  function manualTimer() {
    const asked: number[] = []
    let fire: () => void = () => undefined
    const timer = (ms: number, signal: AbortSignal) =>
      new Promise<void>((resolve) => {
        asked.push(ms)
        fire = resolve
        signal.addEventListener('abort', () => resolve(), { once: true })
      })
    return { timer, asked, fire: () => fire() }
  }

  /** Sends the headers and one byte of a 100-byte body, then nothing: an idle timeout never fires. */
  async function withTricklingServer(
    body: (url: string, server: { requests: () => number; firstByteSent: Promise<void>; socketClosed: Promise<void> }) => Promise<void>
  ) {
    let requests = 0
    let firstByte: () => void = () => undefined
    let closed: () => void = () => undefined
    const firstByteSent = new Promise<void>((resolve) => (firstByte = resolve))
    const socketClosed = new Promise<void>((resolve) => (closed = resolve))
    const server = createServer((request, response) => {
      requests++
      request.socket.once('close', () => closed())
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' })
      response.write('{', () => firstByte())
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      await body(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { requests: () => requests, firstByteSent, socketClosed })
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  }

  it('cuts off a body that trickles past the deadline and destroys the socket', async () => {
    const { timer, asked, fire } = manualTimer()
    const http = new S4EHttp({ timing: fakeTiming(), retryPolicy: { ...policy, maxAttempts: 1 }, deadlineMs: 5_000, deadlineTimer: timer })
    await withTricklingServer(async (url, server) => {
      const sent = http.send({ method: 'GET', url: `${url}/api/x`, idempotent: true })
      await server.firstByteSent
      fire()
      await expect(sent).rejects.toMatchObject({ code: 'ETIMEDOUT' })
      await server.socketClosed
      expect(asked).toEqual([5_000])
    })
  })

  it('reports a create cut off by the deadline as ambiguous', async () => {
    const { timer, fire } = manualTimer()
    const http = new S4EHttp({ timing: fakeTiming(), retryPolicy: policy, deadlineTimer: timer })
    await withTricklingServer(async (url, server) => {
      const sent = http.send({ method: 'POST', url: `${url}/api/scan/create`, json: {}, idempotent: false })
      await server.firstByteSent
      fire()
      await expect(sent).rejects.toBeInstanceOf(AmbiguousRequestError)
      expect(server.requests()).toBe(1)
    })
  })

  it('bounds a request by the time left to the step and does not retry once it is gone', async () => {
    const { timer, asked, fire } = manualTimer()
    const timing = fakeTiming()
    const http = new S4EHttp({ timing, retryPolicy: policy, endsAtMs: timing.now() + 4_000, deadlineTimer: timer })
    await withTricklingServer(async (url, server) => {
      const sent = http.send({ method: 'GET', url: `${url}/api/scan/s-1/status`, idempotent: true })
      await server.firstByteSent
      timing.advance(4_000)
      fire()
      await expect(sent).rejects.toThrow(
        /^The S4E API did not answer GET \/api\/scan\/s-1\/status before this step's time ran out \(timeout-minutes plus a short grace\), so the step stopped waiting: raise timeout-minutes, or check that the API answers promptly\.$/
      )
      await expect(sent).rejects.toBeInstanceOf(DeadlineExceededError)
      expect(asked).toEqual([4_000])
      expect(server.requests()).toBe(1)
    })
  })

  it('sends nothing once the step time is gone', async () => {
    const timing = fakeTiming()
    const http = new S4EHttp({ timing, retryPolicy: policy, endsAtMs: timing.now() - 1 })
    await expect(http.send({ method: 'GET', url: `${BASE}/api/x`, idempotent: true })).rejects.toMatchObject({ stepTimeRanOut: true })
  })

  it('does not wait to retry past the end of the step: the last answer stands', async () => {
    const timing = fakeTiming()
    const http = new S4EHttp({ timing, retryPolicy: policy, endsAtMs: timing.now() + 5_000 })
    nock(BASE).get('/api/x').reply(503, { message: 'busy' }, { 'Retry-After': '10' })
    await expect(http.send({ method: 'GET', url: `${BASE}/api/x`, idempotent: true })).rejects.toMatchObject({ status: 503 })
    expect(timing.sleeps).toEqual([])
  })
})
