// What GitHub itself accepts, from the committed bundle against the emulator (docs/design.md, "Annotations"):
// the SARIF of 1, 21 and 200 assets holds to every upload rule of docs/api.md, "What GitHub accepts in an uploaded SARIF file",
// and 15 tripped gates stay within the runner's 10 error annotations.
import { readFileSync } from 'node:fs'
import type { Log } from 'sarif'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChosenFinding, Emulator } from '../../dev/emulator/emulator-options.js'
import { startEmulator } from '../../dev/emulator/server.js'
import type { StepResult } from '../../dev/harness/run-step.js'
import { FINGERPRINT_KEY } from '../../src/trigger-scan/report/sarif-log.js'
import { registerAssets, tokenFor } from '../emulator/emulator-requests.js'
import { expectUploadable } from '../sarif/expect-uploadable.js'
import { MANY_SCANS, sarifStep } from '../sarif/sarif-step.js'

const hosts = (count: number, prefix: string) => Array.from({ length: count }, (_, index) => `${prefix}${index + 1}.example.com`)

// Findings that collide on title and URL, or lack a URL: each must stay its own alert.
const COLLIDING: ChosenFinding[] = [
  { title: 'Open port', severity: 'medium', path: '/', port: 8080 },
  { title: 'Open port', severity: 'medium', path: '/', port: 9090 },
  { title: 'SQL injection', severity: 'high', path: '/login', parameter: 'user' },
  { title: 'SQL injection', severity: 'high', path: '/login', parameter: 'password' }
]

let emulator: Emulator
const ONE = hosts(1, 'one')
const TWENTY_ONE = hosts(21, 'mid')
const TWO_HUNDRED = hosts(200, 'big')
const TRIPPED = hosts(15, 'tripped')

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    // Every scan is over at its first status request: one poll per asset.
    ...MANY_SCANS,
    chosenFindings: Object.fromEntries([
      ...[...ONE, ...TWENTY_ONE].map((host) => [host, COLLIDING] as const),
      ...TRIPPED.map((host, index) => [
        host,
        [
          { title: `Critical thing ${index}`, severity: index === 7 ? 'critical' : 'high', path: '/a' },
          { title: 'Weak header', severity: 'high', path: '/b' }
        ] satisfies ChosenFinding[]
      ])
    ])
  })
  const answer = await registerAssets(emulator, await tokenFor(emulator), [...ONE, ...TWENTY_ONE, ...TWO_HUNDRED, ...TRIPPED])
  if (answer.status !== 200) throw new Error(`Registering the test assets failed with ${answer.status}.`)
})
afterAll(async () => {
  await emulator.stop()
})

function scanStep(assets: readonly string[], extra: Record<string, string> = {}): Promise<StepResult> {
  return sarifStep(emulator, assets, extra)
}

describe.each([
  ['1 asset', ONE],
  ['21 assets', TWENTY_ONE],
  ['200 assets', TWO_HUNDRED]
])('the SARIF of %s', (_name, assets) => {
  let result: StepResult
  let log: Log
  beforeAll(async () => {
    result = await scanStep(assets)
    log = expectUploadable(readFileSync(result.outputs['sarif-file'] ?? '', 'utf8'), { fingerprintKey: FINGERPRINT_KEY })
  }, 120_000)

  it('is accepted by every upload rule, with one run for the scan type holding every asset', () => {
    expect(result.exitCode, result.log).toBe(0)
    expect(log.runs.map((run) => run.automationDetails?.id)).toEqual(['s4e/quick/'])
    const assetsInRun = new Set(log.runs[0]!.results!.map((entry) => entry.properties?.asset))
    expect(assetsInRun).toEqual(new Set(assets))
    expect(log.runs[0]!.invocations).toHaveLength(assets.length)
  })

  it('gives findings that share a title and URL, or have none, their own fingerprints', () => {
    const counted = Number(result.outputs['findings-count'])
    expect(log.runs[0]!.results).toHaveLength(counted)
    // expectUploadable holds the fingerprints of a run distinct; the colliding pairs are in it.
    if (assets !== TWO_HUNDRED) expect(log.runs[0]!.results!.filter((entry) => entry.ruleId === 's4e/open-port')).toHaveLength(2 * assets.length)
  })
})

describe('15 assets each with a tripped gate', () => {
  it('shows at most 10 error annotations, the most severe first, then one line naming the rest, and fails once', async () => {
    const result = await scanStep(TRIPPED, { 'fail-on': 'high' })
    expect(result.exitCode, result.log).toBe(1)
    expect(result.errors.length).toBeLessThanOrEqual(10)
    expect(result.errors[0]).toMatch(/^Critical thing 7 \(critical, (CVSS [0-9.]+, )?finding id \S+\) at \S+ on tripped8\.example\.com\.$/)
    expect(result.errors.at(-1)).toMatch(/^The S4E gate failed on 15 of 15 assets: 30 open findings at or above high in all/)
    expect(result.errors.filter((error) => error.startsWith('The S4E gate failed'))).toHaveLength(1)
    // 30 findings, 9 annotated: the notice names the other 21.
    expect(result.errors).toHaveLength(10)
    expect(result.notices).toEqual([
      expect.stringMatching(/^21 more S4E findings at or above high are not annotated \(GitHub shows 10 error and 10 warning annotations per step\)/)
    ])
    // Each gate's own sentence is still in the log.
    expect(result.log.match(/The S4E gate failed: scan \S+ has 2 open findings/g)).toHaveLength(15)
  }, 120_000)
})
