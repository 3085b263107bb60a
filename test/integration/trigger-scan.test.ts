// The s4e-trigger-scan bundle, run the way the runner runs it, against the local emulator.
import { readFileSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator, EmulatorOptions, ResponseShape } from '../../dev/emulator/emulator-options.js'
import { startEmulator } from '../../dev/emulator/server.js'
import { registerAssets, tokenFor } from '../emulator/emulator-requests.js'
import { Job } from '../../dev/harness/job.js'
import { findJobLeaks, findLeaks } from '../../dev/harness/leak-check.js'
import { runStep, type StepResult } from '../../dev/harness/run-step.js'
import { TriggerScanOutput } from '../../src/trigger-scan/names.js'

const ACTION = 'actions/s4e-trigger-scan'
const AUTH = 'actions/s4e-auth'
const SEVERITY_OUTPUTS = ['critical', 'high', 'medium', 'low', 'info'] as const

const emulators: Emulator[] = []
afterAll(async () => {
  await Promise.all(emulators.map((emulator) => emulator.stop()))
})

async function emulatorWith(assets: string[], options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator({ port: 0, ...options })
  emulators.push(emulator)
  const answer = await registerAssets(emulator, await tokenFor(emulator), assets)
  if (answer.status !== 200) throw new Error(`Registering the test assets failed with ${answer.status}.`)
  return emulator
}

function clientInputs(emulator: Emulator, extra: Record<string, string> = {}): Record<string, string> {
  return { 'api-url': emulator.url, 'client-id': emulator.credentials.clientId, 'client-secret': emulator.credentials.clientSecret, ...extra }
}

const scansOf = (emulator: Emulator, asset: string) => emulator.state().scans.filter((scan) => scan.asset_name === asset)
const requestTotal = (emulator: Emulator) => Object.values(emulator.state().requestCounts).reduce((sum, n) => sum + n, 0)

const OUTPUT_NAMES = Object.values(TriggerScanOutput)

/** A run reported once: every output of the action set exactly once. */
function expectEachOutputOnce(result: Pick<StepResult, 'outputNames'>): void {
  const writes: Record<string, number> = {}
  for (const name of result.outputNames) writes[name] = (writes[name] ?? 0) + 1
  expect(writes).toEqual(Object.fromEntries(OUTPUT_NAMES.map((name) => [name, 1])))
}

/** Every run is checked for leaks of the emulator's secrets and of any token a step produced. */
function expectNoLeaks(emulator: Emulator, result: StepResult, extraSecrets: string[] = []): void {
  const { clientSecret, apiKey } = emulator.credentials
  expect(findLeaks(result, [clientSecret, apiKey, ...extraSecrets])).toEqual([])
}

describe.each<ResponseShape>(['wrapped', 'bare', 'envelope'])('auth → trigger-scan under the %s shape', (shape) => {
  let emulator: Emulator
  beforeAll(async () => {
    emulator = await emulatorWith(['preview.example.com', 'clean-app.example.com'], { shape })
  })

  it.each([
    ['preview.example.com', 'low'],
    ['clean-app.example.com', 'high']
  ])('scans %s and gates at %s exactly on the open findings the platform holds', async (asset, failOn) => {
    const job = new Job({ secrets: [emulator.credentials.clientSecret] })
    await job.run('auth', { action: AUTH, inputs: clientInputs(emulator, { scope: 'assets:read scans:write scans:read findings:read' }) })
    const step = await job.run('scan', {
      action: ACTION,
      continueOnError: true,
      inputs: ({ steps }) => ({
        'api-url': emulator.url,
        token: steps.auth!.outputs['access-token']!,
        'token-expires-at': steps.auth!.outputs['expires-at']!,
        asset: asset.toUpperCase(),
        'fail-on': failOn,
        'sarif-file': 'out/s4e.sarif'
      })
    })
    if (step === undefined) throw new Error('The scan step did not run.')

    const [scan] = scansOf(emulator, asset).slice(-1)
    expect(step.outputs['scan-id']).toBe(scan!.scan_id)
    expect(step.outputs['asset-id']).toBe(scan!.asset_id)
    expect(step.outputs.status).toBe('completed')
    const open = scan!.findings.open
    for (const severity of SEVERITY_OUTPUTS) expect(step.outputs[`${severity}-count`], severity).toBe(String(open[severity]))
    const counted = Object.values(open).reduce((sum, n) => sum + n, 0)
    expect(step.outputs['findings-count']).toBe(String(counted))

    const atOrAbove = failOn === 'low' ? open.critical + open.high + open.medium + open.low : open.critical + open.high
    const tripped = atOrAbove > 0
    expect(step.outputs.gate).toBe(tripped ? 'failed' : 'passed')
    expect(step.exitCode, step.log).toBe(tripped ? 1 : 0)
    if (tripped)
      expect(step.errors.at(-1)).toMatch(new RegExp(`^The S4E gate failed: scan ${scan!.scan_id} has ${atOrAbove} open findings? at or above ${failOn} \\(`))
    // The emulator makes clean- assets pass at high and the others fail at low, so both verdicts are covered.
    expect(tripped).toBe(asset.startsWith('preview'))

    const written = JSON.parse(readFileSync(step.outputs['findings-file']!, 'utf8'))
    expect(written.findings).toHaveLength(scan!.findings.total)
    expect(step.outputs['findings-file']).toBe(`${job.runnerTemp}/s4e-findings-${scan!.scan_id.replace(/[^A-Za-z0-9._-]/g, '_')}.json`)
    expect(step.outputs['sarif-file']).toBe(`${job.workspace}/out/s4e.sarif`)
    expect(JSON.parse(readFileSync(step.outputs['sarif-file']!, 'utf8')).version).toBe('2.1.0')
    expect(step.summary).toContain(`| ${scan!.scan_id} (quick) | completed |`)
    expectEachOutputOnce(step)
    expect(findJobLeaks(job, [emulator.credentials.clientSecret, job.steps.auth!.outputs['access-token']!])).toEqual([])
  })
})

describe('trigger-scan against the emulator', () => {
  let emulator: Emulator
  beforeAll(async () => {
    emulator = await emulatorWith(['fail-app.example.com', 'cancel-app.example.com', 'limited.example.com', 'ambiguous.example.com', 'wait.example.com'])
  })
  afterEach(() => emulator.clearFaults())

  it.each([
    ['fail-app.example.com', 'failed'],
    ['cancel-app.example.com', 'cancelled']
  ])('says the scan of %s ended %s, not that the gate failed', async (asset, status) => {
    const result = await runStep({ action: ACTION, inputs: clientInputs(emulator, { asset }) })
    expect(result.exitCode).toBe(1)
    expect(result.errors).toEqual([expect.stringMatching(new RegExp(`^Scan \\S+ ended ${status} on S4E, so the gate was not evaluated: `))])
    expect(result.outputs).toMatchObject({ status, gate: 'skipped', 'findings-count': '0', 'findings-file': '' })
    expect(result.outputs['scan-id']).toBe(scansOf(emulator, asset).at(-1)?.scan_id)
    expectEachOutputOnce(result)
    expectNoLeaks(emulator, result)
  })

  it('turns a failed scan into a warning with fail-on-scan-error: false', async () => {
    const result = await runStep({ action: ACTION, inputs: clientInputs(emulator, { asset: 'fail-app.example.com', 'fail-on-scan-error': 'false' }) })
    expect(result.exitCode, result.log).toBe(0)
    expect(result.warnings.some((line) => /ended failed on S4E/.test(line))).toBe(true)
    expect(result.outputs).toMatchObject({ status: 'failed', gate: 'skipped' })
    expectNoLeaks(emulator, result)
  })

  it('creates exactly one scan when the create limit answers 429 once', async () => {
    emulator.injectFault({ route: 'POST /api/scan/create', count: 1, kind: 'status', status: 429, retryAfter: 1 })
    const before = emulator.state().requestCounts['POST /api/scan/create'] ?? 0
    const result = await runStep({ action: ACTION, inputs: clientInputs(emulator, { asset: 'limited.example.com', 'fail-on': 'none' }) })
    expect(result.exitCode, result.log).toBe(0)
    expect((emulator.state().requestCounts['POST /api/scan/create'] ?? 0) - before).toBe(2)
    expect(scansOf(emulator, 'limited.example.com')).toHaveLength(1)
    expect(result.outputs['scan-id']).toBe(scansOf(emulator, 'limited.example.com')[0]!.scan_id)
    expect(result.log).toMatch(/rate limiting this client; retrying POST \/api\/scan\/create/)
    expectNoLeaks(emulator, result)
  })

  it('adopts the scan after an ambiguous create (502 after processing) instead of creating a second one', async () => {
    emulator.injectFault({ route: 'POST /api/scan/create', count: 1, kind: 'status', status: 502, after: true })
    const result = await runStep({ action: ACTION, inputs: clientInputs(emulator, { asset: 'ambiguous.example.com', 'fail-on': 'none' }) })
    expect(result.exitCode, result.log).toBe(0)
    const scans = scansOf(emulator, 'ambiguous.example.com')
    expect(scans).toHaveLength(1)
    expect(result.outputs).toMatchObject({ 'scan-id': scans[0]!.scan_id, status: 'completed', gate: 'passed' })
    expect(result.log).toContain(`Found new scan ${scans[0]!.scan_id}`)
    expectNoLeaks(emulator, result)
  })

  it('returns right after creation with wait: false', async () => {
    const statusChecks = () => emulator.state().requestCounts['GET /api/scan/:id/status'] ?? 0
    const before = statusChecks()
    const result = await runStep({ action: ACTION, inputs: clientInputs(emulator, { asset: 'wait.example.com', wait: 'false' }) })
    expect(result.exitCode, result.log).toBe(0)
    expect(result.outputs).toMatchObject({ status: 'queued', gate: 'skipped', 'findings-file': '' })
    expect(statusChecks()).toBe(before)
    expectNoLeaks(emulator, result)
  })
})

describe.concurrent('trigger-scan waits with real (short) time', () => {
  it('stops at a tiny timeout-minutes with status timed-out', async () => {
    const emulator = await emulatorWith(['slow.example.com'], { scanPollsToComplete: 1000 })
    const result = await runStep({
      action: ACTION,
      inputs: clientInputs(emulator, { asset: 'slow.example.com', 'timeout-minutes': '0.02', 'poll-interval': '1' })
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ status: 'timed-out', gate: 'skipped' })
    expect(result.errors).toEqual([
      expect.stringMatching(/did not finish within timeout-minutes \(0\.02\), so the gate was not evaluated and the scan keeps running on S4E/)
    ])
    expect(result.outputs['scan-id']).toBe(scansOf(emulator, 'slow.example.com')[0]!.scan_id)
    expectEachOutputOnce(result)
    expectNoLeaks(emulator, result)
  })

  it('renews an expiring token during the wait with client credentials', async () => {
    const emulator = await emulatorWith(['renew.example.com'], { tokenLifetimeSeconds: 2, scanPollsToComplete: 4, shape: 'bare' })
    const before = emulator.state().tokenExchanges
    const result = await runStep({ action: ACTION, inputs: clientInputs(emulator, { asset: 'renew.example.com', 'poll-interval': '1', 'fail-on': 'none' }) })
    expect(result.exitCode, result.log).toBe(0)
    expect(result.outputs.status).toBe('completed')
    expect(emulator.state().tokenExchanges - before).toBeGreaterThanOrEqual(2)
    expectNoLeaks(emulator, result)
  })

  // The token must still be good when the scan step starts (half its 6 s life), even on a loaded machine.
  it('fails with the scan id and the fix when a token from s4e-auth expires mid-wait without client credentials', async () => {
    const emulator = await emulatorWith(['expiry.example.com'], { tokenLifetimeSeconds: 6, scanPollsToComplete: 30, shape: 'bare' })
    const job = new Job({ secrets: [emulator.credentials.clientSecret] })
    await job.run('auth', { action: AUTH, inputs: clientInputs(emulator) })
    const step = await job.run('scan', {
      action: ACTION,
      continueOnError: true,
      inputs: ({ steps }) => ({
        'api-url': emulator.url,
        token: steps.auth!.outputs['access-token']!,
        'token-expires-at': steps.auth!.outputs['expires-at']!,
        asset: 'expiry.example.com',
        'poll-interval': '1'
      })
    })
    expect(step?.exitCode).toBe(1)
    const scanId = scansOf(emulator, 'expiry.example.com')[0]!.scan_id
    expect(step?.errors).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Scan ${scanId} was started on S4E, but this step could not finish it \\(The S4E access token from the token input expired .*renew it\\): give the step client-id and client-secret too, or run s4e-auth in the same job right before it\\.$`
        )
      )
    ])
    // The last status seen before the token ran out: the scan had not finished.
    expect(step?.outputs).toMatchObject({ 'scan-id': scanId, status: expect.stringMatching(/^(queued|running)$/), gate: 'skipped' })
    expectEachOutputOnce(step ?? { outputNames: [] })
    expect(findJobLeaks(job, [emulator.credentials.clientSecret, job.steps.auth!.outputs['access-token']!])).toEqual([])
  })
})

describe('trigger-scan on a pull request from a fork (no secrets)', () => {
  const forkPayload = {
    action: 'opened',
    number: 9,
    pull_request: { number: 9, head: { repo: { full_name: 'someone/octo-repo', fork: true } }, base: { repo: { full_name: 'octo-org/octo-repo' } } },
    repository: { full_name: 'octo-org/octo-repo' }
  }
  let emulator: Emulator
  beforeAll(async () => {
    emulator = await emulatorWith(['preview.example.com'])
  })

  it('skips with a warning and gate=skipped, sending nothing, with on-missing-credentials: skip', async () => {
    const before = requestTotal(emulator)
    const result = await runStep({
      action: ACTION,
      inputs: { 'api-url': emulator.url, asset: 'preview.example.com', 'on-missing-credentials': 'skip' },
      eventName: 'pull_request',
      eventPayload: forkPayload
    })
    expect(result.exitCode, result.log).toBe(0)
    expect(result.warnings).toEqual([
      expect.stringMatching(/fork someone\/octo-repo .*; s4e-trigger-scan was skipped and passes, because on-missing-credentials is skip\.$/)
    ])
    expect(result.outputs).toMatchObject({ gate: 'skipped', 'scan-id': '', status: '' })
    expect(result.summary).toContain('S4E scan skipped')
    expect(requestTotal(emulator)).toBe(before)
    expectNoLeaks(emulator, result)
  })

  it('fails with the fork sentence, sending nothing, by default', async () => {
    const before = requestTotal(emulator)
    const result = await runStep({
      action: ACTION,
      inputs: { 'api-url': emulator.url, asset: 'preview.example.com' },
      eventName: 'pull_request',
      eventPayload: forkPayload
    })
    expect(result.exitCode).toBe(1)
    expect(result.errors).toEqual([expect.stringMatching(/fork someone\/octo-repo and GitHub does not pass repository secrets .*on-missing-credentials: skip/)])
    expect(result.outputs).toMatchObject({ gate: 'skipped', 'scan-id': '' })
    expect(requestTotal(emulator)).toBe(before)
    expectNoLeaks(emulator, result)
  })
})
