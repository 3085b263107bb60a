// s4e-trigger-scan with a baseline, from the committed bundle, against the emulator under every response shape.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChosenFinding, Emulator, ResponseShape } from '../../dev/emulator/emulator-options.js'
import { startEmulator } from '../../dev/emulator/server.js'
import { startFakeGitHub, type FakeGitHub } from '../../dev/harness/fake-github.js'
import { findLeaks } from '../../dev/harness/leak-check.js'
import { runStep, type StepResult } from '../../dev/harness/run-step.js'
import { registerAssets, tokenFor } from '../emulator/emulator-requests.js'

const ACTION = 'actions/s4e-trigger-scan'
const PRODUCTION = 'example.com'
const PREVIEW = 'pr-7.preview.example.com'
const PREVIOUS_PREVIEW = 'pr-8.preview.example.com'
const UNSCANNED = 'staging.example.com'
const GITHUB_TOKEN = 'ghs_baselineFakeToken0123456789abcdef'

/** Production's last scan: what the preview is compared with. */
const PRODUCTION_FINDINGS: ChosenFinding[] = [
  { title: 'SQL injection in login form', severity: 'critical', path: '/login' },
  { title: 'Open redirect in return URL', severity: 'medium', path: '/login?next=' },
  { title: 'Weak TLS protocol TLS 1.0 enabled', severity: 'high', placement: 'none' },
  { title: 'Directory listing enabled', severity: 'medium', path: '/assets/' },
  { title: 'Cookie without Secure flag', severity: 'low', status: 'false_positive' }
]

/** What every scan of the preview finds, each matching (or not) for a reason named beside it. */
const PREVIEW_FINDINGS: ChosenFinding[] = [
  // Same path on another host, in a location object: existing.
  { title: 'SQL injection in login form', severity: 'critical', path: '/login', placement: 'location' },
  // Same title, another path, as a path field: new (and production's /login?next= is fixed).
  { title: 'Open redirect in return URL', severity: 'medium', path: '/logout?next=', placement: 'fields' },
  // Case and white space differ, neither says where: existing (a location on one side only would be new).
  { title: 'weak TLS protocol  TLS 1.0 enabled', severity: 'high', placement: 'none' },
  // Not on production at all: new.
  { title: 'Reflected XSS in search', severity: 'high', path: '/search?q=' },
  // Triaged on production only, so it does not make this one existing: new.
  { title: 'Cookie without Secure flag', severity: 'low', path: '/' },
  // Triaged here: neither new nor existing.
  { title: 'Server version disclosure', severity: 'info', status: 'accepted_risk' }
]
const NEW_TITLES = ['Open redirect in return URL', 'Reflected XSS in search', 'Cookie without Secure flag']
const EXISTING_TITLES = ['SQL injection in login form', 'weak TLS protocol  TLS 1.0 enabled']

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

const sorted = (values: string[]) => [...values].sort()

describe.each<ResponseShape>(['wrapped', 'bare', 'envelope'])('trigger-scan with a baseline under the %s shape', (shape) => {
  let emulator: Emulator
  let productionScanId = ''
  let previousPreviewScanId = ''
  beforeAll(async () => {
    emulator = await startEmulator({
      port: 0,
      shape,
      chosenFindings: { [PREVIEW]: PREVIEW_FINDINGS, [PREVIOUS_PREVIEW]: PREVIEW_FINDINGS },
      seededScans: [{ asset: PRODUCTION, findings: PRODUCTION_FINDINGS }]
    })
    productionScanId = emulator.state().scans[0]!.scan_id
    // The preview's own earlier scan had every finding but the XSS.
    previousPreviewScanId = emulator.seedScan({
      asset: PREVIOUS_PREVIEW,
      ageMinutes: 30,
      findings: PREVIEW_FINDINGS.filter((finding) => !finding.title.includes('XSS'))
    })
    const answer = await registerAssets(emulator, await tokenFor(emulator), [PREVIEW, UNSCANNED])
    if (answer.status !== 200) throw new Error(`Registering the test assets failed with ${answer.status}.`)
  })
  afterAll(async () => {
    await emulator.stop()
  })

  const scan = (inputs: Record<string, string>, extra: Partial<Parameters<typeof runStep>[0]> = {}) =>
    runStep({
      action: ACTION,
      inputs: {
        'api-url': emulator.url,
        'client-id': emulator.credentials.clientId,
        'client-secret': emulator.credentials.clientSecret,
        asset: PREVIEW,
        'sarif-file': 'out/s4e.sarif',
        ...inputs
      },
      ...extra
    })

  function expectComparedWithProduction(result: StepResult): void {
    expect(result.outputs).toMatchObject({ 'baseline-scan-id': productionScanId, 'new-count': '3', 'existing-count': '2', 'fixed-count': '2' })
    const file = JSON.parse(readFileSync(result.outputs['findings-file']!, 'utf8'))
    const marked = (mark: string) => sorted(file.findings.filter((f: { baseline?: string }) => f.baseline === mark).map((f: { title: string }) => f.title))
    expect(marked('new')).toEqual(sorted(NEW_TITLES))
    expect(marked('existing')).toEqual(sorted(EXISTING_TITLES))
    expect(file.scan.baseline).toMatchObject({ found: true, scanId: productionScanId, asset: PRODUCTION, newCount: 3, existingCount: 2, fixedCount: 2 })
    const sarif = JSON.parse(readFileSync(result.outputs['sarif-file']!, 'utf8'))
    const states = sarif.runs[0].results.map(
      (r: { baselineState: string; message: { text: string } }) => `${r.baselineState}: ${r.message.text.split(' (')[0]}`
    )
    expect(sorted(states)).toEqual(sorted([...NEW_TITLES.map((t) => `new: ${t}`), ...EXISTING_TITLES.map((t) => `unchanged: ${t}`)]))
    expect(result.summary).toContain(`**3 new** open findings compared with baseline scan ${productionScanId} of ${PRODUCTION}; 2 existing, 2 fixed.`)
    expect(findLeaks(result, [emulator.credentials.clientSecret, GITHUB_TOKEN])).toEqual([])
  }

  it('asset:<production> gates only on what the preview added, and says so in the outputs, summary, SARIF, findings file and PR comment', async () => {
    const before = comments.length
    const result = await scan(
      { baseline: `asset:${PRODUCTION}`, 'fail-on': 'high', 'pr-comment': 'true' },
      { eventName: 'pull_request', githubToken: GITHUB_TOKEN, env: { GITHUB_API_URL: githubUrl } }
    )
    expect(result.exitCode, result.log).toBe(1)
    expect(result.outputs).toMatchObject({
      gate: 'failed',
      'findings-count': '3',
      'critical-count': '0',
      'high-count': '1',
      'medium-count': '1',
      'low-count': '1'
    })
    expect(result.errors.at(-1)).toMatch(
      new RegExp(
        `^The S4E gate failed: scan \\S+ has 1 new open finding at or above high \\(1 high; not in baseline scan ${productionScanId}\\), such as "Reflected XSS in search"`
      )
    )
    expect(result.summary).toContain('❌ S4E gate failed: 1 new finding at or above high')
    expectComparedWithProduction(result)

    expect(comments).toHaveLength(before + 1)
    const comment = comments.at(-1) ?? ''
    expect(comment).toContain(`**3 new** open findings compared with baseline scan ${productionScanId} of ${PRODUCTION}; 2 existing, 2 fixed.`)
    // The id a user lists under ignore, as the findings file holds it, in the comment's row and the gate's sentence.
    const findings = JSON.parse(readFileSync(result.outputs['findings-file'] ?? '', 'utf8')).findings as Array<{ id: string; title: string }>
    const xssId = findings.find((f) => f.title === 'Reflected XSS in search')?.id ?? 'missing'
    expect(comment).toContain(`| High | ${PREVIEW} | Reflected XSS in search | ${xssId} | 7.5 | **new** |`)
    expect(result.errors.at(-1)).toContain(`"Reflected XSS in search" (id ${xssId}):`)
    expect(comment).not.toContain(GITHUB_TOKEN)
  })

  it('passes a preview whose only critical finding is already on production', async () => {
    const result = await scan({ baseline: `asset:${PRODUCTION}`, 'fail-on': 'critical' })
    expect(result.exitCode, result.log).toBe(0)
    expect(result.outputs.gate).toBe('passed')
    expect(result.summary).toContain('✅ S4E gate passed: no new open findings at or above critical')
    expectComparedWithProduction(result)
  })

  it('scan:<id> compares with that scan', async () => {
    const result = await scan({ baseline: `scan:${productionScanId}`, 'fail-on': 'critical' })
    expect(result.exitCode, result.log).toBe(0)
    expectComparedWithProduction(result)
  })

  it('gate-on: all counts every open finding but still reports the comparison', async () => {
    const result = await scan({ baseline: `asset:${PRODUCTION}`, 'gate-on': 'all', 'fail-on': 'critical' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ gate: 'failed', 'findings-count': '5', 'critical-count': '1' })
    expect(result.errors.at(-1)).toMatch(
      /^The S4E gate failed: scan \S+ has 1 open finding at or above critical \(1 critical\), such as "SQL injection in login form"/
    )
    expect(result.summary).toContain('The gate counts every open finding (gate-on: all).')
    expectComparedWithProduction(result)
  })

  it('previous compares with the latest completed scan of the same asset before this one', async () => {
    const result = await scan({ asset: PREVIOUS_PREVIEW, baseline: 'previous', 'fail-on': 'high' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({
      'baseline-scan-id': previousPreviewScanId,
      'new-count': '1',
      'existing-count': '4',
      'fixed-count': '0',
      'findings-count': '1',
      gate: 'failed'
    })
    expect(result.outputs['scan-id']).not.toBe(previousPreviewScanId)
  })

  it('warns and gates on every open finding when the baseline has no completed scan: stricter, never laxer', async () => {
    const result = await scan({ baseline: `asset:${UNSCANNED}`, 'fail-on': 'critical' })
    expect(result.exitCode).toBe(1)
    expect(result.warnings).toEqual([
      `The baseline asset ${UNSCANNED} has no completed quick scan yet, so the gate counts every open finding of this scan: scan it (for example after each production deploy), or fix the baseline input.`
    ])
    expect(result.outputs).toMatchObject({
      'baseline-scan-id': '',
      gate: 'failed',
      'findings-count': '5',
      'new-count': '5',
      'existing-count': '0',
      'fixed-count': '0'
    })
    const sarif = JSON.parse(readFileSync(result.outputs['sarif-file']!, 'utf8'))
    expect(sarif.runs[0].results.every((r: { baselineState?: string }) => r.baselineState === undefined)).toBe(true)
    expect(result.summary).toContain(`> ${result.warnings[0]}`)
  })
})
