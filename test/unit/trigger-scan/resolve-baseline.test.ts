import { describe, expect, it, vi } from 'vitest'
import type { Finding, Scan } from '../../../src/core/api-types.js'
import { S4EApiError } from '../../../src/core/errors.js'
import { latestCompletedScan, resolveBaseline, type CurrentScan } from '../../../src/trigger-scan/scan/resolve-baseline.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const scan = (scanId: string, createdAt: string | undefined, extra: Partial<Scan> = {}): Scan => ({
  scanId,
  assetId: 'a-1',
  scanType: 'quick',
  status: 'completed',
  createdAt,
  ...extra
})
const CURRENT: CurrentScan = { assetId: 'a-1', assetLabel: 'pr-1.example.com', scanId: 's-9', scanType: 'quick', createdAt: '2026-11-28T12:00:00Z' }
const FINDING: Finding = { id: 'f-1', title: 'XSS', severity: 'high', status: 'open', references: [], assetName: 'example.com' }

type BaselineApi = Parameters<typeof resolveBaseline>[0]

const page = (items: Scan[]) => ({ items })

function fakeApi(overrides: Partial<BaselineApi> = {}): BaselineApi {
  return {
    findAssetByName: vi.fn(async (name: string) => (name === 'example.com' ? { id: 'a-prod', name } : undefined)),
    listScans: vi.fn(async (assetId: string) => {
      if (assetId === 'a-prod')
        return page([
          scan('s-prod-new', '2026-11-28T11:00:00Z', { status: 'running' }),
          scan('s-prod', '2026-11-28T10:00:00Z'),
          scan('s-prod-ssl', '2026-11-28T10:30:00Z', { scanType: 'ssl' })
        ])
      if (assetId === 'a-1') return page([scan('s-9', CURRENT.createdAt), scan('s-8', '2026-11-28T09:00:00Z')])
      throw new S4EApiError('The S4E API has no scans of that asset.', 404, 'not_found')
    }),
    getScanStatus: vi.fn(async (scanId: string) => ({ scanId, status: scanId === 's-running' ? 'running' : 'completed' })),
    listFindings: vi.fn(async () => ({ items: [FINDING] })),
    ...overrides
  }
}

describe('latestCompletedScan', () => {
  it('takes the newest completed scan of the type, before the given instant, never the one excluded', () => {
    const scans = [
      scan('s-5', '2026-11-28T12:00:00Z'),
      scan('s-4', '2026-11-28T11:00:00Z', { status: 'failed' }),
      scan('s-2', '2026-11-28T09:00:00Z'),
      scan('s-3', '2026-11-28T10:00:00Z'),
      scan('s-6', '2026-11-28T10:30:00Z', { scanType: 'full' })
    ]
    expect(latestCompletedScan(scans, 'quick')?.scanId).toBe('s-5')
    expect(latestCompletedScan(scans, 'quick', { excludeScanId: 's-5' })?.scanId).toBe('s-3')
    expect(latestCompletedScan(scans, 'quick', { before: '2026-11-28T10:00:00Z' })?.scanId).toBe('s-2')
    expect(latestCompletedScan(scans, 'ssl')).toBeUndefined()
  })
})

describe('resolveBaseline', () => {
  it('previous: the latest completed scan of this asset before this one', async () => {
    expect(await resolveBaseline(fakeApi(), { kind: 'previous' }, CURRENT)).toEqual({
      found: { scanId: 's-8', assetLabel: 'pr-1.example.com', findings: [FINDING] }
    })
  })

  it('asset:<name>: the latest completed scan of the same type on that asset', async () => {
    expect(await resolveBaseline(fakeApi(), { kind: 'asset', asset: 'example.com' }, CURRENT)).toMatchObject({
      found: { scanId: 's-prod', assetLabel: 'example.com' }
    })
  })

  it('asset:<id>: an asset id when no asset has that name', async () => {
    const listScans = vi.fn(fakeApi().listScans)
    expect(await resolveBaseline(fakeApi({ listScans }), { kind: 'asset', asset: 'a-prod' }, CURRENT)).toMatchObject({ found: { scanId: 's-prod' } })
    expect(listScans).toHaveBeenCalledWith('a-prod')
  })

  it('scan:<id>: that scan, named after the asset its findings belong to', async () => {
    expect(await resolveBaseline(fakeApi(), { kind: 'scan', scanId: 's-prod' }, CURRENT)).toMatchObject({
      found: { scanId: 's-prod', assetLabel: 'example.com' }
    })
  })

  it.each([
    [
      'an unknown asset',
      { kind: 'asset', asset: 'nowhere.example.com' },
      /^No asset named or numbered "nowhere\.example\.com" is registered in this S4E workspace \(baseline: asset:nowhere\.example\.com\), so the gate counts every open finding of this scan: /
    ],
    [
      'a scan that is still running',
      { kind: 'scan', scanId: 's-running' },
      /^The baseline scan s-running is running, not completed, so the gate counts every open finding of this scan: /
    ],
    [
      'a first scan with nothing before it',
      { kind: 'previous' },
      /^No earlier completed quick scan of pr-1\.example\.com exists to compare with \(baseline: previous\)/
    ]
  ] as const)('is missing, with the sentence to warn with, for %s', async (_name, spec, message) => {
    const api = fakeApi(spec.kind === 'previous' ? { listScans: async () => page([scan('s-9', CURRENT.createdAt)]) } : {})
    const lookup = await resolveBaseline(api, spec, CURRENT)
    expect(lookup).toEqual({ missing: expect.stringMatching(message) })
  })

  it('never throws: a baseline that cannot be read is missing, and says why', async () => {
    const api = fakeApi({
      listFindings: async () => {
        throw new S4EApiError(
          { what: 'The S4E API refused GET /api/findings because the token lacks the findings:read scope', fix: 'request it' },
          403,
          'insufficient_scope'
        )
      }
    })
    expect(await resolveBaseline(api, { kind: 'scan', scanId: 's-prod' }, CURRENT)).toEqual({
      missing:
        'The baseline could not be read, so the gate counts every open finding of this scan (The S4E API refused GET /api/findings because the token lacks the findings:read scope): fix the cause, or set baseline: none.'
    })
  })
})
