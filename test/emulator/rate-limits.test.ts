import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator } from '../../dev/emulator/server.js'
import type { Emulator } from '../../dev/emulator/emulator-options.js'
import { call, registerAssets, tokenFor } from './emulator-requests.js'

describe('emulator rate limits', () => {
  let emulator: Emulator
  afterEach(() => emulator.stop())

  it('sends X-RateLimit headers on every API response', async () => {
    emulator = await startEmulator({ port: 0, now: () => 1_000_000 })
    const token = await tokenFor(emulator)
    const answer = await call(emulator, 'GET', '/api/assets', { token })
    expect(answer.headers.get('x-ratelimit-limit')).toBe('1000')
    expect(answer.headers.get('x-ratelimit-remaining')).toBe('999')
    expect(answer.headers.get('x-ratelimit-reset')).toBe(String(Math.ceil((1_000_000 + 60_000) / 1000)))
    const unauthorised = await call(emulator, 'GET', '/api/assets')
    expect(unauthorised.headers.get('x-ratelimit-remaining')).toBe('998')
  })

  it('allows 10 scan creations a minute, then 429 with Retry-After until the window resets', async () => {
    let clock = 1_000_000
    emulator = await startEmulator({ port: 0, now: () => clock })
    const token = await tokenFor(emulator)
    await registerAssets(emulator, token, ['app.example.com'])
    const create = () => call(emulator, 'POST', '/api/scan/create', { token, body: { asset_id: 'a-1001', scan_type: 'quick' } })
    for (let index = 0; index < 10; index++) expect((await create()).status).toBe(201)
    clock += 20_000
    const limited = await create()
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('40')
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0')
    expect(limited.body).toEqual({ status: 'error', error: { code: 'rate_limited', message: expect.any(String), retry_after: 40 } })
    expect(emulator.state().scans).toHaveLength(10)
    expect((await call(emulator, 'GET', '/api/assets', { token })).status).toBe(200)
    clock += 40_000
    expect((await create()).status).toBe(201)
  })

  it('takes per-route limits from the options', async () => {
    emulator = await startEmulator({ port: 0, rateLimits: { 'POST /oauth/token': 2, default: 5 } })
    await tokenFor(emulator)
    await tokenFor(emulator)
    const third = await call(emulator, 'POST', '/oauth/token', {
      body: 'grant_type=client_credentials',
      headers: { 'content-type': 'application/x-www-form-urlencoded' }
    })
    expect(third.status).toBe(429)
    expect((await call(emulator, 'GET', '/api/assets')).headers.get('x-ratelimit-limit')).toBe('5')
  })
})

describe('emulator rate-limit window', () => {
  it('takes the window length from the options', async () => {
    let clock = 1_000_000
    const emulator = await startEmulator({ port: 0, now: () => clock, rateLimits: { 'POST /api/scan/create': 1 }, rateLimitWindowMs: 2_000 })
    try {
      const token = await tokenFor(emulator)
      await registerAssets(emulator, token, ['app.example.com'])
      const create = () => call(emulator, 'POST', '/api/scan/create', { token, body: { asset_id: 'a-1001', scan_type: 'quick' } })
      expect((await create()).status).toBe(201)
      const limited = await create()
      expect(limited.status).toBe(429)
      expect(limited.headers.get('retry-after')).toBe('2')
      clock += 2_000
      expect((await create()).status).toBe(201)
    } finally {
      await emulator.stop()
    }
  })
})
