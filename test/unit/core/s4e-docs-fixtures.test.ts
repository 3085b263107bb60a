// Every request and response example of S4E's published documentation (test/fixtures/s4e-docs/, each with its
// address) goes through the client's reading: the endpoints the actions call go through S4EApi over nock, the
// others through the same converters. docs/api.md, "Examples as fixtures", says what they changed.
import { readdirSync, readFileSync } from 'node:fs'
import nock from 'nock'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { normaliseSeverity, normaliseStatus, toAsset, toFinding } from '../../../src/core/api-types.js'
import { bodySignalsError, unwrapBody } from '../../../src/core/response-body.js'
import { S4EApi } from '../../../src/core/s4e-api.js'
import { S4EHttp } from '../../../src/core/s4e-http.js'
import { createTokenProvider } from '../../../src/core/token-provider.js'
import { gateFindings, isTriaged } from '../../../src/trigger-scan/scan/gate-findings.js'
import { fakeTiming } from '../support/fake-timing.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const API = 'https://api.s4e.test'
const KEY = 'fixture-key-1'
const FOLDER = new URL('../../fixtures/s4e-docs/', import.meta.url)

interface Example {
  name: string
  endpoint: string
  scanId?: string
  request?: Record<string, unknown>
  response?: { status: number; body: unknown }
  expect: Record<string, unknown>
}

interface FixtureFile {
  source: string
  examples?: Example[]
  statuses?: Array<{ value: string; normalised: string; gate: 'counted' | 'left out' }>
  severities?: Array<{ value: string; normalised: string }>
}

const fixtures = readdirSync(FOLDER)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => ({ name, ...(JSON.parse(readFileSync(new URL(name, FOLDER), 'utf8')) as FixtureFile) }))

const examples = fixtures.flatMap((file) => (file.examples ?? []).map((example) => ({ file: file.name, ...example })))

function api(): S4EApi {
  const http = new S4EHttp({ timing: fakeTiming() })
  return new S4EApi(API, createTokenProvider({ apiUrl: API, tokenUrl: `${API}/oauth/token`, scopes: [], apiKey: KEY }, http), http)
}

/** The request body the client must send for a documented one: the documents' token placeholder becomes our key. */
function withOurToken(request: Record<string, unknown>): Record<string, unknown> {
  return 'token' in request ? { ...request, token: KEY } : request
}

/** nock matches a JSON body exactly when given a plain object. */
function bodyMatcher(request: Record<string, unknown>): nock.RequestBodyMatcher {
  return withOurToken(request) as nock.DataMatcherMap
}

beforeAll(() => nock.disableNetConnect())
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([])
  nock.cleanAll()
})

/**
 * The docs show page 1 of a longer listing (their meta names more pages), and the client follows meta
 * (docs/api.md, "Paging"): later pages answer with an empty list, which ends the listing.
 */
function replyFirstPage(path: string, status: number, body: unknown, headers: Record<string, string>): void {
  nock(API)
    .get(path)
    .query((query) => query.page === '1')
    .reply(status, body as nock.Body, headers)
  nock(API)
    .get(path)
    .query((query) => query.page !== '1')
    .optionally()
    .reply(200, { data: [] }, headers)
}

describe('the S4E documentation fixtures', () => {
  it('come from both documentation sets, each file with its https address', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(10)
    for (const file of fixtures) expect(file.source, file.name).toMatch(/^https:\/\/(docs|manual)\.s4e\.io\//)
    expect(new Set(fixtures.map((file) => new URL(file.source).hostname))).toEqual(new Set(['docs.s4e.io', 'manual.s4e.io']))
    const index = readFileSync(new URL('README.md', FOLDER), 'utf8')
    for (const file of fixtures) {
      expect(index, `README.md lists ${file.name}`).toContain(file.name)
      expect(index, `README.md lists ${file.source}`).toContain(file.source)
    }
  })

  it.each(examples.map((example) => [`${example.file}: ${example.name}`, example] as const))('%s', async (_title, example) => {
    const { endpoint, request, response } = example
    const body = response?.body
    const reply = { 'content-type': 'application/json' }
    switch (endpoint) {
      case 'GET /api/assets': {
        replyFirstPage('/api/assets', response!.status, body, reply)
        expect(await api().findAssetByName(example.expect.find as string)).toEqual(example.expect.asset)
        return
      }
      case 'POST /api/scan/create': {
        const wanted = example.expect.scan as { assetId: string; scanType: string }
        const scope = nock(API)
          .post('/api/scan/create', request === undefined ? () => true : bodyMatcher(request))
          .reply(response!.status, body as nock.Body, reply)
        const scan = await api().createScan({
          assetId: (request?.asset_id as string | undefined) ?? wanted.assetId,
          scanType: (request?.scan_type as string | undefined) ?? wanted.scanType,
          options: request?.options as Record<string, unknown> | undefined,
          priority: request?.priority as string | undefined
        })
        expect(scope.isDone()).toBe(true)
        expect(scan).toEqual(example.expect.scan)
        return
      }
      case 'GET /api/scan/{scan_id}/status': {
        nock(API)
          .get(`/api/scan/${example.scanId}/status`)
          .reply(response!.status, body as nock.Body, reply)
        expect(await api().getScanStatus(example.scanId as string)).toMatchObject(example.expect.progress as object)
        return
      }
      case 'GET /api/findings': {
        replyFirstPage('/api/findings', response!.status, body, reply)
        const scanId = example.expect.scanId as string
        const { items } = await api().listFindings(scanId)
        expect(items).toEqual(example.expect.findings)
        const gate = example.expect.gate as { failOn: 'high'; verdict: string; counted: string[] }
        const result = gateFindings(items, { scanId, failOn: gate.failOn, ignore: [] })
        expect(result.verdict).toBe(gate.verdict)
        expect(result.counted.map((finding) => finding.id)).toEqual(gate.counted)
        return
      }
      case 'POST /asset/handler/bulk-asset-add': {
        const sent = withOurToken(request!)
        const scope = nock(API)
          .post('/asset/handler/bulk-asset-add', bodyMatcher(request!))
          .reply(response?.status ?? 200, (body ?? {}) as nock.Body, reply)
        await expect(
          api().addAssets(sent.assets as string[], { description: sent.description as string | undefined, source: sent.source as string | undefined })
        ).resolves.toBeUndefined()
        expect(scope.isDone()).toBe(example.expect.accepted)
        return
      }
      case 'POST /auth/check': {
        const scope = nock(API)
          .post('/auth/check', bodyMatcher(request!))
          .reply(response!.status, body as nock.Body, reply)
        await expect(api().checkToken()).resolves.toBeUndefined()
        expect(scope.isDone()).toBe(example.expect.accepted)
        return
      }
      default: {
        // Endpoints the actions never call: the same reading must still take the answer for what it is.
        expect(bodySignalsError(body)).toBe(false)
        const inner = unwrapBody(body)
        if (example.expect.asset !== undefined) expect(toAsset(inner)).toEqual(example.expect.asset)
        if (example.expect.unwrappedKeys !== undefined)
          expect(Object.keys(inner as object)).toEqual(expect.arrayContaining(example.expect.unwrappedKeys as string[]))
        if (example.expect.error !== undefined) expect(bodySignalsError(body)).toBe(example.expect.error)
      }
    }
  })

  const statuses = fixtures.flatMap((file) => (file.statuses ?? []).map((status) => ({ file: file.name, ...status })))
  it.each(statuses.map((status) => [status.value, status] as const))('reads the finding status %j, and the gate treats it as documented', (_value, status) => {
    expect(normaliseStatus(status.value)).toBe(status.normalised)
    const finding = toFinding({ id: 'f-1', title: 'A finding', severity: 'high', status: status.value })!
    expect(isTriaged(finding)).toBe(status.gate === 'left out')
  })

  const severities = fixtures.flatMap((file) => file.severities ?? [])
  it.each(severities.map((severity) => [severity.value, severity] as const))('reads the severity %j', (_value, severity) => {
    expect(normaliseSeverity(severity.value)).toBe(severity.normalised)
  })

  it('covers every kind of example the brief names: asset, scan, status, finding, and both sets of statuses', () => {
    const endpoints = new Set(examples.map((example) => example.endpoint))
    for (const endpoint of [
      'GET /api/assets',
      'POST /api/scan/create',
      'GET /api/scan/{scan_id}/status',
      'GET /api/findings',
      'POST /asset/handler/bulk-asset-add',
      'POST /auth/check'
    ]) {
      expect(endpoints).toContain(endpoint)
    }
    expect(statuses.length).toBeGreaterThan(5)
    expect(severities.length).toBeGreaterThan(4)
  })
})
