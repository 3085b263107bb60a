import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator } from '../../dev/emulator/server.js'
import type { Emulator } from '../../dev/emulator/emulator-options.js'
import { call, registerAssets, tokenFor } from './emulator-requests.js'

describe('emulator response shapes', () => {
  let emulator: Emulator
  let token: string
  afterEach(() => emulator.stop())

  async function scanCompleted(shape: 'bare' | 'envelope') {
    emulator = await startEmulator({ port: 0, shape, scanDurationMs: 5000, scanPollsToComplete: 1 })
    token = await tokenFor(emulator)
    await registerAssets(emulator, token, ['app.example.com'])
    const assetId = emulator.state().assets[0]!.id
    const created = await call(emulator, 'POST', '/api/scan/create', { token, body: { asset_id: assetId, scan_type: 'quick' } })
    const scanId = emulator.state().scans[0]!.scan_id
    await call(emulator, 'GET', `/api/scan/${scanId}/status`, { token })
    return { assetId, scanId, created }
  }

  it('bare: integer ids, bare arrays, {"findings": […]}, seconds, variant spellings', async () => {
    const { created } = await scanCompleted('bare')
    expect(created.body).toMatchObject({ scan_id: 2001, asset_id: 1001, status: 'queued', estimated_duration: 5 })
    expect(created.body).not.toHaveProperty('estimated_duration_minutes')
    const assets = await call(emulator, 'GET', '/api/assets?search=app', { token })
    expect(assets.body).toEqual([expect.objectContaining({ id: 1001, name: 'app.example.com' })])
    const status = await call(emulator, 'GET', '/api/scan/2001/status', { token })
    expect(status.body).toMatchObject({ scan_id: 2001, status: 'completed' })
    const findings = await call(emulator, 'GET', '/api/findings?scan_id=2001', { token })
    expect(Object.keys(findings.body)).toEqual(['findings'])
    const severities = new Set(findings.body.findings.map((finding: { severity: string }) => finding.severity))
    expect(severities).toEqual(new Set(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'Informational']))
    const statuses = new Set(findings.body.findings.map((finding: { status: string }) => finding.status))
    expect(statuses).toEqual(new Set(['Open', 'False Positive', 'Accepted', 'Fixed', 'Re-Opened']))
    const error = await call(emulator, 'GET', '/api/scan/9/status', { token })
    expect(error.status).toBe(404)
    expect(error.body).toEqual({ message: expect.any(String), code: 404 })
  })

  it('envelope: {code,message,error,value}, UUID ids, null estimated_duration, errors inside a 200', async () => {
    const { created, assetId, scanId } = await scanCompleted('envelope')
    expect(assetId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ code: 200, error: false, value: { scan_id: scanId, asset_id: assetId, estimated_duration: null } })
    const findings = await call(emulator, 'GET', `/api/findings?scan_id=${scanId}&per_page=5`, { token })
    expect(findings.body).toMatchObject({ code: 200, message: 'ok', error: false })
    expect(findings.body.value).toHaveLength(5)
    expect(findings.body).not.toHaveProperty('meta')
    const registered = await registerAssets(emulator, token, ['b.example.com'])
    expect(registered.body).toMatchObject({ code: 200, error: false })
    const missing = await call(emulator, 'GET', '/api/scan/nope/status', { token })
    expect(missing.status).toBe(200)
    expect(missing.body).toMatchObject({ code: 404, error: true, value: null })
  })

  it('keeps RFC errors for 401 and 403 in every shape', async () => {
    emulator = await startEmulator({ port: 0, shape: 'bare' })
    expect((await call(emulator, 'GET', '/api/assets', { token: 'bad' })).body.error).toBe('invalid_token')
  })
})
