import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isLoopbackAddress } from '../../dev/emulator/control-routes.js'
import { startEmulator } from '../../dev/emulator/server.js'
import type { Emulator } from '../../dev/emulator/emulator-options.js'
import { call, registerAssets, requestToken, startScan, tokenFor } from './emulator-requests.js'

describe('emulator inspection route', () => {
  let emulator: Emulator
  beforeEach(async () => {
    emulator = await startEmulator({ port: 0 })
  })
  afterEach(() => emulator.stop())

  it('reports assets, scans, token exchanges and request counts, and never a secret', async () => {
    const token = await tokenFor(emulator, 'assets:write scans:write scans:read')
    await requestToken(emulator, { client_secret: 'wrong-secret' })
    await registerAssets(emulator, token, ['app.example.com', '198.51.100.7'])
    await startScan(emulator, token, 'app.example.com')
    const answer = await call(emulator, 'GET', '/_emulator/state')
    expect(answer.status).toBe(200)
    expect(answer.body.assets.map((asset: { name: string }) => asset.name)).toEqual(['app.example.com', '198.51.100.7'])
    expect(answer.body.scans).toEqual([
      expect.objectContaining({ scan_id: 's-2001', asset_id: 'a-1001', asset_name: 'app.example.com', scan_type: 'quick', status: 'queued' })
    ])
    expect(answer.body.tokenExchanges).toBe(1)
    expect(answer.body.tokenRequests).toEqual([
      {
        clientId: 'demo-client',
        requestedScope: 'assets:write scans:write scans:read',
        grantedScope: 'assets:write scans:write scans:read',
        outcome: 'issued'
      },
      { clientId: 'demo-client', requestedScope: null, grantedScope: null, outcome: 'rejected' }
    ])
    expect(answer.body.requestCounts).toMatchObject({
      'POST /oauth/token': 2,
      'POST /asset/handler/bulk-asset-add': 2,
      'POST /api/scan/create': 1
    })
    for (const secret of [token, emulator.credentials.clientSecret, emulator.credentials.apiKey, 'wrong-secret']) {
      expect(answer.text).not.toContain(secret)
    }
    expect(answer.body).toEqual(JSON.parse(JSON.stringify(emulator.state())))
  })

  it('counts unknown routes and answers them 404', async () => {
    expect((await call(emulator, 'GET', '/api/nothing')).status).toBe(404)
    expect(emulator.state().requestCounts['GET /api/nothing']).toBe(1)
  })

  it('treats only loopback peers as allowed on control routes', () => {
    expect(isLoopbackAddress('127.0.0.1')).toBe(true)
    expect(isLoopbackAddress('::ffff:127.0.0.1')).toBe(true)
    expect(isLoopbackAddress('::1')).toBe(true)
    expect(isLoopbackAddress('10.0.0.5')).toBe(false)
    expect(isLoopbackAddress(undefined)).toBe(false)
  })

  it('listens on 127.0.0.1 and stops cleanly', async () => {
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    await emulator.stop()
    await expect(fetch(`${emulator.url}/_emulator/state`)).rejects.toThrow()
  })
})
