import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseFaultArgument } from '../../dev/emulator/faults.js'
import { startEmulator } from '../../dev/emulator/server.js'
import type { Emulator } from '../../dev/emulator/emulator-options.js'
import { call, registerAssets, tokenFor } from './emulator-requests.js'

describe('emulator fault injection', () => {
  let emulator: Emulator
  let token: string
  const create = () => call(emulator, 'POST', '/api/scan/create', { token, body: { asset_id: 'a-1001', scan_type: 'quick' } })
  beforeEach(async () => {
    emulator = await startEmulator({ port: 0 })
    token = await tokenFor(emulator)
    await registerAssets(emulator, token, ['app.example.com'])
  })
  afterEach(() => emulator.stop())

  it('answers a status with Retry-After for the next N requests, then serves normally', async () => {
    emulator.injectFault({ route: 'POST /api/scan/create', count: 2, kind: 'status', status: 503, retryAfter: 3 })
    const first = await create()
    expect(first.status).toBe(503)
    expect(first.headers.get('retry-after')).toBe('3')
    expect((await create()).status).toBe(503)
    expect((await create()).status).toBe(201)
    expect(emulator.state().scans).toHaveLength(1)
    expect(emulator.state().requestCounts['POST /api/scan/create']).toBe(3)
  })

  it('sends an injected 429 with the rate-limit body', async () => {
    emulator.injectFault({ route: 'GET /api/assets', count: 1, kind: 'status', status: 429 })
    const answer = await call(emulator, 'GET', '/api/assets', { token })
    expect(answer.status).toBe(429)
    expect(answer.headers.get('retry-after')).toBe('1')
    expect(answer.body.error.code).toBe('rate_limited')
  })

  it('delays a response', async () => {
    emulator.injectFault({ route: 'GET /api/assets', count: 1, kind: 'delay', delayMs: 60 })
    const started = performance.now()
    const answer = await call(emulator, 'GET', '/api/assets', { token })
    expect(answer.status).toBe(200)
    expect(performance.now() - started).toBeGreaterThanOrEqual(55)
  })

  it('drops the connection', async () => {
    emulator.injectFault({ route: 'GET /api/assets', count: 1, kind: 'drop' })
    await expect(call(emulator, 'GET', '/api/assets', { token })).rejects.toThrow()
    expect((await call(emulator, 'GET', '/api/assets', { token })).status).toBe(200)
  })

  it('returns malformed JSON', async () => {
    emulator.injectFault({ route: 'GET /api/assets', count: 1, kind: 'malformed-json' })
    const answer = await call(emulator, 'GET', '/api/assets', { token })
    expect(answer.status).toBe(200)
    expect(answer.headers.get('content-type')).toContain('application/json')
    expect(() => JSON.parse(answer.text)).toThrow()
  })

  it('returns an HTML error page', async () => {
    emulator.injectFault({ route: 'GET /api/assets', count: 1, kind: 'html' })
    const answer = await call(emulator, 'GET', '/api/assets', { token })
    expect(answer.status).toBe(502)
    expect(answer.headers.get('content-type')).toContain('text/html')
    expect(answer.text).toContain('<html>')
  })

  it('redirects to the web console, as a server does when api-url names the console', async () => {
    emulator.injectFault({ route: 'GET /api/assets', count: 1, kind: 'redirect' })
    const answer = await fetch(`${emulator.url}/api/assets`, { headers: { authorization: `Bearer ${token}` }, redirect: 'manual' })
    expect(answer.status).toBe(302)
    expect(answer.headers.get('location')).toBe('https://console.s4e.example/login?next=%2Fapi')
    expect(parseFaultArgument('GET /api/assets:1:redirect:301')).toMatchObject({ kind: 'redirect', status: 301 })
  })

  it('processes the request first with after: true, making an ambiguous failure', async () => {
    emulator.injectFault({ route: 'POST /api/scan/create', count: 1, kind: 'status', status: 502, after: true })
    expect((await create()).status).toBe(502)
    expect(emulator.state().scans).toHaveLength(1)
    emulator.injectFault({ route: 'POST /api/scan/create', count: 1, kind: 'drop', after: true })
    await expect(create()).rejects.toThrow()
    expect(emulator.state().scans).toHaveLength(2)
  })

  it('matches path parameters in routes', async () => {
    await create()
    emulator.injectFault({ route: 'GET /api/scan/:id/status', count: 1, kind: 'status', status: 500 })
    emulator.injectFault({ route: 'GET /api/scan/{id}/status', count: 1, kind: 'status', status: 504 })
    expect((await call(emulator, 'GET', '/api/scan/s-2001/status', { token })).status).toBe(500)
    expect((await call(emulator, 'GET', '/api/scan/s-2001/status', { token })).status).toBe(504)
    expect((await call(emulator, 'GET', '/api/scan/s-2001/status', { token })).status).toBe(200)
  })

  it('arms, lists and clears faults through the loopback control route', async () => {
    const armed = await call(emulator, 'POST', '/_emulator/faults', { body: { route: 'GET /api/assets', count: 2, kind: 'html', status: 503 } })
    expect(armed.status).toBe(201)
    expect((await call(emulator, 'GET', '/_emulator/faults')).body.faults).toHaveLength(1)
    expect((await call(emulator, 'GET', '/api/assets', { token })).status).toBe(503)
    expect(emulator.state().faults[0]!.count).toBe(1)
    expect((await call(emulator, 'DELETE', '/_emulator/faults')).status).toBe(200)
    expect((await call(emulator, 'GET', '/api/assets', { token })).status).toBe(200)
    const bad = await call(emulator, 'POST', '/_emulator/faults', { body: { route: 'GET /api/assets', count: 0, kind: 'html' } })
    expect(bad.status).toBe(400)
    expect(bad.body.error.message).toContain('count')
  })

  it('arms faults given at start', async () => {
    await emulator.stop()
    emulator = await startEmulator({ port: 0, faults: [{ route: 'POST /oauth/token', count: 1, kind: 'status', status: 503 }] })
    expect((await call(emulator, 'POST', '/oauth/token', { body: '' })).status).toBe(503)
  })
})

describe('the command-line fault form', () => {
  it.each([
    ['POST /api/scan/create:1:status:503', { route: 'POST /api/scan/create', count: 1, kind: 'status', status: 503 }],
    ['GET /api/scan/:id/status:2:delay:1500', { route: 'GET /api/scan/:id/status', count: 2, kind: 'delay', delayMs: 1500 }],
    ['POST /api/scan/create:1:drop:after', { route: 'POST /api/scan/create', count: 1, kind: 'drop', after: true }],
    ['POST /oauth/token:3:status:429:retry=2', { route: 'POST /oauth/token', count: 3, kind: 'status', status: 429, retryAfter: 2 }]
  ])('parses %s', (text, expected) => {
    expect(parseFaultArgument(text)).toEqual(expected)
  })

  it.each(['POST /api/scan/create', 'POST /api/scan/create:1:explode', 'POST /api/scan/create:1:status'])('refuses %s', (text) => {
    expect(() => parseFaultArgument(text)).toThrow()
  })
})
