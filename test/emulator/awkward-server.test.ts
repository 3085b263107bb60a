// The emulator's switchable awkward behaviours: capped pages, its own clock, late and hidden scans, seeded scans, trickling bodies.
import { request } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { parseEmulatorArguments } from '../../dev/emulator/cli-arguments.js'
import type { Emulator, EmulatorOptions, ResponseShape } from '../../dev/emulator/emulator-options.js'
import { startEmulator } from '../../dev/emulator/server.js'
import { call, registerAssets, tokenFor } from './emulator-requests.js'

let emulator: Emulator
afterEach(() => emulator.stop())

async function started(options: EmulatorOptions, assets: string[] = ['app.example.com']): Promise<{ token: string; assetId: string }> {
  emulator = await startEmulator({ port: 0, ...options })
  const token = await tokenFor(emulator)
  await registerAssets(emulator, token, assets)
  return { token, assetId: emulator.state().assets[0]!.id }
}

const createScan = (token: string, assetId: string, scanType = 'quick') =>
  call(emulator, 'POST', '/api/scan/create', { token, body: { asset_id: assetId, scan_type: scanType } })
const listScans = async (token: string, assetId: string) => {
  const answer = await call(emulator, 'GET', `/api/scans?asset_id=${assetId}`, { token })
  return (answer.body.data ?? answer.body) as { scan_id: string; status: string; created_at: string; scan_type: string }[]
}

describe('page-size cap', () => {
  // Each shape puts the list and meta in its own place.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  it.each<[ResponseShape, (body: any) => { items: unknown[]; meta: any }]>([
    ['wrapped', (body) => ({ items: body.data, meta: body.meta })],
    ['bare', (body) => ({ items: body.items, meta: body.meta })],
    ['envelope', (body) => ({ items: body.value.items, meta: body.value.meta })]
  ])('serves at most the cap per page whatever per_page asks, with a truthful meta (%s)', async (shape, read) => {
    const names = Array.from({ length: 7 }, (_, index) => `host${index}.example.com`)
    const { token } = await started({ shape, pageSizeCap: 3 }, names)
    const page = read((await call(emulator, 'GET', '/api/assets?search=example&page=3&per_page=100', { token })).body)
    expect(page.items).toHaveLength(1)
    expect(page.meta).toEqual({ total: 7, page: 3, per_page: 3, total_pages: 3 })
  })
})

describe('clock', () => {
  it('sends a Date header on every response, on its own clock when offset from the runner', async () => {
    const runner = Date.parse('2026-11-28T12:00:00Z')
    const { token, assetId } = await started({ now: () => runner, clockOffsetMs: -3_600_000 })
    const created = await createScan(token, assetId)
    expect(created.headers.get('date')).toBe('Sat, 28 Nov 2026 11:00:00 GMT')
    expect(created.body.data.created_at).toBe('2026-11-28T11:00:00.000Z')
    expect((await call(emulator, 'GET', '/api/nothing')).headers.get('date')).toBe('Sat, 28 Nov 2026 11:00:00 GMT')
  })
})

describe('scans that show late, land late, or belong to another run', () => {
  it('shows a new scan in listings only after the listing delay', async () => {
    let clock = Date.parse('2026-11-28T12:00:00Z')
    const { token, assetId } = await started({ now: () => clock, scanListingDelayMs: 5_000 })
    expect((await createScan(token, assetId)).status).toBe(201)
    expect(await listScans(token, assetId)).toEqual([])
    clock += 5_000
    expect(await listScans(token, assetId)).toHaveLength(1)
  })

  it('answers a fault at once and processes the request later with land=MS', async () => {
    const { token, assetId } = await started({ faults: [{ route: 'POST /api/scan/create', count: 1, kind: 'status', status: 504, landAfterMs: 50 }] })
    expect((await createScan(token, assetId)).status).toBe(504)
    expect(emulator.state().scans).toHaveLength(0)
    await expect.poll(() => emulator.state().scans.length).toBe(1)
  })

  it('holds seeded scans of a chosen type, status and age from the start', async () => {
    const now = Date.parse('2026-11-28T12:00:00Z')
    emulator = await startEmulator({ port: 0, now: () => now, scans: [{ asset: 'seeded.example.com', scanType: 'full', status: 'completed', ageSeconds: 20 }] })
    const token = await tokenFor(emulator)
    const [seeded] = emulator.state().scans
    expect(seeded).toMatchObject({ asset_name: 'seeded.example.com', scan_type: 'full', status: 'completed', created_at: '2026-11-28T11:59:40.000Z' })
    expect(seeded!.findings.total).toBeGreaterThan(0)
    expect(await listScans(token, seeded!.asset_id)).toMatchObject([{ scan_id: seeded!.scan_id, status: 'completed' }])
  })

  it('creates another run\u2019s scan when a chosen route is first requested', async () => {
    const { token, assetId } = await started({ scans: [{ asset: 'app.example.com', status: 'queued', onRoute: 'POST /api/scan/create' }] })
    expect(emulator.state().scans).toHaveLength(0)
    const ours = (await createScan(token, assetId)).body.data.scan_id
    // The other run's scan is made as the create arrives, before it is answered.
    expect(emulator.state().scans.map((scan) => scan.scan_id)).toEqual([expect.not.stringMatching(ours), ours])
  })

  it('refuses a bad seed with one sentence', async () => {
    await expect(startEmulator({ port: 0, scans: [{ asset: 'app.example.com', status: 'done' as never }] })).rejects.toThrow(
      /^A scan seed status must be one of queued, running, completed, failed, cancelled\.$/
    )
  })
})

describe('trickle', () => {
  it('sends the headers, then the body one byte at a time, and stops when the client leaves', async () => {
    const { token } = await started({ faults: [{ route: 'GET /api/assets', count: 1, kind: 'trickle', delayMs: 200 }] })
    const url = new URL(`${emulator.url}/api/assets`)
    const received = await new Promise<{ status: number; bytes: number }>((resolve, reject) => {
      const req = request(url, { headers: { authorization: `Bearer ${token}` } }, (response) => {
        let bytes = 0
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length
          if (bytes >= 2) {
            req.destroy()
            resolve({ status: response.statusCode ?? 0, bytes })
          }
        })
      })
      req.on('error', reject)
      req.end()
    })
    expect(received).toEqual({ status: 200, bytes: 2 })
  })
})

describe('command line', () => {
  it('turns the awkward flags into options', () => {
    const { options } = parseEmulatorArguments([
      '--page-size-cap',
      '10',
      '--clock-offset=-5000',
      '--scan-listing-delay',
      '3000',
      '--rate-limit-window',
      '2000',
      '--scan',
      'app.example.com,type=full,status=completed,age=20',
      '--scan',
      'app.example.com,on=POST /api/scan/create,after=100',
      '--fault',
      'POST /api/scan/create:1:status:504:land=3000',
      '--fault',
      'GET /api/scan/:id/status:1:trickle:2000'
    ])
    expect(options).toMatchObject({
      pageSizeCap: 10,
      clockOffsetMs: -5000,
      scanListingDelayMs: 3000,
      rateLimitWindowMs: 2000,
      scans: [
        { asset: 'app.example.com', scanType: 'full', status: 'completed', ageSeconds: 20 },
        { asset: 'app.example.com', onRoute: 'POST /api/scan/create', appearAfterMs: 100 }
      ],
      faults: [
        { route: 'POST /api/scan/create', count: 1, kind: 'status', status: 504, landAfterMs: 3000 },
        { route: 'GET /api/scan/:id/status', count: 1, kind: 'trickle', delayMs: 2000 }
      ]
    })
  })
})
