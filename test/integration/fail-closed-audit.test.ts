// Issue 19's cases that the other bundle tests left out or covered under one shape only, run from dist/ against the
// emulator (docs/design.md, "Where each defence is tested"): each fails on the code without its defence.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ACCESS_TOKEN_ECHO } from '../../dev/emulator/api-routes.js'
import type { ChosenFinding, Emulator, EmulatorOptions, ResponseShape } from '../../dev/emulator/emulator-options.js'
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET } from '../../dev/emulator/demo-credentials.js'
import { spelledEveryWay } from '../../dev/emulator/hostile-bodies.js'
import { findLeaks } from '../../dev/harness/leak-check.js'
import { runStep, type StepResult } from '../../dev/harness/run-step.js'
import { tokenFor } from '../emulator/emulator-requests.js'
import { startedEmulator } from './started-emulator.js'

const ACTION = 'actions/s4e-trigger-scan'
const SHAPES: ResponseShape[] = ['wrapped', 'bare', 'envelope']
const ASSET = 'app.example.com'
const PRODUCTION = 'example.com'

const emulators: Emulator[] = []
afterAll(async () => {
  await Promise.all(emulators.map((emulator) => emulator.stop()))
})

function emulatorWith(options: EmulatorOptions, assets: string[] = [ASSET]): Promise<Emulator> {
  return startedEmulator(emulators, options, assets)
}

function scanStep(emulator: Emulator, inputs: Record<string, string>, extra: Partial<Parameters<typeof runStep>[0]> = {}): Promise<StepResult> {
  const { clientId, clientSecret } = emulator.credentials
  return runStep({
    action: ACTION,
    inputs: { 'api-url': emulator.url, 'client-id': clientId, 'client-secret': clientSecret, asset: ASSET, ...inputs },
    ...extra
  })
}

const noLeaks = (emulator: Emulator, result: StepResult) =>
  expect(findLeaks(result, [emulator.credentials.clientSecret, emulator.credentials.apiKey])).toEqual([])

/** The findings file's titles marked `mark` by the baseline comparison, sorted. */
function marked(result: StepResult, mark: 'new' | 'existing'): string[] {
  const file = JSON.parse(readFileSync(result.outputs['findings-file']!, 'utf8')) as { findings: { title: string; baseline?: string }[] }
  return file.findings
    .filter((finding) => finding.baseline === mark)
    .map((finding) => finding.title)
    .sort()
}

/** Every severity spelling of issue 19 that the API documents nowhere: strings, numbers, null and none at all. */
const UNDOCUMENTED_SEVERITIES: (string | number | null)[] = ['crit', 'P1', '4', '9.8', 4, 9.8, null, 'missing', 'ｈｉｇｈ', 'hi\u200bgh', 'very high']

describe.each(SHAPES)('issue 19, %s shape', (shape) => {
  it('fails a fail-on: high gate on every undocumented severity, with CVSS 9.8 and without any CVSS', async () => {
    const findings: ChosenFinding[] = UNDOCUMENTED_SEVERITIES.flatMap((severityAs, index) => [
      { title: `Spelling ${index} without CVSS`, severity: 'low', severityAs, cvss: null },
      { title: `Spelling ${index} with CVSS 9.8`, severity: 'low', severityAs, cvss: 9.8 }
    ])
    const emulator = await emulatorWith({ shape, chosenFindings: { [ASSET]: findings } })
    const result = await scanStep(emulator, { 'fail-on': 'high' })
    expect(result.exitCode, result.log).toBe(1)
    expect(result.outputs).toMatchObject({
      gate: 'failed',
      'findings-count': String(findings.length),
      'critical-count': String(findings.length),
      'high-count': '0',
      'medium-count': '0',
      'low-count': '0',
      'info-count': '0'
    })
    expect(result.errors.at(-1)).toMatch(/^The S4E gate failed: scan \S+ has 22 open findings at or above high/)
    noLeaks(emulator, result)
  })

  it('counts a finding whose scan_id is upper-cased', async () => {
    const emulator = await emulatorWith({
      shape,
      scanIdSpelling: 'upper-case',
      chosenFindings: { [ASSET]: [{ title: 'SQL injection in login form', severity: 'critical', path: '/login' }] }
    })
    const result = await scanStep(emulator, { 'fail-on': 'high' })
    expect(result.exitCode, result.log).toBe(1)
    expect(result.outputs).toMatchObject({ gate: 'failed', 'findings-count': '1', 'critical-count': '1' })
  })

  it('marks new a finding that got worse, one at a new place of a baseline finding without a location, and one with a field the baseline lacks', async () => {
    const production: ChosenFinding[] = [
      { title: 'Open redirect in return URL', severity: 'low', path: '/logout?next=' },
      { title: 'Missing Content-Security-Policy header', severity: 'medium', placement: 'none' },
      { title: 'Reflected XSS in search', severity: 'medium', path: '/search', placement: 'fields' },
      { title: 'Verbose error page', severity: 'medium', path: '/api' },
      { title: 'Missing Strict-Transport-Security header', severity: 'low', path: '/' }
    ]
    const preview: ChosenFinding[] = [
      // low on production, critical now: new.
      { title: 'Open redirect in return URL', severity: 'critical', path: '/logout?next=' },
      // Production's has no location, so it does not absorb this one at /admin: new.
      { title: 'Missing Content-Security-Policy header', severity: 'medium', path: '/admin' },
      // A parameter production's does not have: new.
      { title: 'Reflected XSS in search', severity: 'medium', path: '/search', parameter: 'q', placement: 'fields' },
      // A port production's does not have: new.
      { title: 'Verbose error page', severity: 'medium', path: '/api', port: 8443 },
      // The same in every field: existing.
      { title: 'Missing Strict-Transport-Security header', severity: 'low', path: '/' }
    ]
    const emulator = await emulatorWith({ shape, chosenFindings: { [ASSET]: preview }, seededScans: [{ asset: PRODUCTION, findings: production }] })
    const result = await scanStep(emulator, { baseline: `asset:${PRODUCTION}`, 'fail-on': 'high' })
    expect(result.exitCode, result.log).toBe(1)
    expect(result.outputs).toMatchObject({ gate: 'failed', 'new-count': '4', 'existing-count': '1' })
    expect(marked(result, 'new')).toEqual(
      preview
        .slice(0, 4)
        .map((finding) => finding.title)
        .sort()
    )
    expect(marked(result, 'existing')).toEqual(['Missing Strict-Transport-Security header'])
    expect(result.errors.at(-1)).toMatch(/^The S4E gate failed: scan \S+ has 1 new open finding at or above high \(1 critical; not in baseline scan/)
  })

  it('ends a page of escape sequences in every text field with a log free of ESC', async () => {
    const emulator = await emulatorWith({
      shape,
      hostileBodies: [
        { route: 'GET /api/findings', kind: 'escaped-fields' },
        { route: 'GET /api/scan/:id/status', kind: 'escaped-fields' }
      ]
    })
    const result = await scanStep(emulator, { 'fail-on': 'none' })
    expect(result.rawStdout).not.toContain('\u001b')
    expect(result.rawStderr).not.toContain('\u001b')
    expect(result.summary).not.toContain('\u001b')
  })
})

describe.each<ResponseShape>(['bare', 'envelope'])('baseline: previous on a pull request re-run (%s shape; wrapped: pull-request-reruns.test.ts)', (shape) => {
  it('fails the first run and the re-run on the new critical', async () => {
    const preview = 'pr-12.preview.example.com'
    const emulator = await emulatorWith(
      {
        shape,
        chosenFindings: {
          [preview]: [
            { title: 'Missing Strict-Transport-Security header', severity: 'low', path: '/' },
            { title: 'SQL injection in login form', severity: 'critical', path: '/login' }
          ]
        }
      },
      []
    )
    const baseScanId = emulator.seedScan({
      asset: preview,
      ageMinutes: 120,
      findings: [{ title: 'Missing Strict-Transport-Security header', severity: 'low', path: '/' }]
    })
    const repo = { full_name: 'octo-org/octo-repo' }
    const run = () =>
      scanStep(
        emulator,
        { asset: preview, baseline: 'previous', 'fail-on': 'high' },
        {
          eventName: 'pull_request',
          eventPayload: {
            action: 'opened',
            number: 12,
            pull_request: { number: 12, created_at: new Date(Date.now() - 60 * 60_000).toISOString(), head: { repo }, base: { repo } }
          }
        }
      )
    const first = await run()
    const rerun = await run()
    for (const result of [first, rerun]) {
      expect(result.exitCode, result.log).toBe(1)
      expect(result.outputs).toMatchObject({ gate: 'failed', 'baseline-scan-id': baseScanId, 'new-count': '1', 'existing-count': '1' })
    }
    expect(rerun.outputs['scan-id']).not.toBe(first.outputs['scan-id'])
  })
})

describe('rendering and caps, shape-independent', () => {
  it('writes SARIF help markdown and the findings file with no live HTML, link or mention, and no field the step does not name', async () => {
    const secret = 'sk_live_auditUnknownField0123456789'
    const emulator = await emulatorWith({
      chosenFindings: {
        [ASSET]: [
          {
            title: 'Reflected XSS in search',
            severity: 'high',
            extra: {
              description: '<img src="https://evil.example/track.png"> ping @octocat, see [docs](https://evil.example/phish)',
              remediation: '<script>alert(1)</script> ask @org/team',
              internal_note: secret
            }
          }
        ]
      }
    })
    const result = await scanStep(emulator, { 'fail-on': 'none', 'sarif-file': 'out/s4e.sarif', 'findings-file': 'out/findings.json' })
    expect(result.exitCode, result.log).toBe(0)
    const sarif = JSON.parse(readFileSync(result.outputs['sarif-file']!, 'utf8')) as {
      runs: { tool: { driver: { rules: { help: { markdown: string } }[] } } }[]
    }
    const markdown = sarif.runs.flatMap((run) => run.tool.driver.rules.map((rule) => rule.help.markdown)).join('\n')
    expect(markdown).toContain('&lt;img')
    expect(markdown).not.toMatch(/<img|<script|\]\(https:|@octocat|@org\/team/)
    for (const file of [result.outputs['sarif-file']!, result.outputs['findings-file']!]) expect(readFileSync(file, 'utf8')).not.toContain(secret)
    expect(findLeaks(result, [secret])).toEqual([])
  })

  it('refuses 10,000 asset ids in one sentence before any request', async () => {
    const emulator = await emulatorWith({}, [])
    const before = emulator.state().requestCounts
    const ids = Array.from({ length: 10_000 }, (_, index) => `a-${index + 1}`).join(',')
    const result = await scanStep(emulator, { asset: '', 'asset-id': ids })
    expect(result.exitCode).toBe(1)
    expect(result.errors).toEqual([expect.stringMatching(/^10000 assets were given to scan in one step, more than the 256 one scan step takes/)])
    expect(emulator.state().requestCounts).toEqual(before)
    expect(emulator.state().scans).toEqual([])
  })

  it('refuses a scans-from file that is a FIFO instead of hanging', async () => {
    const workspace = mkdtempSync(path.join(tmpdir(), 's4e-fifo-'))
    mkdirSync(path.join(workspace, 'scans'))
    execFileSync('mkfifo', [path.join(workspace, 'scans', 'leg.json')])
    const emulator = await emulatorWith({}, [])
    const result = await scanStep(emulator, { asset: '', 'scans-from': 'scans/leg.json' }, { workspace, timeoutMs: 20_000 })
    expect(result.timedOut).toBe(false)
    expect(result.exitCode).toBe(1)
    expect(result.errors.at(-1)).toMatch(/is a named pipe \(FIFO\) .*, not a regular file, so it was not opened/)
  })
})

/** A secret and the other spellings a server might echo it in (as emulator's spelledEveryWay writes them). */
function spellings(secret: string): string[] {
  const hex = Buffer.from(secret).toString('hex')
  return [
    secret,
    secret.toUpperCase(),
    hex,
    hex.toUpperCase(),
    Buffer.from(secret).toString('base64url'),
    encodeURIComponent(secret).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    [...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')
  ]
}

function expectOutputsRedacted(result: StepResult, secret: string): void {
  expect(result.outputs.status).toContain('***')
  for (const [name, value] of Object.entries(result.outputs)) {
    for (const spelling of spellings(secret)) expect(value, `output ${name}`).not.toContain(spelling)
  }
  expect(findLeaks(result, [secret])).toEqual([])
}

describe('no secret reaches an output of s4e-trigger-scan', () => {
  it.each(SHAPES)('redacts the client secret in a scan status and an asset id the server sends (%s shape)', async (shape) => {
    const [clientId, clientSecret] = [DEMO_CLIENT_ID, DEMO_CLIENT_SECRET]
    const emulator = await emulatorWith({
      shape,
      scanStatusText: { [ASSET]: `queued ${clientSecret} ${spelledEveryWay(clientSecret, `${clientId}:${clientSecret}`)}` },
      // The asset id reaches the asset-id and scans outputs as the server sent it, unnormalised.
      assetIdSuffix: `-${clientSecret}`
    })
    const result = await scanStep(emulator, { wait: 'false' })
    expect(result.exitCode, result.log).toBe(0)
    expect(result.outputs['asset-id']).toMatch(/-\*\*\*$/)
    expectOutputsRedacted(result, clientSecret)
  })

  it('redacts the access token in a scan status the server sends', async () => {
    const emulator = await emulatorWith({ scanStatusText: { [ASSET]: `queued ${ACCESS_TOKEN_ECHO}` } })
    const token = await tokenFor(emulator)
    const result = await runStep({ action: ACTION, inputs: { 'api-url': emulator.url, token, asset: ASSET, wait: 'false' } })
    expect(result.exitCode, result.log).toBe(0)
    expectOutputsRedacted(result, token)
  })
})
