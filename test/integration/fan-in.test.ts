// Fan-in across jobs (docs/design.md, "Fan-in across jobs"): scans started by earlier steps with
// wait: false, gated by one later step through scan-id or scans-from, from the committed bundles.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChosenFinding, Emulator, EmulatorOptions, ResponseShape } from '../../dev/emulator/emulator-options.js'
import type { ScansEntry } from './scans-entry.js'
import { startEmulator } from '../../dev/emulator/server.js'
import { findLeaks } from '../../dev/harness/leak-check.js'
import { startFakeGitHub, type FakeGitHub } from '../../dev/harness/fake-github.js'
import { runStep, type StepResult } from '../../dev/harness/run-step.js'
import { registerAssets, tokenFor } from '../emulator/emulator-requests.js'

const ACTION = 'actions/s4e-trigger-scan'
const ROOT_ACTION = '.'
const CREATE_ROUTE = 'POST /api/scan/create'
const STATUS_ROUTE = 'GET /api/scan/:id/status'
const GITHUB_TOKEN = 'ghs_fanInFakeToken0123456789abcdefgh'
// Each scan ends at its third status request: the wait takes a few intervals, so the bound is tested.
const POLLS_TO_COMPLETE = 3

const HOSTS = ['web-1.example.com', 'web-2.example.com', 'web-3.example.com']
const FINDINGS: Record<string, ChosenFinding[]> = {
  'web-1.example.com': [{ title: 'Reflected XSS in search', severity: 'high', path: '/search?q=' }],
  'web-2.example.com': [{ title: 'Verbose error messages', severity: 'medium', path: '/v1/' }],
  'web-3.example.com': [{ title: 'Missing security headers', severity: 'low', path: '/' }]
}

/** One emulator for a describe block, the test hosts registered, and what its tests ask of it. */
function useEmulator(options: EmulatorOptions) {
  const used = { emulator: undefined as unknown as Emulator }
  beforeAll(async () => {
    used.emulator = await startEmulator({ port: 0, chosenFindings: FINDINGS, ...options })
    const answer = await registerAssets(used.emulator, await tokenFor(used.emulator), [...HOSTS, 'fail-web.example.com'])
    if (answer.status !== 200) throw new Error(`Registering the test assets failed with ${answer.status}.`)
  })
  afterAll(async () => {
    await used.emulator.stop()
  })
  return {
    get emulator() {
      return used.emulator
    },
    credentials: () => ({
      'api-url': used.emulator.url,
      'client-id': used.emulator.credentials.clientId,
      'client-secret': used.emulator.credentials.clientSecret
    }),
    requests: (route: string) => used.emulator.state().requestCounts[route] ?? 0
  }
}

let github: FakeGitHub
beforeAll(async () => {
  github = await startFakeGitHub()
})
afterAll(async () => {
  await github.stop()
})

describe.each<ResponseShape>(['wrapped', 'bare', 'envelope'])('fan-in under the %s shape', (shape) => {
  const used = useEmulator({ shape, scanPollsToComplete: POLLS_TO_COMPLETE })
  const { credentials, requests } = used
  const entries = (text: string | undefined): ScansEntry[] => JSON.parse(text ?? '') as ScansEntry[]

  /** One matrix leg: scans its hosts with wait: false, as an earlier job would, and hands on its scans file. */
  async function startLeg(hosts: string[], stepId: string): Promise<StepResult> {
    const leg = await runStep({ action: ACTION, stepId, inputs: { ...credentials(), asset: hosts.join('\n'), wait: 'false' } })
    expect(leg.exitCode, leg.log).toBe(0)
    return leg
  }

  /** The legs' scans files, downloaded into one folder of the fan-in job's workspace. */
  function downloaded(legs: StepResult[]): string {
    const workspace = mkdtempSync(path.join(tmpdir(), 's4e-fan-in-'))
    mkdirSync(path.join(workspace, 'scans'))
    legs.forEach((leg, index) => copyFileSync(leg.outputs['scans-file'] ?? '', path.join(workspace, 'scans', `leg-${index}.json`)))
    return workspace
  }

  it('gates three scans from two legs by scans-from: no create, one verdict, one row per scan, one comment, one SARIF log', async () => {
    const legs = [await startLeg(HOSTS.slice(0, 2), 'leg_a'), await startLeg(HOSTS.slice(2), 'leg_b')]
    const started = legs.flatMap((leg) => entries(leg.outputs.scans))
    expect(started.map((entry) => entry.status)).toEqual(['queued', 'queued', 'queued'])
    // The scans file holds the scans output, whole.
    expect(JSON.parse(readFileSync(legs[0]?.outputs['scans-file'] ?? '', 'utf8'))).toEqual({ scans: entries(legs[0]?.outputs.scans) })

    const createsBefore = requests(CREATE_ROUTE)
    const statusBefore = requests(STATUS_ROUTE)
    const before = github.comments.length
    const result = await runStep({
      action: ACTION,
      workspace: downloaded(legs),
      inputs: { ...credentials(), 'scans-from': 'scans/*.json', 'poll-interval': '1', 'sarif-file': 's4e.sarif', 'pr-comment': 'true' },
      eventName: 'pull_request',
      githubToken: GITHUB_TOKEN,
      env: { GITHUB_API_URL: github.url }
    })

    expect(requests(CREATE_ROUTE) - createsBefore).toBe(0)
    // One status request per scan per interval, the first check included: exactly the polls each scan needs.
    expect(requests(STATUS_ROUTE) - statusBefore).toBe(HOSTS.length * POLLS_TO_COMPLETE)
    expect(result.exitCode, result.log).toBe(1)
    expect(result.outputs).toMatchObject({
      'scan-id': started.map((entry) => entry['scan-id']).join(' '),
      'asset-id': started.map((entry) => entry['asset-id']).join(' '),
      status: 'completed',
      gate: 'failed',
      'findings-count': '3',
      'high-count': '1'
    })
    expect(entries(result.outputs.scans).map((entry) => [entry.asset, entry['scan-id'], entry.status, entry.gate, entry['findings-count']])).toEqual(
      started.map((entry, index) => [HOSTS[index], entry['scan-id'], 'completed', index === 0 ? 'failed' : 'passed', 1])
    )
    const verdicts = result.errors.filter((error) => error.startsWith('The S4E gate failed'))
    expect(verdicts).toEqual([expect.stringMatching(new RegExp(`^The S4E gate failed: scan ${started[0]?.['scan-id']} `))])
    for (const [index, entry] of started.entries()) expect(result.summary).toContain(`| **${HOSTS[index]}** | ${entry['scan-id']} (quick) | completed |`)
    expect(github.comments.length - before).toBe(1)
    const sarif = JSON.parse(readFileSync(result.outputs['sarif-file'] ?? '', 'utf8'))
    expect(sarif.runs).toHaveLength(1)
    // The fan-in step writes its own scans file too, now with every verdict.
    expect(JSON.parse(readFileSync(result.outputs['scans-file'] ?? '', 'utf8')).scans.map((entry: ScansEntry) => entry.gate)).toEqual([
      'failed',
      'passed',
      'passed'
    ])
    expect(findLeaks(result, [used.emulator.credentials.clientSecret, GITHUB_TOKEN])).toEqual([])
  })

  it('gates scans by scan-id alone, naming each asset from its findings, with no create request', async () => {
    const leg = await startLeg(HOSTS.slice(1), 'leg_ids')
    const started = entries(leg.outputs.scans)
    const createsBefore = requests(CREATE_ROUTE)
    const result = await runStep({
      action: ACTION,
      inputs: { ...credentials(), 'scan-id': started.map((entry) => entry['scan-id']).join(', '), 'poll-interval': '1' }
    })
    expect(requests(CREATE_ROUTE) - createsBefore).toBe(0)
    expect(result.exitCode, result.log).toBe(0)
    expect(result.outputs).toMatchObject({ status: 'completed', gate: 'passed', 'findings-count': '2' })
    expect(entries(result.outputs.scans).map((entry) => [entry['scan-id'], entry.gate])).toEqual(started.map((entry) => [entry['scan-id'], 'passed']))
    for (const [index, entry] of started.entries()) expect(result.summary).toContain(`| **${HOSTS[index + 1]}** | ${entry['scan-id']} (quick) | completed |`)
  })
})

describe('fan-in that cannot gate everything', () => {
  const used = useEmulator({})
  const { credentials, requests } = used

  it('asks for the status of a scan that already completed once: the first check serves the wait too', async () => {
    const done = used.emulator.seedScan({ asset: 'done.example.com', ageMinutes: 5, findings: [] })
    const statusBefore = requests(STATUS_ROUTE)
    const result = await runStep({ action: ACTION, inputs: { ...credentials(), 'scan-id': done, 'poll-interval': '1' } })
    expect(result.exitCode, result.log).toBe(0)
    expect(result.outputs).toMatchObject({ 'scan-id': done, status: 'completed', gate: 'passed' })
    expect(requests(STATUS_ROUTE) - statusBefore).toBe(1)
  })

  it('fails on one failed scan with its own sentence, and still gates the others', async () => {
    const leg = await runStep({ action: ACTION, inputs: { ...credentials(), asset: `${HOSTS[2]} fail-web.example.com`, wait: 'false' } })
    const started = JSON.parse(leg.outputs.scans ?? '') as ScansEntry[]
    const result = await runStep({
      action: ACTION,
      inputs: { ...credentials(), 'scan-id': started.map((entry) => entry['scan-id']).join(' '), 'poll-interval': '1' }
    })
    expect(result.exitCode, result.log).toBe(1)
    expect(result.outputs).toMatchObject({ status: 'failed', gate: 'skipped' })
    expect((JSON.parse(result.outputs.scans ?? '') as ScansEntry[]).map((entry) => [entry.status, entry.gate])).toEqual([
      ['completed', 'passed'],
      ['failed', 'skipped']
    ])
    expect(result.errors).toEqual([expect.stringMatching(new RegExp(`^Scan ${started[1]?.['scan-id']} ended failed on S4E`))])
  })

  it('fails in one sentence naming an unknown scan id, and gates the known one', async () => {
    const leg = await runStep({ action: ACTION, inputs: { ...credentials(), asset: HOSTS[2] ?? '', wait: 'false' } })
    const known = leg.outputs['scan-id'] ?? ''
    const result = await runStep({ action: ACTION, inputs: { ...credentials(), 'scan-id': `${known} s-999999`, 'poll-interval': '1' } })
    expect(result.exitCode, result.log).toBe(1)
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^No scan s-999999 exists on the S4E installation at http:\/\/127\.0\.0\.1:\d+ \(its status answered HTTP 404\): check the scan-id input/
      )
    ])
    expect(result.outputs['scan-id']).toBe(`${known} `)
  })

  it('refuses, before any request, a file that holds no scans array, naming the file', async () => {
    const workspace = mkdtempSync(path.join(tmpdir(), 's4e-fan-in-'))
    writeFileSync(path.join(workspace, 'leg.json'), JSON.stringify({ results: [] }))
    const tokensBefore = used.emulator.state().tokenExchanges
    const result = await runStep({ action: ACTION, workspace, inputs: { ...credentials(), 'scans-from': '*.json' } })
    expect(result.exitCode).toBe(1)
    expect(result.errors).toEqual([
      expect.stringMatching(new RegExp(`^The scans file ${path.join(workspace, 'leg.json').replace(/[.]/g, '\\.')} holds no scans array`))
    ])
    expect(used.emulator.state().tokenExchanges).toBe(tokensBefore)
  })

  it('refuses scan-id together with asset in one sentence, before any request', async () => {
    const statusBefore = requests(STATUS_ROUTE)
    const result = await runStep({ action: ROOT_ACTION, inputs: { ...credentials(), asset: HOSTS[0] ?? '', 'scan-id': 's-2001' } })
    expect(result.exitCode).toBe(1)
    expect(result.errors).toEqual([expect.stringMatching(/^Both asset and scan-id or scans-from were given: /)])
    expect(requests(STATUS_ROUTE)).toBe(statusBefore)
  })
})
