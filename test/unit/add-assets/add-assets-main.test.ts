import * as core from '@actions/core'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import nock from 'nock'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { run } from '../../../src/add-assets/main.js'
import { setInputs } from '../support/action-inputs.js'
import { useStepEnvironment } from '../support/step-environment.js'
import { fakeTiming } from '../support/fake-timing.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const API = 'https://api.s4e.test'
const BULK = '/asset/handler/bulk-asset-add'
const API_KEY = 'key-add-assets-4242'

/** Requests nock saw but no interceptor answered: with disableNetConnect, any request at all shows up here or in a scope. */
const step = useStepEnvironment('s4e-add-assets')
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([])
  nock.cleanAll()
})

const outputs = () => Object.fromEntries(vi.mocked(core.setOutput).mock.calls.map(([name, value]) => [name, String(value)]))
const failures = () => vi.mocked(core.setFailed).mock.calls.map(([message]) => String(message))
const warnings = () => vi.mocked(core.warning).mock.calls.map(([message]) => String(message))
const errors = () => vi.mocked(core.error).mock.calls.map(([message]) => String(message))
const summary = () => readFileSync(step.summaryFile, 'utf8')
const domains = (count: number, prefix = 'host') => Array.from({ length: count }, (_, i) => `${prefix}-${i}.example.com`)

interface BulkBody {
  assets: string[]
  token: string
  description?: string
  source?: string
}

/** Answers bulk-asset-add `times` times with 200, recording each body. */
function acceptBulk(times: number, bodies: BulkBody[] = []): BulkBody[] {
  nock(API, { reqheaders: { authorization: `Bearer ${API_KEY}` } })
    .post(BULK, (body: BulkBody) => {
      bodies.push(body)
      return true
    })
    .times(times)
    .reply(200, { message: 'ok', code: 200 })
  return bodies
}

describe('s4e-add-assets run(): batching', () => {
  it('sends 250 unique assets with batch-size 100 as 3 sequential requests carrying the token and the batch', async () => {
    const assets = domains(250)
    setInputs({ 'api-url': API, 'api-key': API_KEY, assets: assets.join('\n'), 'batch-size': '100', description: 'Deployed by CI', source: 'manuel' })
    const bodies = acceptBulk(3)
    await run({ timing: fakeTiming() })
    expect(failures()).toEqual([])
    expect(bodies.map((body) => body.assets.length)).toEqual([100, 100, 50])
    expect(bodies.flatMap((body) => body.assets)).toEqual(assets)
    for (const body of bodies) expect(body).toMatchObject({ token: API_KEY, description: 'Deployed by CI', source: 'manuel' })
    expect(outputs()).toMatchObject({ 'registered-count': '250', batches: '3', 'invalid-count': '0', invalid: '[]' })
    expect(JSON.parse(outputs().assets!)).toEqual(assets)
  })

  it('normalises and de-duplicates before batching, and leaves description and source out when not given', async () => {
    setInputs({
      'api-url': API,
      'api-key': API_KEY,
      assets: 'https://App.Example.com/x, app.example.com.\n192.0.2.1 # prod\n[2001:DB8::1]:443',
      'batch-size': '2'
    })
    const bodies = acceptBulk(2)
    await run({ timing: fakeTiming() })
    expect(failures()).toEqual([])
    expect(bodies).toEqual([
      { assets: ['app.example.com', '192.0.2.1'], token: API_KEY },
      { assets: ['2001:db8::1'], token: API_KEY }
    ])
  })

  it('exchanges client credentials once for every batch, asking for assets:write when no scope is given', async () => {
    setInputs({ 'api-url': API, 'client-id': 'cid', 'client-secret': 'csecret-aa-1', assets: domains(3).join(' '), 'batch-size': '1' })
    nock(API)
      .post('/oauth/token', { grant_type: 'client_credentials', client_id: 'cid', client_secret: 'csecret-aa-1', scope: 'assets:write' })
      .once()
      .reply(200, {
        access_token: 'tok-exchanged-1',
        token_type: 'Bearer',
        expires_in: 3600
      })
    const bodies: BulkBody[] = []
    nock(API, { reqheaders: { authorization: 'Bearer tok-exchanged-1' } })
      .post(BULK, (body: BulkBody) => bodies.push(body) > 0)
      .times(3)
      .reply(200, { message: 'ok', code: 200 })
    await run({ timing: fakeTiming() })
    expect(failures()).toEqual([])
    expect(bodies.map((body) => body.token)).toEqual(['tok-exchanged-1', 'tok-exchanged-1', 'tok-exchanged-1'])
  })

  it('retries a batch after a 503 and counts it once', async () => {
    setInputs({ 'api-url': API, 'api-key': API_KEY, assets: domains(2).join(','), 'batch-size': '1' })
    nock(API).post(BULK).reply(503, { message: 'busy' }, { 'Retry-After': '2' })
    const bodies = acceptBulk(2)
    const timing = fakeTiming()
    await run({ timing })
    expect(failures()).toEqual([])
    expect(timing.sleeps).toEqual([2000])
    expect(bodies.map((body) => body.assets)).toEqual([['host-0.example.com'], ['host-1.example.com']])
    expect(outputs()).toMatchObject({ 'registered-count': '2', batches: '2' })
  })

  it('reads a relative assets-file against GITHUB_WORKSPACE, as a JSON array too, together with the assets input', async () => {
    mkdirSync(path.join(step.workspace, 'deploy'))
    writeFileSync(path.join(step.workspace, 'deploy', 'assets.json'), JSON.stringify(['b.example.com', 'A.example.com']))
    setInputs({ 'api-url': API, 'api-key': API_KEY, assets: 'a.example.com', 'assets-file': 'deploy/assets.json' })
    const bodies = acceptBulk(1)
    await run({ timing: fakeTiming() })
    expect(failures()).toEqual([])
    expect(bodies[0]!.assets).toEqual(['a.example.com', 'b.example.com'])
  })

  it('registers 10,000 assets in batches of 1000, with outputs under 1 MiB and the full list in a file', async () => {
    const assets = domains(10_000)
    writeFileSync(path.join(step.workspace, 'many.txt'), assets.join('\n'))
    setInputs({ 'api-url': API, 'api-key': API_KEY, 'assets-file': 'many.txt', 'batch-size': '1000' })
    const bodies = acceptBulk(10)
    await run({ timing: fakeTiming() })
    expect(failures()).toEqual([])
    expect(bodies).toHaveLength(10)
    expect(new Set(bodies.flatMap((body) => body.assets)).size).toBe(10_000)
    const out = outputs()
    expect(out['registered-count']).toBe('10000')
    expect(Buffer.byteLength(out.assets!)).toBeLessThan(1024 * 1024)
    expect(out['assets-json-file']!.startsWith(step.runnerTemp)).toBe(true)
    expect(JSON.parse(readFileSync(out['assets-json-file']!, 'utf8'))).toEqual(assets)
  })

  it('cuts the assets output short with a warning when it would exceed 1 MiB, keeping the full list in the file', async () => {
    // 10,000 names of ~150 characters: about 1.5 MB of JSON.
    const long = 'a'.repeat(60)
    const assets = Array.from({ length: 10_000 }, (_, i) => `${long}.${long}.h${i}.example.com`)
    setInputs({ assets: assets.join('\n'), 'dry-run': 'true' })
    await run({ timing: fakeTiming() })
    expect(failures()).toEqual([])
    const out = outputs()
    const shown = JSON.parse(out.assets!) as string[]
    expect(Buffer.byteLength(out.assets!)).toBeLessThan(1024 * 1024)
    expect(shown.length).toBeLessThan(10_000)
    expect(shown).toEqual(assets.slice(0, shown.length))
    expect(warnings()).toContainEqual(expect.stringMatching(new RegExp(`first ${shown.length} of 10000 assets.*assets-json-file`)))
    expect(JSON.parse(readFileSync(out['assets-json-file']!, 'utf8'))).toEqual(assets)
  })
})

describe('s4e-add-assets run(): every input is checked before any request', () => {
  it.each([
    [{ 'batch-size': '0' }, /batch-size input must be a whole number from 1 to 1000, not "0"/],
    [{ 'batch-size': '1001' }, /batch-size input must be a whole number from 1 to 1000/],
    [{ 'batch-size': '1.5' }, /batch-size input must be a whole number/],
    [{ 'batch-size': 'lots' }, /batch-size input must be a whole number/],
    [{ 'on-invalid': 'ignore' }, /on-invalid input must be fail or skip, not "ignore"/],
    [{ source: 'github' }, /source input "github" is not a source S4E knows: use one of manuel, s4e_subdomain_finder/],
    [{ description: 'ab' }, /description input has 2 characters but S4E accepts 3 to 300/],
    [{ description: 'x'.repeat(301) }, /description input has 301 characters but S4E accepts 3 to 300: shorten it/],
    [{ 'dry-run': 'perhaps' }, /dry-run input must be true or false/],
    [{ assets: '' }, /Neither assets nor assets-file was given/],
    [{ assets: '# only a comment\n\n' }, /hold no asset entries/],
    [{ assets: '', 'assets-file': 'missing.txt' }, /assets-file input "missing.txt" names no existing file/],
    [{ assets: '["a.example.com", 7]' }, /The assets input must be a JSON array of strings, but item 2 is the number 7/],
    [{ 'client-id': 'cid' }, /client-id input was given without client-secret/],
    [{ 'api-key': '' }, /No S4E credentials were given/],
    [{ 'api-url': 'http://api.s4e.io' }, /clear text/],
    [{ scope: 'assets:everything' }, /unknown scope/],
    [{ token: 'tok-1', 'token-expires-at': 'tomorrow' }, /token-expires-at input "tomorrow" is not an ISO 8601 instant/]
  ])('fails %o with one sentence and sends no request', async (override, message) => {
    setInputs({ 'api-url': API, 'api-key': API_KEY, assets: 'a.example.com', ...override })
    await run({ timing: fakeTiming() })
    expect(failures()).toEqual([expect.stringMatching(message)])
    expect(failures()[0]!.split('\n')).toHaveLength(1)
    expect(step.unmatched).toEqual([])
  })

  it('would notice a request: the zero-request proof above is not vacuous', async () => {
    setInputs({ 'api-url': API, 'api-key': API_KEY, assets: 'a.example.com' })
    await run({ timing: fakeTiming() })
    // Blocked connections look like network errors, so the core retries them too.
    expect(step.unmatched.length).toBeGreaterThan(0)
    expect(new Set(step.unmatched)).toEqual(new Set([`POST ${BULK}`]))
    expect(failures()).toHaveLength(1)
  })

  it('checks the assets before the credentials, so a token exchange never starts for a bad list', async () => {
    setInputs({ 'api-url': API, 'client-id': 'cid', 'client-secret': 'csecret-x', assets: 'intranet' })
    await run({ timing: fakeTiming() })
    expect(failures()).toEqual([expect.stringMatching(/^1 asset entry is invalid/)])
    expect(step.unmatched).toEqual([])
  })

  it('fails when every entry is invalid even with on-invalid: skip', async () => {
    setInputs({ 'api-url': API, 'api-key': API_KEY, assets: 'intranet 999.1.1.1', 'on-invalid': 'skip' })
    await run({ timing: fakeTiming() })
    expect(failures()).toEqual([expect.stringMatching(/None of the 2 asset entries is valid, so there is nothing to register/)])
    expect(step.unmatched).toEqual([])
  })
})

describe('s4e-add-assets run(): on-invalid', () => {
  const mixed = 'good.example.com intranet 999.1.1.1 198.51.100.7/24 other.example.com'

  it('fail: sends nothing, annotates every bad entry with its reason, fails with one sentence and still sets the outputs', async () => {
    setInputs({ 'api-url': API, 'api-key': API_KEY, assets: mixed })
    await run({ timing: fakeTiming() })
    expect(step.unmatched).toEqual([])
    expect(failures()).toEqual([
      '3 asset entries are invalid (each is listed above with its reason), so nothing was sent: fix or remove them, or set on-invalid: skip to register the valid ones.'
    ])
    expect(errors()).toEqual([
      expect.stringContaining('intranet needs at least two labels'),
      expect.stringContaining('999 is not an octet'),
      expect.stringContaining('the network is 198.51.100.0/24')
    ])
    const out = outputs()
    expect(out).toMatchObject({ 'invalid-count': '3', 'registered-count': '0', batches: '0' })
    expect(JSON.parse(out.invalid!).map((entry: { input: string }) => entry.input)).toEqual(['intranet', '999.1.1.1', '198.51.100.7/24'])
    expect(JSON.parse(out.assets!)).toEqual(['good.example.com', 'other.example.com'])
    expect(summary()).toContain('Invalid entries (3, nothing was sent)')
  })

  it('skip: warns for each bad entry and registers the rest', async () => {
    setInputs({ 'api-url': API, 'api-key': API_KEY, assets: mixed, 'on-invalid': 'skip' })
    const bodies = acceptBulk(1)
    await run({ timing: fakeTiming() })
    expect(failures()).toEqual([])
    expect(bodies[0]!.assets).toEqual(['good.example.com', 'other.example.com'])
    expect(warnings()).toEqual([
      expect.stringContaining('intranet needs at least two labels'),
      expect.stringContaining('999 is not an octet'),
      expect.stringContaining('the network is 198.51.100.0/24')
    ])
    expect(outputs()).toMatchObject({ 'invalid-count': '3', 'registered-count': '2', batches: '1' })
    expect(summary()).toContain('Invalid entries (3, skipped)')
  })
})

describe('s4e-add-assets run(): dry run', () => {
  it('validates and reports without credentials or a request, masking a secret given anyway', async () => {
    setInputs({ assets: 'a.example.com b.example.com intranet', 'on-invalid': 'skip', 'dry-run': 'true', 'client-secret': 'csecret-dry-9' })
    await run({ timing: fakeTiming() })
    expect(failures()).toEqual([])
    expect(step.unmatched).toEqual([])
    expect(core.setSecret).toHaveBeenCalledWith('csecret-dry-9')
    expect(outputs()).toMatchObject({ assets: '["a.example.com","b.example.com"]', 'registered-count': '0', batches: '0', 'invalid-count': '1' })
    expect(summary()).toContain('Dry run: 2 assets would be registered in 1 batch; nothing was sent.')
  })
})

describe('s4e-add-assets run(): a batch that fails', () => {
  it('stops at the failing batch, says how many were registered before it and that a re-run is safe, and sets the outputs so far', async () => {
    setInputs({ 'api-url': API, 'api-key': API_KEY, assets: domains(250).join('\n'), 'batch-size': '100' })
    acceptBulk(1)
    // The core's default policy: five attempts in all.
    nock(API).post(BULK).times(5).reply(503, { message: 'maintenance' })
    await run({ timing: fakeTiming() })
    expect(failures()).toEqual([
      expect.stringMatching(
        /^The S4E API failed on POST \/asset\/handler\/bulk-asset-add with HTTP 503 after every retry \(maintenance\): try again later, or check the S4E status page; 100 of 250 assets were registered before batch 2 of 3 failed, and re-running the step is safe because S4E registration is idempotent\.$/
      )
    ])
    expect(outputs()).toMatchObject({ 'registered-count': '100', batches: '2' })
    expect(summary()).toContain('100 of 250')
  })

  it('names the missing assets:write scope on a 403 insufficient_scope, in the message and the summary', async () => {
    setInputs({ 'api-url': API, 'api-key': API_KEY, assets: 'a.example.com' })
    nock(API)
      .post(BULK)
      .once()
      .reply(403, { error: { code: 'insufficient_scope', message: 'The token lacks assets:write.' } })
    await run({ timing: fakeTiming() })
    expect(failures()).toEqual([
      expect.stringMatching(
        /because the token lacks the assets:write scope .*: request it with `scope: assets:write` or use credentials that have it; no asset was registered before batch 1 of 1 failed/
      )
    ])
    expect(outputs()).toMatchObject({ 'registered-count': '0', batches: '1' })
    expect(summary()).toMatch(/Missing scope:.*<code>assets:write<\/code>/)
  })

  it('never lets a secret into the failure message or the summary', async () => {
    setInputs({ 'api-url': API, 'api-key': API_KEY, assets: 'a.example.com' })
    nock(API)
      .post(BULK)
      .once()
      .reply(400, { message: `key ${API_KEY} may not add <script>` })
    await run({ timing: fakeTiming() })
    expect(failures()).toHaveLength(1)
    expect(failures()[0]).not.toContain(API_KEY)
    expect(summary()).not.toContain(API_KEY)
    expect(summary()).not.toContain('<script>')
  })
})
