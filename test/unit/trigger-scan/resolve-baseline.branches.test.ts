// resolveBaseline: each way a baseline is missing (named scan, named asset, previous on a pull request), and the scans that count as earlier.
import * as core from '@actions/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Finding, Scan } from '../../../src/core/api-types.js'
import { S4EApiError } from '../../../src/core/errors.js'
import { latestCompletedScan, resolveBaseline, type CurrentScan } from '../../../src/trigger-scan/scan/resolve-baseline.js'
import { expectSentence } from '../support/sentence.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const OPENED = Date.parse('2026-11-28T10:00:00Z')
const CURRENT: CurrentScan = { assetId: 'a-1', assetLabel: 'app.example.com', scanId: 's-now', scanType: 'full', createdAt: '2026-11-28T12:00:00Z' }
const scan = (scanId: string, createdAt?: string, extra: Partial<Scan> = {}): Scan => ({
  scanId,
  assetId: 'a-1',
  scanType: 'full',
  status: 'completed',
  createdAt,
  ...extra
})
const notFound = () => new S4EApiError('The S4E API has no GET https://api.s4e.test/x.', 404, undefined)

function apiOf(parts: {
  scans?: Scan[]
  serverClockAheadMs?: number
  listScans?: () => Promise<never>
  status?: () => Promise<{ scanId: string; status: string }>
  findings?: Finding[]
}) {
  return {
    findAssetByName: vi.fn(async () => undefined),
    listScans: vi.fn(parts.listScans ?? (async () => ({ items: parts.scans ?? [], serverClockAheadMs: parts.serverClockAheadMs }))),
    getScanStatus: vi.fn(parts.status ?? (async () => ({ scanId: 's-0', status: 'completed' }))),
    listFindings: vi.fn(async () => ({ items: parts.findings ?? [] }))
  }
}

const missingOf = (lookup: Awaited<ReturnType<typeof resolveBaseline>>): string => {
  if (!('missing' in lookup)) return expect.fail('the baseline should be missing')
  return lookup.missing
}

afterEach(() => {
  vi.clearAllMocks()
})

describe('resolveBaseline scan:<id>', () => {
  it('says a scan the installation does not know does not exist', async () => {
    const api = apiOf({ status: async () => Promise.reject(notFound()) })
    expectSentence(missingOf(await resolveBaseline(api, { kind: 'scan', scanId: 's-0' }, CURRENT)), {
      what: 'The baseline scan s-0 does not exist on S4E',
      fix: 'fix the baseline input'
    })
  })

  it('gives any other failure as the cause of a baseline that could not be read', async () => {
    const api = apiOf({
      status: async () => Promise.reject(new S4EApiError({ what: 'The S4E API failed on GET /api/scan/s-0/status with HTTP 500' }, 500, undefined))
    })
    expectSentence(missingOf(await resolveBaseline(api, { kind: 'scan', scanId: 's-0' }, CURRENT)), {
      what: 'The baseline could not be read, so the gate counts every open finding of this scan',
      cause: 'HTTP 500',
      fix: 'set baseline: none'
    })
  })

  it('names no asset in its log line when neither the spec nor the findings name one', async () => {
    const api = apiOf({ findings: [] })
    const lookup = await resolveBaseline(api, { kind: 'scan', scanId: 's-0' }, CURRENT)
    expect(lookup).toEqual({ found: { scanId: 's-0', assetLabel: undefined, findings: [] } })
    expect(core.info).toHaveBeenCalledWith('Comparing scan s-now with baseline scan s-0 (0 finding(s)).')
  })
})

describe('resolveBaseline asset:<name or id>', () => {
  it('says no asset of that name or id is registered when its scans answer 404', async () => {
    const api = apiOf({ listScans: async () => Promise.reject(notFound()) })
    expectSentence(missingOf(await resolveBaseline(api, { kind: 'asset', asset: 'prod.example.com' }, CURRENT)), {
      what: 'No asset named or numbered "prod.example.com" is registered in this S4E workspace (baseline: asset:prod.example.com)',
      fix: 'register and scan it'
    })
  })

  it('says the asset, by its registered name, has no completed scan of the type yet', async () => {
    const api = apiOf({ scans: [scan('s-old', undefined, { status: 'running' }), scan('s-quick', undefined, { scanType: 'quick' })] })
    api.findAssetByName.mockResolvedValue({ id: 'a-9', name: 'Prod.Example.com' } as never)
    expectSentence(missingOf(await resolveBaseline(api, { kind: 'asset', asset: 'prod.example.com' }, CURRENT)), {
      what: 'The baseline asset Prod.Example.com has no completed full scan yet',
      fix: 'scan it (for example after each production deploy)'
    })
    expect(api.listScans).toHaveBeenCalledWith('a-9')
  })

  it('lets a failure other than 404 become a baseline that could not be read', async () => {
    const api = apiOf({ listScans: async () => Promise.reject(new S4EApiError({ what: 'The S4E API refused GET /api/scans' }, 403, undefined)) })
    expectSentence(missingOf(await resolveBaseline(api, { kind: 'asset', asset: 'a-7' }, CURRENT)), {
      what: 'The baseline could not be read',
      cause: 'refused'
    })
  })
})

describe('resolveBaseline previous on a pull request', () => {
  it('refuses to guess without the opening time of the pull request', async () => {
    const api = apiOf({ scans: [scan('s-0', '2026-11-27T00:00:00Z')], serverClockAheadMs: 0 })
    expectSentence(missingOf(await resolveBaseline(api, { kind: 'previous' }, { ...CURRENT, pullRequest: {} })), {
      what: 'The event payload gives no valid pull_request.created_at',
      fix: 'run the step on an event GitHub sends with the pull request'
    })
  })

  it("refuses to guess when the server's clock is unknown (no Date header)", async () => {
    const api = apiOf({ scans: [scan('s-0', '2026-11-27T00:00:00Z')] })
    expectSentence(missingOf(await resolveBaseline(api, { kind: 'previous' }, { ...CURRENT, pullRequest: { openedAtMs: OPENED } })), {
      what: 'The S4E API sent no Date header',
      fix: 'set baseline: asset:<name> or scan:<id>'
    })
  })

  it("takes the newest scan made before the opening, on the server's clock, with the slack", async () => {
    const ahead = 120_000
    const openedOnServer = OPENED + ahead
    const iso = (ms: number) => new Date(ms).toISOString()
    const api = apiOf({
      scans: [
        scan('s-pr', iso(openedOnServer + 1000)),
        // Half a minute before the opening: inside the one-minute slack, so not before it for sure.
        scan('s-inside-slack', iso(openedOnServer - 30_000)),
        scan('s-undated'),
        scan('s-before', iso(openedOnServer - 90_000))
      ],
      serverClockAheadMs: ahead
    })
    const lookup = await resolveBaseline(api, { kind: 'previous' }, { ...CURRENT, pullRequest: { openedAtMs: OPENED } })
    expect(lookup).toMatchObject({ found: { scanId: 's-before', assetLabel: 'app.example.com' } })
  })

  it('says no scan was made before the pull request was opened', async () => {
    const api = apiOf({ scans: [scan('s-pr', '2026-11-28T11:00:00Z')], serverClockAheadMs: 0 })
    expectSentence(missingOf(await resolveBaseline(api, { kind: 'previous' }, { ...CURRENT, pullRequest: { openedAtMs: OPENED } })), {
      what: 'No completed full scan of app.example.com was made before this pull request was opened (baseline: previous)',
      fix: 'scan it from the base branch'
    })
  })
})

describe('latestCompletedScan', () => {
  it("keeps the server's order among scans without an instant", () => {
    expect(latestCompletedScan([scan('s-2'), scan('s-1')], 'full')?.scanId).toBe('s-2')
    expect(latestCompletedScan([scan('s-2'), scan('s-1', '2026-11-28T00:00:00Z')], 'full')?.scanId).toBe('s-2')
  })
})
