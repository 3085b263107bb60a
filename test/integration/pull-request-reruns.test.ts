// baseline: previous on a pull request, end to end from the bundle: a finding the pull request brings stays new on every re-run and push (docs/design.md, "Re-runs of a pull request").
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChosenFinding, Emulator } from '../../dev/emulator/emulator-options.js'
import { startEmulator } from '../../dev/emulator/server.js'
import { runStep, type StepResult } from '../../dev/harness/run-step.js'

const ACTION = 'actions/s4e-trigger-scan'
const PREVIEW = 'pr-12.preview.example.com'
const OPENED_MINUTES_AGO = 60

/** What the asset had before the pull request: the base branch's scan. */
const BEFORE: ChosenFinding[] = [
  { title: 'Missing Strict-Transport-Security header', severity: 'low', path: '/' },
  { title: 'Open redirect in return URL', severity: 'low', path: '/logout?next=' }
]
/** What every scan of the pull request finds: one new critical, and a low that became high. */
const WITH_PULL_REQUEST: ChosenFinding[] = [
  { title: 'Missing Strict-Transport-Security header', severity: 'low', path: '/' },
  { title: 'Open redirect in return URL', severity: 'high', path: '/logout?next=' },
  { title: 'SQL injection in login form', severity: 'critical', path: '/login' }
]

let emulator: Emulator
let baseScanId = ''
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, chosenFindings: { [PREVIEW]: WITH_PULL_REQUEST } })
  baseScanId = emulator.seedScan({ asset: PREVIEW, ageMinutes: 2 * OPENED_MINUTES_AGO, findings: BEFORE })
})
afterAll(async () => {
  await emulator.stop()
})

/** The step with baseline: previous on the preview, gating at high. */
function previousBaselineInputs(): Record<string, string> {
  const { clientId, clientSecret } = emulator.credentials
  return { 'api-url': emulator.url, 'client-id': clientId, 'client-secret': clientSecret, asset: PREVIEW, baseline: 'previous', 'fail-on': 'high' }
}

function pullRequestRun(action: 'opened' | 'synchronize'): Promise<StepResult> {
  const repo = { full_name: 'octo-org/octo-repo' }
  return runStep({
    action: ACTION,
    eventName: 'pull_request',
    eventPayload: {
      action,
      number: 12,
      pull_request: { number: 12, created_at: new Date(Date.now() - OPENED_MINUTES_AGO * 60_000).toISOString(), head: { repo }, base: { repo } }
    },
    inputs: previousBaselineInputs()
  })
}

function expectComparedWithTheBase(result: StepResult): void {
  expect(result.exitCode, result.log).toBe(1)
  expect(result.outputs).toMatchObject({ gate: 'failed', 'baseline-scan-id': baseScanId, 'new-count': '2', 'existing-count': '1', 'fixed-count': '0' })
  expect(result.errors.at(-1)).toMatch(/^The S4E gate failed: scan \S+ has 2 new open findings at or above high/)
}

describe('baseline: previous on a pull request', () => {
  it('fails on the new critical (and the low that got worse) on the first run, the re-run and the next push', async () => {
    const first = await pullRequestRun('opened')
    expectComparedWithTheBase(first)
    // The re-run: run 1's scan is completed now, but it was made after the pull request was opened.
    const rerun = await pullRequestRun('opened')
    expectComparedWithTheBase(rerun)
    expect(rerun.outputs['scan-id']).not.toBe(first.outputs['scan-id'])
    const push = await pullRequestRun('synchronize')
    expectComparedWithTheBase(push)
  })

  it('outside a pull request, previous keeps its meaning: the latest completed scan before this one', async () => {
    const result = await runStep({
      action: ACTION,
      inputs: previousBaselineInputs()
    })
    expect(result.exitCode, result.log).toBe(0)
    expect(result.outputs['baseline-scan-id']).not.toBe(baseScanId)
    expect(result.outputs).toMatchObject({ gate: 'passed', 'new-count': '0', 'existing-count': '3' })
  })
})
