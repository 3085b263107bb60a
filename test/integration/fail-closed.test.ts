// The s4e-trigger-scan bundle fails closed against a server that answers findings it cannot read whole (docs/design.md, "What fails closed").
import { afterAll, describe, expect, it } from 'vitest'
import {
  FINDINGS_ANSWERS,
  type ChosenFinding,
  type Emulator,
  type EmulatorOptions,
  type PageMetaMode,
  type ResponseShape
} from '../../dev/emulator/emulator-options.js'
import { startEmulator } from '../../dev/emulator/server.js'
import { findLeaks } from '../../dev/harness/leak-check.js'
import { runStep, type StepResult } from '../../dev/harness/run-step.js'
import { registerAssets, tokenFor } from '../emulator/emulator-requests.js'

const ACTION = 'actions/s4e-trigger-scan'
const SHAPES: ResponseShape[] = ['wrapped', 'bare', 'envelope']
const ASSET = 'app.example.com'

const emulators: Emulator[] = []
afterAll(async () => {
  await Promise.all(emulators.map((emulator) => emulator.stop()))
})

async function emulatorWith(options: EmulatorOptions, findings?: ChosenFinding[]): Promise<Emulator> {
  const emulator = await startEmulator({ port: 0, ...options, ...(findings !== undefined ? { chosenFindings: { [ASSET]: findings } } : {}) })
  emulators.push(emulator)
  const answer = await registerAssets(emulator, await tokenFor(emulator), [ASSET])
  if (answer.status !== 200) throw new Error(`Registering the test asset failed with ${answer.status}.`)
  return emulator
}

function scanStep(emulator: Emulator, inputs: Record<string, string> = {}, timeoutMs?: number): Promise<StepResult> {
  const { clientId, clientSecret } = emulator.credentials
  return runStep({
    action: ACTION,
    inputs: { 'api-url': emulator.url, 'client-id': clientId, 'client-secret': clientSecret, asset: ASSET, ...inputs },
    timeoutMs
  })
}

/** The asset by id, so no asset search comes first. */
const byId = (emulator: Emulator) => ({ asset: '', 'asset-id': emulator.state().assets[0]?.id ?? '' })

/** Broken, never "0 findings": status failed, gate skipped, one error naming the cause. */
function expectBroken(emulator: Emulator, result: StepResult, sentence: RegExp): void {
  expect(result.exitCode, result.log).toBe(1)
  expect(result.outputs).toMatchObject({ status: 'failed', gate: 'skipped' })
  expect(result.errors.at(-1)).toMatch(sentence)
  expect(findLeaks(result, [emulator.credentials.clientSecret, emulator.credentials.apiKey])).toEqual([])
}

/** The open findings the emulator holds for the asset's scan, by severity. */
const openOf = (emulator: Emulator) => emulator.state().scans.find((scan) => scan.asset_name === ASSET)?.findings.open

describe.each(SHAPES)('the gate fails closed (%s shape)', (shape) => {
  it.each(FINDINGS_ANSWERS)('a findings answer that is not a listing (%s) breaks the scan, never passes it', async (answer) => {
    const emulator = await emulatorWith({ shape, findingsAnswer: answer })
    const result = await scanStep(emulator, { 'fail-on': 'critical' })
    expectBroken(
      emulator,
      result,
      /^Scan \S+ was started on S4E, but this step could not finish it \(The S4E API answered GET \/api\/findings \(page 1\) with something other than a list of findings/
    )
  })

  it.each<[string, EmulatorOptions, number]>([
    // 130 findings at 50 a page, then the empty page that ends the listing.
    ['a page size cap without meta', { pageSizeCap: 50, pageMeta: 'none' }, 4],
    // Page 3 is short and the truthful total agrees: no empty page needed.
    ['total_pages: -1', { pageSizeCap: 50, pageMeta: 'total-pages-minus-one' satisfies PageMetaMode }, 3],
    ['a total as low as one page', { pageSizeCap: 50, pageMeta: 'low-total' satisfies PageMetaMode }, 3]
  ])('reads every page despite %s', async (_name, options, requests) => {
    const emulator = await emulatorWith({ shape, findingsPerScan: 130, ...options })
    const result = await scanStep(emulator, { 'fail-on': 'none' })
    expect(result.exitCode, result.log).toBe(0)
    const open = openOf(emulator)!
    expect(result.outputs['findings-count']).toBe(String(Object.values(open).reduce((sum, n) => sum + n, 0)))
    expect(result.outputs['critical-count']).toBe(String(open.critical))
    expect(emulator.state().requestCounts['GET /api/findings']).toBe(requests)
  })

  it('a server that ignores page ends the step with one sentence', async () => {
    const emulator = await emulatorWith({ shape, findingsPerScan: 150, ignorePage: true, pageMeta: 'none' })
    const result = await scanStep(emulator, { 'fail-on': 'none', ...byId(emulator) })
    expectBroken(emulator, result, /with findings it had already sent \(finding "\S+" again\)\): the server seems to ignore the page parameter/)
  })

  it('counts a finding whose scan_id carries a trailing space', async () => {
    const emulator = await emulatorWith({ shape, scanIdSpelling: 'trailing-space' }, [
      { title: 'SQL injection in login form', severity: 'critical', path: '/login' }
    ])
    const result = await scanStep(emulator, { 'fail-on': 'high' })
    expect(result.exitCode, result.log).toBe(1)
    expect(result.outputs).toMatchObject({ gate: 'failed', 'critical-count': '1' })
  })

  it('reads an undocumented severity from CVSS, else counts it critical, and names the spellings in one warning', async () => {
    const emulator = await emulatorWith({ shape }, [
      { title: 'Spelled crit, no CVSS', severity: 'low', severityAs: 'crit', cvss: null },
      { title: 'Spelled P1, CVSS 9.8', severity: 'low', severityAs: 'P1', cvss: 9.8 },
      { title: 'Full-width high, CVSS 7.5', severity: 'low', severityAs: 'ｈｉｇｈ', cvss: 7.5 },
      { title: 'Zero-width high, CVSS 2.0', severity: 'low', severityAs: 'hi\u200bgh', cvss: 2 },
      { title: 'No severity, no CVSS', severity: 'low', severityAs: 'missing', cvss: null },
      { title: 'Null severity, no CVSS', severity: 'low', severityAs: null, cvss: null },
      { title: 'Spelled very high, no CVSS', severity: 'low', severityAs: 'very high', cvss: null }
    ])
    const result = await scanStep(emulator, { 'fail-on': 'high' })
    expect(result.exitCode, result.log).toBe(1)
    expect(result.outputs).toMatchObject({ gate: 'failed', 'critical-count': '5', 'high-count': '1', 'low-count': '1' })
    const warning = result.warnings.find((line) => line.includes('does not document')) ?? ''
    expect(warning).toMatch(/^Scan \S+ rated 3 findings by CVSS score and counted 4 findings with no CVSS score as critical/)
    expect(warning).toContain('"crit", "P1", "\\uff48\\uff49\\uff47\\uff48", "hi\\u200bgh", "(none)" and 2 more')
  })
})

describe('a scan with more findings than the step reads', () => {
  it('ends with one sentence at 100,001 findings, failing closed', async () => {
    const emulator = await emulatorWith({ findingsPerScan: 100_001, rateLimits: { default: 1_000_000 } })
    const result = await scanStep(emulator, { 'fail-on': 'none', summary: 'false', ...byId(emulator) }, 110_000)
    expectBroken(
      emulator,
      result,
      /^Scan \S+ was started on S4E, but this step could not finish it \(Scan \S+ has more than 100,000 findings, more than this step reads\)/
    )
  }, 120_000)
})
