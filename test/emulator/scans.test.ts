import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator } from '../../dev/emulator/server.js'
import type { Emulator, EmulatorOptions } from '../../dev/emulator/emulator-options.js'
import { call, registerAssets, startScan, tokenFor } from './emulator-requests.js'

describe('emulator scans', () => {
  let emulator: Emulator
  let token: string
  const start = async (options: EmulatorOptions) => {
    emulator = await startEmulator({ port: 0, ...options })
    token = await tokenFor(emulator)
  }
  afterEach(() => emulator.stop())
  const status = async (scanId: string) => (await call(emulator, 'GET', `/api/scan/${scanId}/status`, { token })).body.data

  it('creates a queued scan with 201 and the primary fields', async () => {
    await start({})
    await registerAssets(emulator, token, ['app.example.com'])
    const answer = await call(emulator, 'POST', '/api/scan/create', {
      token,
      body: { asset_id: 'a-1001', scan_type: 'full', priority: 'high', options: { depth: 2 } }
    })
    expect(answer.status).toBe(201)
    expect(answer.body.data).toEqual({
      scan_id: 's-2001',
      asset_id: 'a-1001',
      scan_type: 'full',
      status: 'queued',
      created_at: expect.any(String),
      estimated_duration_minutes: expect.any(Number)
    })
  })

  it('answers 404 for an unknown asset and 400 for a bad scan type or priority', async () => {
    await start({})
    await registerAssets(emulator, token, ['app.example.com'])
    expect((await call(emulator, 'POST', '/api/scan/create', { token, body: { asset_id: 'a-9999', scan_type: 'quick' } })).status).toBe(404)
    const badType = await call(emulator, 'POST', '/api/scan/create', { token, body: { asset_id: 'a-1001', scan_type: 'deep' } })
    expect(badType.status).toBe(400)
    expect(badType.body.error.message).toContain('scan_type must be one of')
    expect((await call(emulator, 'POST', '/api/scan/create', { token, body: { asset_id: 'a-1001', scan_type: 'quick', priority: 'urgent' } })).status).toBe(400)
    expect((await call(emulator, 'POST', '/api/scan/create', { token, body: '{not json' })).status).toBe(400)
    expect((await call(emulator, 'GET', '/api/scan/s-404/status', { token })).status).toBe(404)
  })

  it('moves queued → running → completed by status requests with progress', async () => {
    await start({ scanPollsToComplete: 4 })
    const scanId = await startScan(emulator, token, 'app.example.com')
    const seen = [await status(scanId), await status(scanId), await status(scanId), await status(scanId)]
    expect(seen.map((entry) => [entry.status, entry.progress])).toEqual([
      ['queued', 0],
      ['running', 33],
      ['running', 66],
      ['completed', 100]
    ])
    expect(seen[1].current_phase).toEqual(expect.any(String))
    expect(seen[3]).toMatchObject({ scan_id: scanId, current_phase: 'done' })
  })

  it('moves with the injected clock when timed', async () => {
    let clock = 1_000_000
    await start({ scanDurationMs: 10_000, now: () => clock })
    const scanId = await startScan(emulator, token, 'app.example.com')
    expect((await status(scanId)).status).toBe('queued')
    clock += 5_000
    expect(await status(scanId)).toMatchObject({ status: 'running', progress: 50 })
    clock += 5_000
    expect(await status(scanId)).toMatchObject({ status: 'completed', progress: 100 })
  })

  it('completes at the first status request when scanDurationMs is 0', async () => {
    await start({ scanDurationMs: 0 })
    const scanId = await startScan(emulator, token, 'app.example.com')
    expect(emulator.state().scans[0]!.status).toBe('queued')
    expect((await status(scanId)).status).toBe('completed')
  })

  it('ends fail-… assets failed and cancel-… assets cancelled', async () => {
    await start({ scanDurationMs: 0 })
    expect((await status(await startScan(emulator, token, 'fail-app.example.com'))).status).toBe('failed')
    expect((await status(await startScan(emulator, token, 'cancel-app.example.com'))).status).toBe('cancelled')
  })

  it('lists an asset’s scans newest first, for adopting a scan after an ambiguous create', async () => {
    let clock = 1_000_000
    await start({ now: () => clock })
    await startScan(emulator, token, 'app.example.com')
    clock += 1000
    await startScan(emulator, token, 'app.example.com')
    await startScan(emulator, token, 'other.example.com')
    const answer = await call(emulator, 'GET', '/api/scans?asset_id=a-1001', { token })
    expect(answer.status).toBe(200)
    expect(answer.body.data.map((scan: { scan_id: string }) => scan.scan_id)).toEqual(['s-2002', 's-2001'])
    expect(answer.body.data[0]).toMatchObject({ asset_id: 'a-1001', created_at: new Date(1_001_000).toISOString() })
    const readOnly = await tokenFor(emulator, 'assets:read')
    expect((await call(emulator, 'GET', '/api/scans?asset_id=a-1001', { token: readOnly })).status).toBe(403)
  })
})
