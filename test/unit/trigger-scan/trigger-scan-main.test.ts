import * as core from '@actions/core'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import nock from 'nock'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { run } from '../../../src/trigger-scan/main.js'
import { TriggerScanOutput } from '../../../src/trigger-scan/names.js'
import { setInputs } from '../support/action-inputs.js'
import { useStepEnvironment } from '../support/step-environment.js'
import { fakeTiming, sleepUntilAborted, type FakeTiming } from '../support/fake-timing.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const API = 'https://api.s4e.test'
const CLIENT_SECRET = 'client-secret-trigger-5151'
const START = Date.parse('2026-11-28T12:00:00Z')

const step = useStepEnvironment('s4e-trigger')
let timing: FakeTiming
beforeEach(() => {
  timing = fakeTiming(START)
})
afterEach(() => {
  const pending = nock.pendingMocks()
  nock.cleanAll()
  expect(step.unmatched).toEqual([])
  expect(pending).toEqual([])
})

const OUTPUT_NAMES = Object.values(TriggerScanOutput).sort()
/** How many times each output was set: every name exactly once is a run reported once. */
const outputWrites = () => {
  const counts: Record<string, number> = {}
  for (const [name] of vi.mocked(core.setOutput).mock.calls) counts[name] = (counts[name] ?? 0) + 1
  return counts
}
const outputs = () => Object.fromEntries(vi.mocked(core.setOutput).mock.calls.map(([name, value]) => [name, String(value)]))
const failures = () => vi.mocked(core.setFailed).mock.calls.map(([message]) => String(message))
const warnings = () => vi.mocked(core.warning).mock.calls.map(([message]) => String(message))
const infos = () => vi.mocked(core.info).mock.calls.map(([message]) => String(message))

function credentialInputs(extra: Record<string, string> = {}): Record<string, string> {
  return { 'api-url': API, 'client-id': 'client-trigger', 'client-secret': CLIENT_SECRET, summary: 'false', 'poll-interval': '10', ...extra }
}

const iso = (ms: number) => new Date(ms).toISOString()
/** The asset's scans listed before the create: none yet. */
const NO_SCANS = { data: [], meta: { total_pages: 1 } }

interface RawFinding {
  id: string | number
  title: string
  severity: string
  status: string
  cvss?: number
  scan_id?: string | number
}

function rawFinding(id: number, severity: string, status = 'open', scanId: string | number = 's-1'): RawFinding {
  return { id: `f-${id}`, title: `Finding ${id} (${severity})`, severity, status, cvss: 5, scan_id: scanId }
}

/** Token exchange, asset lookup and a scan created as s-1; returns the scope for more interceptors. */
function happyStart(options: { expiresIn?: number; tokens?: number } = {}) {
  return nock(API)
    .post('/oauth/token')
    .times(options.tokens ?? 1)
    .reply(200, () => ({ access_token: `token-${Math.random().toString(36).slice(2, 12)}`, token_type: 'Bearer', expires_in: options.expiresIn ?? 3600 }))
    .get('/api/assets')
    .query({ search: 'preview.example.com', page: '1', per_page: '100' })
    .reply(200, {
      data: [
        { id: 'a-9', name: 'preview.example.com.evil' },
        { id: 'a-1', name: 'Preview.Example.com' }
      ],
      meta: { total_pages: 1 }
    })
    .get('/api/scans')
    .query(true)
    .reply(200, NO_SCANS)
    .post('/api/scan/create', { asset_id: 'a-1', scan_type: 'quick' })
    .reply(201, { data: { scan_id: 's-1', asset_id: 'a-1', scan_type: 'quick', status: 'queued', created_at: iso(START) } })
}

const MIXED_FINDINGS: RawFinding[] = [
  rawFinding(1, 'critical'),
  rawFinding(2, 'High'),
  rawFinding(3, 'high', 'False Positive'),
  rawFinding(4, 'medium', 'accepted_risk'),
  rawFinding(5, 'low'),
  rawFinding(6, 'Informational', 'Re-Opened'),
  rawFinding(7, 'critical', 'open', 's-other')
]

describe('s4e-trigger-scan run()', () => {
  it('resolves the asset, scans, writes every finding to the file and fails a tripped gate with outputs set', async () => {
    setInputs(credentialInputs({ asset: 'preview.example.com', 'findings-file': 'reports/s4e.json' }))
    happyStart()
      .get('/api/scan/s-1/status')
      .reply(200, { data: { scan_id: 's-1', status: 'running', progress: 50, current_phase: 'vulnerability_scan' } })
      .get('/api/scan/s-1/status')
      .reply(200, { data: { scan_id: 's-1', status: 'completed', progress: 100 } })
      .get('/api/findings')
      .query({ scan_id: 's-1', page: '1', per_page: '100' })
      .reply(200, { data: MIXED_FINDINGS, meta: { total_pages: 1 } })

    await run({ timing })

    const file = path.join(step.workspace, 'reports/s4e.json')
    expect(outputs()).toEqual({
      'scan-id': 's-1',
      'asset-id': 'a-1',
      status: 'completed',
      gate: 'failed',
      'findings-count': '4',
      'critical-count': '1',
      'high-count': '1',
      'medium-count': '0',
      'low-count': '1',
      'info-count': '1',
      'findings-file': file,
      'sarif-file': '',
      'baseline-scan-id': '',
      'new-count': '4',
      'existing-count': '0',
      'fixed-count': '0',
      scans: JSON.stringify([
        {
          asset: 'Preview.Example.com',
          'asset-id': 'a-1',
          'scan-id': 's-1',
          status: 'completed',
          gate: 'failed',
          'findings-count': 4,
          counts: { critical: 1, high: 1, medium: 0, low: 1, info: 1 }
        }
      ])
    })
    const written = JSON.parse(readFileSync(file, 'utf8'))
    expect(written.scan).toMatchObject({ scanId: 's-1', assetId: 'a-1', status: 'completed', gate: 'failed' })
    expect(written.findings.map((f: { id: string }) => f.id)).toEqual(['f-1', 'f-2', 'f-3', 'f-4', 'f-5', 'f-6', 'f-7'])
    expect(failures()).toEqual([
      'The S4E gate failed: scan s-1 has 2 open findings at or above high (1 critical, 1 high), such as "Finding 1 (critical)" (id f-1), "Finding 2 (High)" (id f-2): fix them, triage them on S4E (false positive, accepted risk), or list their ids under ignore.'
    ])
    expect(timing.sleeps).toEqual([10_000])
    // The file holds all 7; findings-count is 4: the log line says where the other 3 went.
    expect(infos()).toContain(`Wrote all 7 findings of scan s-1 to ${file} (4 counted by the gate, 2 triaged on S4E, 1 naming another scan).`)
  })

  it('passes the gate when the tripping findings are ignored, and writes the findings file to RUNNER_TEMP by default', async () => {
    setInputs(credentialInputs({ asset: 'preview.example.com', ignore: 'f-1\nFinding 2 (High)\n', summary: 'true' }))
    happyStart()
      .get('/api/scan/s-1/status')
      .reply(200, { data: { scan_id: 's-1', status: 'completed' } })
      .get('/api/findings')
      .query(true)
      .reply(200, { data: MIXED_FINDINGS, meta: { total_pages: 1 } })

    await run({ timing })

    expect(failures()).toEqual([])
    expect(outputs()).toMatchObject({ gate: 'passed', 'findings-count': '2', 'findings-file': path.join(step.runnerTemp, 's4e-findings-s-1.json') })
    const summary = readFileSync(step.summaryFile, 'utf8')
    expect(summary).toContain('S4E gate passed')
    expect(summary).toContain('2 findings left out as already triaged')
    expect(summary).toContain('2 findings left out by the ignore input')
  })

  it('adopts the scan after an ambiguous create failure instead of creating a second one', async () => {
    setInputs(credentialInputs({ 'asset-id': 'a-1', 'fail-on': 'none' }))
    const old = { scan_id: 's-old', asset_id: 'a-1', scan_type: 'quick', status: 'completed', created_at: iso(START - 20_000) }
    const creates = nock(API)
      .post('/oauth/token')
      .reply(200, { access_token: 'token-adopt-1234', token_type: 'Bearer', expires_in: 3600 })
      .get('/api/scans')
      .query({ asset_id: 'a-1', page: '1', per_page: '100' })
      .reply(200, { data: [old], meta: { total_pages: 1 } })
      .post('/api/scan/create')
      .once()
      .reply(502, '<html>Bad Gateway</html>')
      .get('/api/scans')
      .query({ asset_id: 'a-1', page: '1', per_page: '100' })
      .reply(200, {
        data: [{ scan_id: 's-new', asset_id: 'a-1', scan_type: 'quick', status: 'queued', created_at: iso(START + 500) }, old],
        meta: { total_pages: 1 }
      })
      .get('/api/scan/s-new/status')
      .reply(200, { data: { status: 'completed' } })
      .get('/api/findings')
      .query(true)
      .reply(200, { data: [rawFinding(1, 'critical', 'open', 's-new')] })

    await run({ timing })

    expect(creates.isDone()).toBe(true)
    expect(failures()).toEqual([])
    expect(outputs()).toMatchObject({ 'scan-id': 's-new', status: 'completed', gate: 'passed', 'critical-count': '1' })
    expect(infos().some((line) => line.includes('Found new scan s-new'))).toBe(true)
  })

  it('creates again after an ambiguous failure only when no new scan of the asset appears within the settle window', async () => {
    // timeout-minutes 0.2 gives a settle window of 6 s: listings at 0, 2, 4 and 6 s.
    setInputs(credentialInputs({ 'asset-id': 'a-1', wait: 'false', 'timeout-minutes': '0.2' }))
    const old = { data: [{ scan_id: 's-old', asset_id: 'a-1', scan_type: 'quick', status: 'completed', created_at: iso(START - 20_000) }] }
    const scope = nock(API)
      .post('/oauth/token')
      .reply(200, { access_token: 'token-again-1234', token_type: 'Bearer', expires_in: 3600 })
      .get('/api/scans')
      .query(true)
      .reply(200, old)
      .post('/api/scan/create')
      .reply(504, { message: 'gateway timeout' })
      .get('/api/scans')
      .query(true)
      .times(4)
      .reply(200, old)
      .post('/api/scan/create')
      .reply(201, { data: { scan_id: 's-2', status: 'queued' } })
      .get('/api/scans')
      .query(true)
      .reply(200, old)

    await run({ timing })

    expect(scope.isDone()).toBe(true)
    expect(outputs()).toMatchObject({ 'scan-id': 's-2', 'asset-id': 'a-1', status: 'queued', gate: 'skipped' })
    expect(failures()).toEqual([])
    expect(warnings()).toEqual([])
  })

  it('renews the token during a long wait with client credentials', async () => {
    // 120 s tokens are renewed 60 s before expiry: status checks at 0, 50, … 250 s renew at 100 and 200 s.
    setInputs(credentialInputs({ asset: 'preview.example.com', 'poll-interval': '50', 'fail-on': 'none' }))
    const scope = happyStart({ expiresIn: 120, tokens: 3 })
    scope
      .get('/api/scan/s-1/status')
      .times(5)
      .reply(200, { data: { status: 'running' } })
    scope.get('/api/scan/s-1/status').reply(200, { data: { status: 'completed' } })
    scope.get('/api/findings').query(true).reply(200, { data: [] })

    await run({ timing })

    expect(failures()).toEqual([])
    expect(outputs()).toMatchObject({ status: 'completed', gate: 'passed' })
    // Exactly three exchanges: nock answers three, and a fourth would be an step.unmatched request.
    expect(infos().filter((line) => line.includes('about to expire'))).toHaveLength(2)
  })

  it('renews once after a 401 invalid_token in the middle of the wait', async () => {
    setInputs(credentialInputs({ asset: 'preview.example.com', 'fail-on': 'none' }))
    happyStart({ tokens: 2 })
      .get('/api/scan/s-1/status')
      .reply(200, { data: { status: 'running' } })
      .get('/api/scan/s-1/status')
      .reply(401, { error: 'invalid_token', error_description: 'The access token expired.' })
      .get('/api/scan/s-1/status')
      .reply(200, { data: { status: 'completed' } })
      .get('/api/findings')
      .query(true)
      .reply(200, { data: [] })

    await run({ timing })

    expect(failures()).toEqual([])
    expect(outputs()).toMatchObject({ status: 'completed', gate: 'passed' })
  })

  it('fails with the scan id and how to fix it when a token without client credentials expires mid-wait', async () => {
    setInputs({
      'api-url': API,
      token: 'token-from-auth-step-7777',
      'token-expires-at': iso(START + 90_000),
      'asset-id': 'a-1',
      'poll-interval': '60',
      summary: 'false'
    })
    nock(API)
      .get('/api/scans')
      .query(true)
      .reply(200, NO_SCANS)
      .post('/api/scan/create')
      .reply(201, { data: { scan_id: 's-1', asset_id: 'a-1', scan_type: 'quick', status: 'queued' } })
      .get('/api/scan/s-1/status')
      .twice()
      .reply(200, { data: { status: 'running' } })

    await run({ timing })

    expect(failures()).toEqual([
      'Scan s-1 was started on S4E, but the S4E access token from the token input expired at 2026-11-28T12:01:30Z and this step has no client credentials to renew it: give the step client-id and client-secret too, or run s4e-auth in the same job right before it.'
    ])
    expect(outputs()).toMatchObject({ 'scan-id': 's-1', 'asset-id': 'a-1', status: 'running', gate: 'skipped', 'findings-file': '' })
  })

  it.each([
    ['wrapped, meta.total_pages', (page: RawFinding[], n: number) => ({ data: page, meta: { page: n, per_page: 100, total: 150, total_pages: 2 } })],
    ['bare array, no meta', (page: RawFinding[]) => page],
    ['{"findings": [...]}, no meta', (page: RawFinding[]) => ({ findings: page })],
    ['envelope, no total_pages', (page: RawFinding[]) => ({ code: 200, message: 'ok', error: false, value: page })]
  ])('reads every page of findings: %s', async (_shape, render) => {
    setInputs(credentialInputs({ 'asset-id': 'a-1', 'fail-on': 'critical' }))
    const all = Array.from({ length: 150 }, (_, i) => rawFinding(i + 1, i === 149 ? 'critical' : 'low'))
    nock(API)
      .post('/oauth/token')
      .reply(200, { access_token: 'token-pages-1234', token_type: 'Bearer', expires_in: 3600 })
      .get('/api/scans')
      .query(true)
      .reply(200, NO_SCANS)
      .post('/api/scan/create')
      .reply(201, { data: { scan_id: 's-1', status: 'queued' } })
      .get('/api/scan/s-1/status')
      .reply(200, { data: { status: 'completed' } })
      .get('/api/findings')
      .query({ scan_id: 's-1', page: '1', per_page: '100' })
      .reply(200, render(all.slice(0, 100), 1))
      .get('/api/findings')
      .query({ scan_id: 's-1', page: '2', per_page: '100' })
      .reply(200, render(all.slice(100), 2))

    await run({ timing })

    expect(outputs()).toMatchObject({ 'findings-count': '150', 'low-count': '149', 'critical-count': '1', gate: 'failed' })
    expect(failures()[0]).toMatch(/1 open finding at or above critical \(1 critical\), such as "Finding 150 \(critical\)"/)
  })

  it('says the scan failed, not the gate, with the scan id; fail-on-scan-error false turns it into a warning', async () => {
    for (const failOnScanError of ['true', 'false']) {
      vi.clearAllMocks()
      setInputs(credentialInputs({ 'asset-id': 'a-1', 'fail-on-scan-error': failOnScanError }))
      nock(API)
        .post('/oauth/token')
        .reply(200, { access_token: 'token-failed-1234', token_type: 'Bearer', expires_in: 3600 })
        .get('/api/scans')
        .query(true)
        .reply(200, NO_SCANS)
        .post('/api/scan/create')
        .reply(201, { data: { scan_id: 's-1', status: 'queued' } })
        .get('/api/scan/s-1/status')
        .reply(200, { data: { status: 'Failed' } })

      await run({ timing })

      const message = 'Scan s-1 ended failed on S4E, so the gate was not evaluated: check the scan in the S4E console and re-run the job.'
      expect(failureOrWarning(failOnScanError)).toEqual([message])
      expect(outputs()).toMatchObject({ 'scan-id': 's-1', status: 'failed', gate: 'skipped', 'findings-count': '0', 'findings-file': '' })
    }
  })

  it('stops waiting at timeout-minutes with status timed-out', async () => {
    setInputs(credentialInputs({ 'asset-id': 'a-1', 'timeout-minutes': '0.5', 'poll-interval': '12' }))
    nock(API)
      .post('/oauth/token')
      .reply(200, { access_token: 'token-timeout-1234', token_type: 'Bearer', expires_in: 3600 })
      .get('/api/scans')
      .query(true)
      .reply(200, NO_SCANS)
      .post('/api/scan/create')
      .reply(201, { data: { scan_id: 's-1', status: 'queued' } })
      .get('/api/scan/s-1/status')
      .times(4)
      .reply(200, { data: { status: 'running', progress: 5 } })

    await run({ timing })

    expect(timing.sleeps).toEqual([12_000, 12_000, 6_000])
    expect(outputs()).toMatchObject({ 'scan-id': 's-1', status: 'timed-out', gate: 'skipped' })
    expect(failures()).toEqual([
      'Scan s-1 did not finish within timeout-minutes (0.5), so the gate was not evaluated and the scan keeps running on S4E: raise timeout-minutes, or check the scan in the S4E console.'
    ])
  })

  it('ends the wait at once on a cancel signal, with the scan id in the log and the outputs known so far', async () => {
    setInputs(credentialInputs({ 'asset-id': 'a-1' }))
    nock(API)
      .post('/oauth/token')
      .reply(200, { access_token: 'token-cancel-1234', token_type: 'Bearer', expires_in: 3600 })
      .get('/api/scans')
      .query(true)
      .reply(200, NO_SCANS)
      .post('/api/scan/create')
      .reply(201, { data: { scan_id: 's-1', status: 'queued' } })
      .get('/api/scan/s-1/status')
      .reply(200, { data: { status: 'running' } })
    // The poll sleep never ends on its own: only the signal can end this run.
    const stuck = { ...timing, sleep: sleepUntilAborted }
    const running = run({ timing: stuck, signals: ['SIGUSR2'] })
    await vi.waitFor(() => expect(infos()).toContain('Scan s-1: running.'))
    process.emit('SIGUSR2', 'SIGUSR2')
    await running

    expect(failures()).toEqual([
      'The workflow was cancelled while waiting for scan s-1 (last status running); the scan keeps running on S4E, so check it there or re-run the job.'
    ])
    expect(outputs()).toMatchObject({ 'scan-id': 's-1', 'asset-id': 'a-1', status: 'running', gate: 'skipped' })
    expect(process.listenerCount('SIGUSR2')).toBe(0)
  })

  it('returns right after creation with wait: false', async () => {
    nock(API)
      .post('/oauth/token')
      .reply(200, { access_token: 'token-nowait-1234', token_type: 'Bearer', expires_in: 3600 })
      .get('/api/scans')
      .query(true)
      .reply(200, NO_SCANS)
      .post('/api/scan/create', { asset_id: 'a-1', scan_type: 'full', options: { ports: '1-1024' }, priority: 'high' })
      .reply(201, { data: { scan_id: 's-1', status: 'queued' } })
    setInputs(
      credentialInputs({ 'asset-id': 'a-1', wait: 'false', summary: 'true', 'scan-type': 'full', 'scan-options': '{"ports": "1-1024"}', priority: 'High' })
    )

    await run({ timing })

    expect(failures()).toEqual([])
    expect(outputs()).toMatchObject({ 'scan-id': 's-1', status: 'queued', gate: 'skipped', 'findings-file': '' })
    expect(timing.sleeps).toEqual([])
    expect(readFileSync(step.summaryFile, 'utf8')).toContain('not evaluated')
  })

  it('posts the same report as the summary as the PR comment on a pull request', async () => {
    setInputs(credentialInputs({ 'asset-id': 'a-1', 'pr-comment': 'true', 'github-token': 'ghs_unit_token_4242', 'fail-on': 'none' }))
    const eventPath = path.join(step.workspace, 'event.json')
    const repo = { full_name: 'octo-org/octo-repo' }
    writeFileSync(eventPath, JSON.stringify({ pull_request: { number: 7, head: { repo }, base: { repo } } }))
    process.env.GITHUB_EVENT_PATH = eventPath
    process.env.GITHUB_EVENT_NAME = 'pull_request'
    process.env.GITHUB_REPOSITORY = 'octo-org/octo-repo'
    process.env.GITHUB_API_URL = 'https://github.example.test/api/v3'
    nock(API)
      .post('/oauth/token')
      .reply(200, { access_token: 'token-comment-1234', token_type: 'Bearer', expires_in: 3600 })
      .get('/api/scans')
      .query(true)
      .reply(200, NO_SCANS)
      .post('/api/scan/create')
      .reply(201, { data: { scan_id: 's-1', status: 'queued' } })
      .get('/api/scan/s-1/status')
      .reply(200, { data: { status: 'completed' } })
      .get('/api/findings')
      .query(true)
      .reply(200, { data: [rawFinding(1, 'high')] })
    let posted = ''
    const github = nock('https://github.example.test')
      .get('/api/v3/repos/octo-org/octo-repo/issues/7/comments')
      .query(true)
      .reply(200, [])
      .post('/api/v3/repos/octo-org/octo-repo/issues/7/comments', (body: { body: string }) => {
        posted = body.body
        return true
      })
      .reply(201, { id: 1, html_url: 'https://github.example.test/octo-org/octo-repo/pull/7#issuecomment-1' })

    try {
      await run({ timing })
    } finally {
      delete process.env.GITHUB_API_URL
      delete process.env.GITHUB_REPOSITORY
    }

    expect(github.isDone()).toBe(true)
    expect(failures()).toEqual([])
    expect(posted).toMatch(/\| s-1 \(quick\) \| completed \|/)
    expect(posted).toMatch(/\| High \| [^|]+ \| Finding 1 \(high\) \| f-1 \| 5\.0 \|/)
    expect(posted).toContain('✅ S4E gate passed (fail-on: none)')
  })

  it('with baseline: asset:<name>, gates only on findings production does not have, whatever shape the answers take', async () => {
    setInputs(credentialInputs({ 'asset-id': 'a-1', baseline: 'asset:example.com', 'fail-on': 'high' }))
    nock(API)
      .post('/oauth/token')
      .reply(200, { access_token: 'token-baseline-1234', token_type: 'Bearer', expires_in: 3600 })
      .get('/api/scans')
      .query({ asset_id: 'a-1', page: '1', per_page: '100' })
      .reply(200, NO_SCANS)
      .post('/api/scan/create')
      .reply(201, { data: { scan_id: 's-1', status: 'queued', created_at: iso(START) } })
      .get('/api/scan/s-1/status')
      .reply(200, { data: { status: 'completed' } })
      .get('/api/findings')
      .query({ scan_id: 's-1', page: '1', per_page: '100' })
      .reply(200, {
        findings: [
          {
            id: 11,
            title: 'SQL  Injection',
            severity: 'CRITICAL',
            status: 'Open',
            scan_id: 's-1',
            location: { url: 'https://pr-1.example.com/login', parameter: 'user' }
          },
          { id: 12, title: 'Reflected XSS', severity: 'High', status: 'Open', scan_id: 's-1', path: '/search?q=' }
        ]
      })
      .get('/api/assets')
      .query({ search: 'example.com', page: '1', per_page: '100' })
      .reply(200, [{ id: 77, name: 'example.com' }])
      .get('/api/scans')
      .query({ asset_id: '77', page: '1', per_page: '100' })
      .reply(200, {
        code: 200,
        message: 'ok',
        error: false,
        value: [{ scan_id: 's-prod', asset_id: 77, scan_type: 'quick', status: 'completed', created_at: iso(START - 3_600_000) }]
      })
      .get('/api/findings')
      .query({ scan_id: 's-prod', page: '1', per_page: '100' })
      .reply(200, [
        { id: 1, title: 'sql injection', severity: 'critical', status: 'open', scan_id: 's-prod', url: 'https://example.com/login', parameter: 'user' },
        { id: 2, title: 'Directory listing', severity: 'medium', status: 'open', scan_id: 's-prod' }
      ])

    await run({ timing })

    expect(Object.values(outputWrites()).every((count) => count === 1)).toBe(true)
    expect(outputs()).toMatchObject({
      gate: 'failed',
      'findings-count': '1',
      'critical-count': '0',
      'high-count': '1',
      'baseline-scan-id': 's-prod',
      'new-count': '1',
      'existing-count': '1',
      'fixed-count': '1'
    })
    expect(failures()).toEqual([
      'The S4E gate failed: scan s-1 has 1 new open finding at or above high (1 high; not in baseline scan s-prod), such as "Reflected XSS" (id 12): fix them, triage them on S4E (false positive, accepted risk), or list their ids under ignore.'
    ])
    expect(warnings()).toEqual([])
  })

  it('names the missing asset and suggests s4e-add-assets, with outputs set', async () => {
    setInputs(credentialInputs({ asset: 'missing.example.com' }))
    nock(API)
      .post('/oauth/token')
      .reply(200, { access_token: 'token-missing-1234', token_type: 'Bearer', expires_in: 3600 })
      .get('/api/assets')
      .query(true)
      .reply(200, { data: [{ id: 'a-2', name: 'other.example.com' }], meta: { total_pages: 1 } })

    await run({ timing })

    expect(failures()).toEqual([
      'No asset named "missing.example.com" is registered in this S4E workspace: register it first with the s4e-add-assets action (or the assets input of the root action), or pass its id as asset-id.'
    ])
    expect(outputs()).toMatchObject({ 'scan-id': '', 'asset-id': '', status: '', gate: 'skipped' })
  })
})

describe('s4e-trigger-scan outputs', () => {
  const tokenAndScan = () =>
    nock(API)
      .post('/oauth/token')
      .reply(200, { access_token: 'token-once-1234', token_type: 'Bearer', expires_in: 3600 })
      .get('/api/scans')
      .query(true)
      .reply(200, NO_SCANS)
      .post('/api/scan/create')
      .reply(201, { data: { scan_id: 's-1', status: 'queued' } })
  const completedWith = (findings: RawFinding[]) => () =>
    tokenAndScan()
      .get('/api/scan/s-1/status')
      .reply(200, { data: { status: 'completed' } })
      .get('/api/findings')
      .query(true)
      .reply(200, { data: findings })

  it.each<[string, Record<string, string>, () => unknown, string, string]>([
    ['a passed gate', {}, completedWith([rawFinding(1, 'low')]), 'completed', 'passed'],
    ['a tripped gate', {}, completedWith([rawFinding(1, 'critical')]), 'completed', 'failed'],
    [
      'a scan that ended failed',
      {},
      () =>
        tokenAndScan()
          .get('/api/scan/s-1/status')
          .reply(200, { data: { status: 'failed' } }),
      'failed',
      'skipped'
    ],
    [
      'a scan broken by the API',
      {},
      () =>
        tokenAndScan()
          .get('/api/scan/s-1/status')
          .reply(404, { error: { code: 'not_found', message: 'No such scan.' } }),
      'queued',
      'skipped'
    ],
    [
      'a timeout',
      { 'timeout-minutes': '0.25' },
      () =>
        tokenAndScan()
          .get('/api/scan/s-1/status')
          .times(3)
          .reply(200, { data: { status: 'running' } }),
      'timed-out',
      'skipped'
    ],
    ['refused input', { 'fail-on': 'severe' }, () => undefined, '', 'skipped']
  ])('writes every output exactly once on %s', async (_name, extra, serve, status, gate) => {
    setInputs(credentialInputs({ 'asset-id': 'a-1', ...extra }))
    serve()

    await run({ timing })

    expect(Object.keys(outputWrites()).sort()).toEqual(OUTPUT_NAMES)
    expect(Object.values(outputWrites()).every((count) => count === 1)).toBe(true)
    expect(outputs()).toMatchObject({ status, gate })
  })

  it('still reports the gate, with the findings-file output empty, when the findings file cannot be written', async () => {
    setInputs(credentialInputs({ 'asset-id': 'a-1', 'findings-file': 'blocker/s4e.json', 'fail-on': 'none' }))
    // The path passes the check before any request, then a file takes the folder's place mid-run.
    tokenAndScan()
      .get('/api/scan/s-1/status')
      .reply(200, { data: { status: 'completed' } })
      .get('/api/findings')
      .query(true)
      .reply(200, () => {
        rmSync(path.join(step.workspace, 'blocker'), { recursive: true, force: true })
        writeFileSync(path.join(step.workspace, 'blocker'), 'a file where a folder should be')
        return { data: [rawFinding(1, 'high')] }
      })

    await run({ timing })

    expect(Object.values(outputWrites()).every((count) => count === 1)).toBe(true)
    expect(outputs()).toMatchObject({ gate: 'passed', 'findings-count': '1', 'findings-file': '' })
    expect(failures()).toEqual([
      expect.stringMatching(/^The findings file of scan s-1 could not be written \(.+\): choose a findings-file path the job may write to\.$/)
    ])
  })
})

function failureOrWarning(failOnScanError: string): string[] {
  return failOnScanError === 'true' ? failures() : warnings()
}

describe('s4e-trigger-scan input checks', () => {
  it.each([
    ['both asset and asset-id', { asset: 'a.example.com', 'asset-id': 'a-1' }, /Both asset and asset-id were given/],
    ['neither asset nor asset-id', {}, /No asset to scan was given/],
    ['a poll-interval below 1', { 'asset-id': 'a-1', 'poll-interval': '0.5' }, /poll-interval input must be a number of seconds of at least 1/],
    ['a timeout-minutes of 0', { 'asset-id': 'a-1', 'timeout-minutes': '0' }, /timeout-minutes input must be a number of minutes above 0/],
    ['an unknown fail-on', { 'asset-id': 'a-1', 'fail-on': 'severe' }, /fail-on input must be one of critical, high, medium, low, info, none/],
    ['scan-options that are not an object', { 'asset-id': 'a-1', 'scan-options': '[1,2]' }, /scan-options input must be a JSON object/],
    ['scan-options that are not JSON', { 'asset-id': 'a-1', 'scan-options': '{ports: 1}' }, /scan-options input is not valid JSON/],
    ['an unknown priority', { 'asset-id': 'a-1', priority: 'urgent' }, /priority input must be one of low, normal, high/],
    ['a wait that is not a boolean', { 'asset-id': 'a-1', wait: 'maybe' }, /wait input must be true or false/],
    ['an unknown on-missing-credentials', { 'asset-id': 'a-1', 'on-missing-credentials': 'ignore' }, /on-missing-credentials input must be fail or skip/],
    [
      'a baseline that is not one',
      { 'asset-id': 'a-1', baseline: 'production' },
      /^The baseline input "production" is not a baseline: use none, previous, asset:<name or id> \(such as asset:example\.com\) or scan:<id>\.$/
    ],
    ['an unknown gate-on', { 'asset-id': 'a-1', baseline: 'previous', 'gate-on': 'changed' }, /^The gate-on input must be new or all, not "changed"\.$/]
  ])('refuses %s before any request, with outputs set', async (_name, extra, message) => {
    setInputs(credentialInputs(extra))
    await run({ timing })
    expect(failures()).toHaveLength(1)
    expect(failures()[0]).toMatch(message)
    expect(outputs()).toMatchObject({ 'scan-id': '', gate: 'skipped', 'findings-count': '0' })
    // disableNetConnect and no interceptors: any request would show up as step.unmatched (checked after each test).
  })

  it('masks the client secret before anything else and never prints it', async () => {
    setInputs(credentialInputs({ 'asset-id': 'a-1', 'fail-on': 'severe' }))
    await run({ timing })
    expect(vi.mocked(core.setSecret)).toHaveBeenCalledWith(CLIENT_SECRET)
    expect(failures().join('\n')).not.toContain(CLIENT_SECRET)
  })
})

describe('s4e-trigger-scan without credentials', () => {
  function forkPullRequest(): void {
    const eventPath = path.join(step.workspace, 'event.json')
    writeFileSync(
      eventPath,
      JSON.stringify({
        pull_request: {
          number: 12,
          head: { repo: { full_name: 'someone/octo-repo', fork: true } },
          base: { repo: { full_name: 'octo-org/octo-repo' } }
        }
      })
    )
    process.env.GITHUB_EVENT_PATH = eventPath
    process.env.GITHUB_EVENT_NAME = 'pull_request'
  }

  it('skips with a warning, gate=skipped and zero requests when on-missing-credentials is skip', async () => {
    setInputs({ 'api-url': API, asset: 'preview.example.com', 'on-missing-credentials': 'skip', summary: 'true' })
    forkPullRequest()

    await run({ timing })

    expect(failures()).toEqual([])
    expect(warnings()).toHaveLength(1)
    expect(warnings()[0]).toMatch(/fork someone\/octo-repo .* The S4E scan was skipped because on-missing-credentials is skip\.$/)
    expect(outputs()).toMatchObject({ gate: 'skipped', 'scan-id': '', status: '', 'findings-count': '0' })
    expect(readFileSync(step.summaryFile, 'utf8')).toContain('S4E scan skipped')
  })

  it('fails with the fork sentence when on-missing-credentials is fail', async () => {
    setInputs({ 'api-url': API, asset: 'preview.example.com' })
    forkPullRequest()

    await run({ timing })

    expect(failures()).toHaveLength(1)
    expect(failures()[0]).toMatch(
      /GitHub does not pass repository secrets to workflows run for fork pull requests: guard the job .*on-missing-credentials: skip/
    )
    expect(outputs()).toMatchObject({ gate: 'skipped', 'scan-id': '' })
  })

  it('still refuses contradictory credentials with skip', async () => {
    setInputs({ 'api-url': API, asset: 'preview.example.com', 'client-id': 'only-the-id', 'on-missing-credentials': 'skip' })
    await run({ timing })
    expect(failures()[0]).toMatch(/client-id input was given without client-secret/)
  })
})
