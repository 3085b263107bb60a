// Several assets in one s4e-trigger-scan step (and the pipeline's scan-assets: all), from the committed bundles, under every response shape.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChosenFinding, Emulator, ResponseShape, ScanSnapshot } from '../../dev/emulator/emulator-options.js'
import { startEmulator } from '../../dev/emulator/server.js'
import { findLeaks } from '../../dev/harness/leak-check.js'
import { startFakeGitHub, type FakeGitHub } from '../../dev/harness/fake-github.js'
import { REPO_ROOT, runStep } from '../../dev/harness/run-step.js'
import { parseFileCommand } from '../../dev/harness/workflow-commands.js'
import { registerAssets, tokenFor } from '../emulator/emulator-requests.js'
import type { ScansEntry } from './scans-entry.js'

const ACTION = 'actions/s4e-trigger-scan'
const ROOT_ACTION = '.'
const CREATE_ROUTE = 'POST /api/scan/create'
const STATUS_ROUTE = 'GET /api/scan/:id/status'
const GITHUB_TOKEN = 'ghs_severalAssetsFakeToken0123456789ab'

const APP = 'app.example.com'
const API = 'api.example.com'
const CDN = 'cdn.example.com'
const APP_FINDINGS: ChosenFinding[] = [
  { title: 'Reflected XSS in search', severity: 'high', path: '/search?q=' },
  { title: 'Directory listing enabled', severity: 'medium', path: '/assets/' }
]
const API_FINDINGS: ChosenFinding[] = [
  { title: 'Verbose error messages', severity: 'medium', path: '/v1/' },
  { title: 'Server version disclosure', severity: 'low', path: '/' }
]
const CDN_FINDINGS: ChosenFinding[] = [{ title: 'Missing security headers', severity: 'low', path: '/' }]

const PREVIOUS_APP = 'prev-app.example.com'
const PREVIOUS_API = 'prev-api.example.com'
const NEVER_SCANNED = 'prev-new.example.com'

let github: FakeGitHub
let githubUrl = ''
let comments: string[] = []

beforeAll(async () => {
  github = await startFakeGitHub()
  githubUrl = github.url
  comments = github.comments
})
afterAll(async () => {
  await github.stop()
})

describe.each<ResponseShape>(['wrapped', 'bare', 'envelope'])('several assets in one step under the %s shape', (shape) => {
  let emulator: Emulator
  let previousAppScanId = ''
  let previousApiScanId = ''
  beforeAll(async () => {
    emulator = await startEmulator({
      port: 0,
      shape,
      // A create limit of 2 in a short window: the third create gets a 429 with Retry-After.
      rateLimits: { [CREATE_ROUTE]: 2 },
      rateLimitWindowMs: 1_000,
      chosenFindings: {
        [APP]: APP_FINDINGS,
        [API]: API_FINDINGS,
        [CDN]: CDN_FINDINGS,
        [PREVIOUS_APP]: APP_FINDINGS,
        [PREVIOUS_API]: API_FINDINGS,
        [NEVER_SCANNED]: CDN_FINDINGS
      }
    })
    // The previous scan of one asset lacked the XSS; the other's had everything.
    previousAppScanId = emulator.seedScan({ asset: PREVIOUS_APP, ageMinutes: 30, findings: APP_FINDINGS.filter((finding) => !finding.title.includes('XSS')) })
    previousApiScanId = emulator.seedScan({ asset: PREVIOUS_API, ageMinutes: 30, findings: API_FINDINGS })
    const answer = await registerAssets(emulator, await tokenFor(emulator), [
      APP,
      API,
      CDN,
      NEVER_SCANNED,
      'fail-db.example.com',
      'slow-queue.example.com',
      'clean-web.example.com',
      'slow-one.example.com',
      'slow-two.example.com'
    ])
    if (answer.status !== 200) throw new Error(`Registering the test assets failed with ${answer.status}.`)
  })
  afterAll(async () => {
    await emulator.stop()
  })

  const credentials = () => ({ 'api-url': emulator.url, 'client-id': emulator.credentials.clientId, 'client-secret': emulator.credentials.clientSecret })
  const scansOf = (asset: string) => emulator.state().scans.filter((scan) => scan.asset_name === asset)
  const firstScanOf = (asset: string): ScanSnapshot => {
    const [scan] = scansOf(asset)
    if (scan === undefined) throw new Error(`The emulator holds no scan of ${asset}.`)
    return scan
  }
  const requests = (route: string) => emulator.state().requestCounts[route] ?? 0
  const entries = (text: string | undefined): ScansEntry[] => JSON.parse(text ?? '') as ScansEntry[]

  it('creates 3 scans exactly once under a create limit of 2 and a 429, fails the gate on the one asset over it, sums the counts, and reports them once', async () => {
    const createsBefore = requests(CREATE_ROUTE)
    const before = comments.length
    const result = await runStep({
      action: ACTION,
      inputs: {
        ...credentials(),
        asset: `${APP}, ${API}\n${CDN}`,
        'fail-on': 'high',
        'poll-interval': '1',
        'sarif-file': 'out/s4e.sarif',
        'pr-comment': 'true'
      },
      eventName: 'pull_request',
      githubToken: GITHUB_TOKEN,
      env: { GITHUB_API_URL: githubUrl }
    })

    const scans = [APP, API, CDN].map((asset) => scansOf(asset))
    for (const of of scans) expect(of).toHaveLength(1)
    const [app, api, cdn] = [APP, API, CDN].map(firstScanOf) as [ScanSnapshot, ScanSnapshot, ScanSnapshot]
    // Three creates went through; at least one more was answered 429 and waited out, not duplicated.
    expect(requests(CREATE_ROUTE) - createsBefore).toBeGreaterThan(3)
    expect(result.log).toContain('The S4E API is rate limiting this client')

    expect(result.exitCode, result.log).toBe(1)
    expect(result.outputs).toMatchObject({
      'scan-id': `${app.scan_id} ${api.scan_id} ${cdn.scan_id}`,
      'asset-id': `${app.asset_id} ${api.asset_id} ${cdn.asset_id}`,
      status: 'completed',
      gate: 'failed',
      'findings-count': '5',
      'critical-count': '0',
      'high-count': '1',
      'medium-count': '2',
      'low-count': '2',
      'info-count': '0'
    })
    const listed = entries(result.outputs.scans)
    expect(listed.map((entry) => [entry.asset, entry['scan-id'], entry.status, entry.gate, entry['findings-count']])).toEqual([
      [APP, app.scan_id, 'completed', 'failed', 2],
      [API, api.scan_id, 'completed', 'passed', 2],
      [CDN, cdn.scan_id, 'completed', 'passed', 1]
    ])
    expect(listed[0]?.counts).toEqual({ critical: 0, high: 1, medium: 1, low: 0, info: 0 })
    expect(listed[0]).not.toHaveProperty('new-count')
    // One tripped gate, one failure sentence (the other errors are the finding's annotations).
    const verdicts = result.errors.filter((error) => error.startsWith('The S4E gate failed'))
    expect(verdicts).toHaveLength(1)
    expect(verdicts[0]).toMatch(new RegExp(`^The S4E gate failed: scan ${app.scan_id} has 1 open finding at or above high`))

    const file = JSON.parse(readFileSync(result.outputs['findings-file'] ?? '', 'utf8'))
    expect(file.scans.map((entry: { scan: { scanId: string } }) => entry.scan.scanId)).toEqual([app.scan_id, api.scan_id, cdn.scan_id])
    expect(file.scans[1].findings.map((finding: { title: string }) => finding.title).sort()).toEqual(API_FINDINGS.map((finding) => finding.title).sort())
    const sarif = JSON.parse(readFileSync(result.outputs['sarif-file'] ?? '', 'utf8'))
    // One run for the scan type, holding every asset's results.
    expect(sarif.runs.map((run: { automationDetails: { id: string } }) => run.automationDetails.id)).toEqual(['s4e/quick/'])

    expect(result.summary).toContain('❌ S4E gate failed: 1 finding at or above high on 1 of 3 assets')
    for (const [asset, scan] of [
      [APP, app],
      [API, api],
      [CDN, cdn]
    ] as const)
      expect(result.summary).toContain(`| **${asset}** | ${scan.scan_id} (quick) | completed |`)
    const xssId =
      (file.scans[0].findings as Array<{ id: string; title: string }>).find((finding) => finding.title === 'Reflected XSS in search')?.id ?? 'missing'
    // The id a user lists under ignore stands in the row, as in the one-asset report.
    expect(result.summary).toContain(`| High | ${APP} | Reflected XSS in search | ${xssId} |`)
    // One comment for the whole set, with one row per asset.
    expect(comments.length - before).toBe(1)
    expect(comments.at(-1)).toContain('❌ S4E gate failed: 1 finding at or above high on 1 of 3 assets')
    expect(findLeaks(result, [emulator.credentials.clientSecret, GITHUB_TOKEN])).toEqual([])
  })

  it('with one scan failing and one timing out, reports status timed-out and gate skipped, naming both, within the status-request bound', async () => {
    const statusBefore = requests(STATUS_ROUTE)
    const timeoutMinutes = 0.05
    const intervalSeconds = 1
    const result = await runStep({
      action: ACTION,
      inputs: {
        ...credentials(),
        asset: 'fail-db.example.com slow-queue.example.com clean-web.example.com',
        'timeout-minutes': String(timeoutMinutes),
        'poll-interval': String(intervalSeconds)
      }
    })
    const failed = firstScanOf('fail-db.example.com')
    const slow = firstScanOf('slow-queue.example.com')
    const clean = firstScanOf('clean-web.example.com')
    expect(result.exitCode, result.log).toBe(1)
    expect(result.outputs).toMatchObject({ status: 'timed-out', gate: 'skipped', 'scan-id': `${failed.scan_id} ${slow.scan_id} ${clean.scan_id}` })
    expect(entries(result.outputs.scans).map((entry) => [entry.status, entry.gate])).toEqual([
      ['failed', 'skipped'],
      ['timed-out', 'skipped'],
      ['completed', 'passed']
    ])
    expect(result.errors).toEqual([
      expect.stringMatching(new RegExp(`^Scan ${failed.scan_id} ended failed on S4E`)),
      expect.stringMatching(new RegExp(`^Scan ${slow.scan_id} did not finish within timeout-minutes \\(0\\.05\\)`))
    ])
    // One status request per scan per interval: at most scans × (D / interval + 2).
    expect(requests(STATUS_ROUTE) - statusBefore).toBeLessThanOrEqual(3 * ((timeoutMinutes * 60) / intervalSeconds + 2))
  })

  it('applies the baseline per asset: each scan is compared with its own previous scan', async () => {
    const result = await runStep({
      action: ACTION,
      inputs: { ...credentials(), asset: `${PREVIOUS_APP}\n${PREVIOUS_API}\n${NEVER_SCANNED}`, baseline: 'previous', 'fail-on': 'high', 'poll-interval': '1' }
    })
    expect(result.exitCode, result.log).toBe(1)
    const listed = entries(result.outputs.scans)
    expect(listed.map((entry) => [entry.asset, entry['baseline-scan-id'], entry['new-count'], entry.gate])).toEqual([
      [PREVIOUS_APP, previousAppScanId, 1, 'failed'],
      [PREVIOUS_API, previousApiScanId, 0, 'passed'],
      [NEVER_SCANNED, '', 1, 'passed']
    ])
    expect(result.outputs).toMatchObject({
      'baseline-scan-id': `${previousAppScanId} ${previousApiScanId}`,
      'new-count': '2',
      'existing-count': '3',
      gate: 'failed'
    })
    expect(result.warnings.join('\n')).toContain(NEVER_SCANNED)
  })

  it("the pipeline's scan-assets: all scans every asset it registered, in one step", async () => {
    const hosts = ['clean-one.example.com', 'clean-two.example.com']
    const result = await runStep({ action: ROOT_ACTION, inputs: { ...credentials(), assets: hosts.join('\n'), 'scan-assets': 'all', 'poll-interval': '1' } })
    expect(result.exitCode, result.log).toBe(0)
    const scans = hosts.map((host) => scansOf(host))
    for (const of of scans) expect(of).toHaveLength(1)
    expect(result.outputs).toMatchObject({
      'registered-count': '2',
      'scan-id': scans.map((of) => of[0]?.scan_id).join(' '),
      status: 'completed',
      gate: 'passed'
    })
    expect(entries(result.outputs.scans).map((entry) => entry.asset)).toEqual(hosts)
    expect(findLeaks(result, [emulator.credentials.clientSecret], { allowOutputs: [], allowEnv: [] })).toEqual([])
  })

  it('SIGTERM stops every wait at once and names every scan', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 's4e-several-cancel-'))
    const outputFile = path.join(root, 'output')
    writeFileSync(outputFile, '')
    writeFileSync(path.join(root, 'summary'), '')
    const hosts = ['slow-one.example.com', 'slow-two.example.com']
    const inputs: Record<string, string> = { ...credentials(), asset: hosts.join(','), 'poll-interval': '60', 'timeout-minutes': '10' }
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: path.join(root, 'summary'),
      GITHUB_WORKSPACE: root,
      RUNNER_TEMP: root,
      ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]))
    }
    const statusBefore = requests(STATUS_ROUTE)
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist/trigger-scan/index.js')], { env, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    child.stdout.setEncoding('utf8')
    const waiting = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk
        if ((stdout.match(/Scan \S+: running/g) ?? []).length >= 2) resolve()
      })
    })
    const exited = new Promise<number>((resolve) => child.once('close', (code) => resolve(code ?? -1)))
    await Promise.race([waiting, exited.then((code) => Promise.reject(new Error(`The step exited (${code}) before waiting:\n${stdout}`)))])
    // Each scan was checked once; the next checks are 60 s away.
    expect(requests(STATUS_ROUTE) - statusBefore).toBe(2)
    child.kill('SIGTERM')
    expect(await exited).toBe(1)
    expect(requests(STATUS_ROUTE) - statusBefore).toBe(2)
    const ids = hosts.map((host) => firstScanOf(host).scan_id)
    for (const id of ids) expect(stdout).toContain(`::error::The workflow was cancelled while waiting for scan ${id} (last status running)`)
    expect(parseFileCommand(readFileSync(outputFile, 'utf8'))).toMatchObject({ 'scan-id': ids.join(' '), status: 'running', gate: 'skipped' })
  })
})
