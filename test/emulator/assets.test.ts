import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator } from '../../dev/emulator/server.js'
import type { Emulator } from '../../dev/emulator/emulator-options.js'
import { call, registerAssets, tokenFor } from './emulator-requests.js'

describe('emulator assets', () => {
  let emulator: Emulator
  let token: string
  beforeEach(async () => {
    emulator = await startEmulator({ port: 0 })
    token = await tokenFor(emulator)
  })
  afterEach(() => emulator.stop())

  it('registers domains, IPv4, IPv6 and CIDR ranges with their types', async () => {
    const answer = await registerAssets(emulator, token, ['app.example.com', '198.51.100.7', '2001:DB8::1', '203.0.113.0/24'])
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({ code: 200, message: expect.stringContaining('4 asset(s) added') })
    expect(emulator.state().assets.map(({ name, type }) => [name, type])).toEqual([
      ['app.example.com', 'domain'],
      ['198.51.100.7', 'ipv4'],
      ['2001:db8::1', 'ipv6'],
      ['203.0.113.0/24', 'cidr']
    ])
    expect(emulator.state().assets[0]!.id).toBe('a-1001')
  })

  it('does not add an already owned asset twice', async () => {
    await registerAssets(emulator, token, ['app.example.com'])
    const again = await registerAssets(emulator, token, ['app.example.com', 'APP.example.com', 'api.example.com'])
    expect(again.body.message).toContain('1 asset(s) added, 2 already registered')
    expect(emulator.state().assets.map((asset) => asset.name)).toEqual(['app.example.com', 'api.example.com'])
  })

  it.each([
    ['https://app.example.com/path', 'Asset 2'],
    ['intranet', 'at least two labels'],
    ['999.1.1.1', 'not a valid IPv4'],
    ['198.51.100.7/24', '198.51.100.0/24'],
    ['bad_name.example.com', 'not a valid domain']
  ])('rejects the whole batch when it holds %s, naming the entry', async (bad, reason) => {
    const answer = await registerAssets(emulator, token, ['ok.example.com', bad])
    expect(answer.status).toBe(400)
    expect(answer.body.error.message).toContain(reason)
    expect(answer.body.error.message).toContain(JSON.stringify(bad))
    expect(emulator.state().assets).toEqual([])
  })

  it('checks description length and source', async () => {
    const post = (body: Record<string, unknown>) =>
      call(emulator, 'POST', '/asset/handler/bulk-asset-add', { token, body: { assets: ['a.example.com'], ...body } })
    expect((await post({ description: 'ab' })).status).toBe(400)
    expect((await post({ description: 'x'.repeat(301) })).status).toBe(400)
    expect((await post({ source: 'somewhere' })).body.error.message).toContain('source must be one of')
    expect((await post({ description: 'Preview deploy', source: 'cloudflare_integration' })).status).toBe(200)
  })

  it('refuses a body token that differs from the bearer token', async () => {
    const answer = await call(emulator, 'POST', '/asset/handler/bulk-asset-add', { token, body: { assets: ['a.example.com'], token: 'other' } })
    expect(answer.status).toBe(401)
    expect(answer.body.error).toBe('invalid_token')
  })

  it('needs assets:write to register', async () => {
    const readOnly = await tokenFor(emulator, 'assets:read')
    expect((await registerAssets(emulator, readOnly, ['a.example.com'])).status).toBe(403)
  })

  it('finds assets by substring, paginated with meta', async () => {
    await registerAssets(emulator, token, ['a.example.com', 'b.example.com', 'c.example.com', 'other.test'])
    const first = await call(emulator, 'GET', '/api/assets?search=EXAMPLE&page=1&per_page=2', { token })
    expect(first.body.meta).toEqual({ total: 3, page: 1, per_page: 2, total_pages: 2 })
    expect(first.body.data.map((asset: { name: string }) => asset.name)).toEqual(['a.example.com', 'b.example.com'])
    expect(first.body.data[0]).toMatchObject({ id: 'a-1001', type: 'domain', status: 'active' })
    const second = await call(emulator, 'GET', '/api/assets?search=example&page=2&per_page=2', { token })
    expect(second.body.data.map((asset: { name: string }) => asset.name)).toEqual(['c.example.com'])
    const beyond = await call(emulator, 'GET', '/api/assets?search=example&page=3&per_page=2', { token })
    expect(beyond.body.data).toEqual([])
  })

  it('refuses per_page above 100', async () => {
    const answer = await call(emulator, 'GET', '/api/assets?per_page=101', { token })
    expect(answer.status).toBe(400)
    expect(answer.body.error.message).toContain('per_page')
  })
})
