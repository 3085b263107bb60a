// `npm run demo`: runs the bundled actions against the local emulator, as a workflow job would.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { parseFaultArgument } from '../dev/emulator/faults.js'
import { RESPONSE_SHAPES, SEVERITIES, type Emulator, type ResponseShape, type ScanSnapshot } from '../dev/emulator/emulator-options.js'
import { startEmulator } from '../dev/emulator/server.js'
import { Job, type JobStepResult } from '../dev/harness/job.js'
import { findJobLeaks } from '../dev/harness/leak-check.js'
import { REPO_ROOT } from '../dev/harness/run-step.js'
import { summaryToText } from '../dev/harness/summary-to-text.js'
import { DEMO_BASELINE_EXPECTED, DEMO_PREVIEW_FINDINGS, DEMO_PRODUCTION, DEMO_PRODUCTION_SCAN } from './demo-baseline.js'

const HELP = `Usage: npm run demo -- [options]

Starts the S4E API emulator on a free loopback port and runs the committed action bundles
through a job: s4e-auth → s4e-add-assets → s4e-trigger-scan (each only once its bundle exists
in dist/). Prints the masked step logs, outputs, the gate verdict and the job summary, then
checks that the flow behaved as designed. Exit code 0 when it did.

Options:
  --fail-on <severity>    gate threshold: critical, high, medium, low, info or none (default high)
  --asset <name>          asset to register and scan (default preview.example.com); names starting
                          clean- have no open finding above low, fail- and cancel- end the scan
                          failed or cancelled
  --token-lifetime <s>    access token lifetime in seconds (default 3600; try 3 to see renewal)
  --fault <spec>          emulator fault, repeatable, e.g. "POST /api/scan/create:1:status:503"
                          or "POST /api/scan/create:1:drop:after" (see npm run emulator -- --help)
  --shape <shape>         emulator response shape: wrapped (default), bare or envelope
  --seed <value>          seed of the emulator's findings (default demo)
  --baseline              gate on what is new: production (example.com) has a completed scan, and
                          the preview is compared with it (baseline: asset:example.com)
  -h, --help              show this help`

const GATE_THRESHOLDS = [...SEVERITIES, 'none'] as const
const DEFAULT_ASSET = 'preview.example.com'
const SCAN_DURATION_MS = 1500
const STEP_TIMEOUT_MS = 120_000
const useColour = process.stdout.isTTY && !process.env.NO_COLOR
const bold = (text: string) => (useColour ? `\u001b[1m${text}\u001b[22m` : text)
const paint = (code: number, text: string) => (useColour ? `\u001b[${code}m${text}\u001b[39m` : text)

interface DemoStep {
  id: string
  action: string
  bundle: string
}

const STEPS: DemoStep[] = [
  { id: 'auth', action: 'actions/s4e-auth', bundle: 'dist/auth/index.js' },
  { id: 'add-assets', action: 'actions/s4e-add-assets', bundle: 'dist/add-assets/index.js' },
  { id: 'scan', action: 'actions/s4e-trigger-scan', bundle: 'dist/trigger-scan/index.js' }
]

function parseDemoArguments() {
  const { values } = parseArgs({
    options: {
      'fail-on': { type: 'string', default: 'high' },
      asset: { type: 'string', default: DEFAULT_ASSET },
      'token-lifetime': { type: 'string', default: '3600' },
      fault: { type: 'string', multiple: true, default: [] },
      shape: { type: 'string', default: 'wrapped' },
      seed: { type: 'string', default: 'demo' },
      baseline: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false }
    },
    strict: true
  })
  if (!(GATE_THRESHOLDS as readonly string[]).includes(values['fail-on'])) throw new Error(`--fail-on must be one of ${GATE_THRESHOLDS.join(', ')}.`)
  if (!RESPONSE_SHAPES.includes(values.shape as ResponseShape)) throw new Error(`--shape must be one of ${RESPONSE_SHAPES.join(', ')}.`)
  if (!/^\d+$/.test(values['token-lifetime']) || Number(values['token-lifetime']) < 1)
    throw new Error('--token-lifetime must be a whole number of seconds, 1 or more.')
  return {
    help: values.help,
    failOn: values['fail-on'],
    asset: values.asset.trim().toLowerCase(),
    tokenLifetimeSeconds: Number(values['token-lifetime']),
    faults: values.fault.map(parseFaultArgument),
    shape: values.shape as ResponseShape,
    seed: values.seed,
    baseline: values.baseline
  }
}

function isAvailable(step: DemoStep): boolean {
  return existsSync(path.join(REPO_ROOT, step.bundle)) && existsSync(path.join(REPO_ROOT, step.action, 'action.yml'))
}

function maskWith(masks: readonly string[], text: string): string {
  return [...masks].sort((a, b) => b.length - a.length).reduce((masked, secret) => masked.split(secret).join('***'), text)
}

function printStep(step: DemoStep, result: JobStepResult): void {
  const verdict = result.exitCode === 0 ? paint(32, 'succeeded') : paint(31, `failed (exit code ${result.exitCode})`)
  console.log(`\n${bold(`━━ ${step.id}: ${step.action}`)} — ${verdict}`)
  for (const line of result.log.split('\n')) if (line !== '') console.log(`  │ ${line}`)
  const outputs = Object.entries(result.outputs)
  if (outputs.length === 0) return
  const width = Math.max(...outputs.map(([name]) => name.length))
  console.log('  Outputs:')
  for (const [name, value] of outputs) console.log(`    ${name.padEnd(width)}  ${maskWith(result.masks, value).replace(/\n/g, '⏎')}`)
}

/** What the gate must decide, from the emulator's own record of the scan's open findings. */
function expectedGate(scan: ScanSnapshot | undefined, failOn: string): { gate: string; count: number } {
  if (!scan || scan.status !== 'completed') return { gate: 'skipped', count: 0 }
  if (failOn === 'none') return { gate: 'passed', count: 0 }
  const threshold = SEVERITIES.indexOf(failOn as (typeof SEVERITIES)[number])
  const count = SEVERITIES.slice(0, threshold + 1).reduce((sum, severity) => sum + scan.findings.open[severity], 0)
  return { gate: count > 0 ? 'failed' : 'passed', count }
}

/** With --baseline the gate counts only the new findings: their severities decide it. */
function expectedBaselineGate(failOn: string): { gate: string; count: number } {
  if (failOn === 'none') return { gate: 'passed', count: 0 }
  const threshold = SEVERITIES.indexOf(failOn as (typeof SEVERITIES)[number])
  const count = DEMO_BASELINE_EXPECTED.newSeverities.filter((severity) => SEVERITIES.indexOf(severity) <= threshold).length
  return { gate: count > 0 ? 'failed' : 'passed', count }
}

function checkBaseline(outputs: Record<string, string>): string[] {
  const { new: fresh, existing, fixed } = DEMO_BASELINE_EXPECTED
  console.log(
    `\n${bold('Baseline')}: compared with production scan ${outputs['baseline-scan-id'] || '(none)'}: ${outputs['new-count']} new, ${outputs['existing-count']} existing, ${outputs['fixed-count']} fixed.`
  )
  const problems: string[] = []
  if (outputs['baseline-scan-id'] === '') problems.push('No baseline scan was found, although production has a completed scan.')
  const counts = { 'new-count': fresh, 'existing-count': existing, 'fixed-count': fixed }
  for (const [name, value] of Object.entries(counts))
    if (outputs[name] !== String(value)) problems.push(`${name} is ${outputs[name]}; the chosen findings call for ${value}.`)
  return problems
}

async function runDemo(emulator: Emulator, options: ReturnType<typeof parseDemoArguments>): Promise<string[]> {
  const problems: string[] = []
  const { clientId, clientSecret, apiKey } = emulator.credentials
  const job = new Job({ secrets: [clientSecret] })
  const available = STEPS.filter(isAvailable)
  for (const step of STEPS.filter((candidate) => !available.includes(candidate))) {
    console.log(`(skipping ${step.id}: ${step.bundle} or ${step.action}/action.yml does not exist yet)`)
  }
  const hasAuth = available.some((step) => step.id === 'auth')
  const credentials = (context: { steps: Record<string, { outputs: Record<string, string> }> }): Record<string, string> =>
    hasAuth
      ? {
          token: context.steps.auth?.outputs['access-token'] ?? '',
          'token-expires-at': context.steps.auth?.outputs['expires-at'] ?? '',
          'client-id': clientId,
          'client-secret': clientSecret
        }
      : { 'api-key': apiKey }
  const assetsInput = [options.asset, 'https://www.example.com/login?next=%2F', '198.51.100.7', options.asset.toUpperCase()].join('\n')
  const inputsOf: Record<string, Parameters<Job['run']>[1]['inputs']> = {
    // The least scope the later steps need, as a real job should ask for.
    auth: {
      'api-url': emulator.url,
      'client-id': clientId,
      'client-secret': clientSecret,
      scope: 'assets:write assets:read scans:write scans:read findings:read',
      'export-env': 'true'
    },
    'add-assets': (context) => ({ ...credentials(context), 'api-url': emulator.url, assets: assetsInput, description: 'Preview deployment (npm run demo)' }),
    scan: (context) => ({
      ...credentials(context),
      'api-url': emulator.url,
      asset: options.asset,
      'fail-on': options.failOn,
      'poll-interval': '1',
      summary: 'true',
      ...(options.baseline ? { baseline: `asset:${DEMO_PRODUCTION}` } : {})
    })
  }

  for (const step of available) {
    const result = await job.run(step.id, { action: step.action, inputs: inputsOf[step.id], timeoutMs: STEP_TIMEOUT_MS, continueOnError: step.id === 'scan' })
    if (!result) {
      console.log(`\n${bold(`━━ ${step.id}: ${step.action}`)} — skipped (an earlier step failed)`)
      problems.push(`${step.id} was skipped because an earlier step failed.`)
      continue
    }
    printStep(step, result)
  }

  const state = emulator.state()
  const auth = job.steps.auth
  if (auth) {
    if (auth.exitCode !== 0) problems.push('s4e-auth failed.')
    else if (!auth.outputs['access-token']) problems.push('s4e-auth set no access-token output.')
  }
  const addAssets = job.steps['add-assets']
  if (addAssets) {
    if (addAssets.exitCode !== 0) problems.push('s4e-add-assets failed.')
    for (const name of [options.asset, 'www.example.com', '198.51.100.7']) {
      if (!state.assets.some((asset) => asset.name === name)) problems.push(`The emulator has no asset ${name} after s4e-add-assets.`)
    }
  }
  const scanStep = job.steps.scan
  if (scanStep) {
    const scansOfAsset = state.scans.filter((scan) => scan.asset_name === options.asset)
    if (scansOfAsset.length !== 1) problems.push(`The emulator holds ${scansOfAsset.length} scans of ${options.asset}; exactly one was expected.`)
    const scan = state.scans.find((candidate) => candidate.scan_id === scanStep.outputs['scan-id'])
    const expected = options.baseline ? expectedBaselineGate(options.failOn) : expectedGate(scan, options.failOn)
    if (options.baseline) problems.push(...checkBaseline(scanStep.outputs))
    const gate = scanStep.outputs.gate ?? '(none)'
    console.log(
      `\n${bold('Gate verdict')}: ${gate === 'passed' ? paint(32, gate) : paint(31, gate)} (fail-on ${options.failOn}; scan ${scan?.status ?? 'unknown'})`
    )
    console.log(`  The emulator's own record says: ${expected.gate}, ${expected.count} open finding(s) at or above ${options.failOn}.`)
    if (gate !== expected.gate) problems.push(`The gate said ${gate}; the emulator's findings call for ${expected.gate}.`)
    if (expected.gate === 'passed' && scanStep.exitCode !== 0) problems.push('The gate passed but s4e-trigger-scan failed.')
    if (expected.gate === 'failed' && scanStep.exitCode === 0) problems.push('The gate tripped but s4e-trigger-scan did not fail the step.')
    if (expected.gate === 'failed')
      console.log('  A tripped gate fails the s4e-trigger-scan step: that is the designed behaviour (the demo marks it continue-on-error).')
    // findings-count is every finding the gate counted (all open ones), not only those at or above fail-on.
    if (scan?.status === 'completed' && !options.baseline) {
      const open = SEVERITIES.reduce((sum, severity) => sum + scan.findings.open[severity], 0)
      if (scanStep.outputs['findings-count'] !== String(open))
        problems.push(`findings-count is ${scanStep.outputs['findings-count']}; the emulator has ${open} open finding(s).`)
      for (const severity of SEVERITIES) {
        const output = scanStep.outputs[`${severity}-count`]
        if (output !== String(scan.findings.open[severity]))
          problems.push(`${severity}-count is ${output}; the emulator has ${scan.findings.open[severity]} open ${severity} finding(s).`)
      }
    }
  }

  if (job.summary.trim() !== '') {
    console.log(`\n${bold('━━ Job summary')}`)
    for (const line of summaryToText(job.summary).split('\n')) console.log(`  ${line}`)
  }

  console.log(`\n${bold('━━ Emulator')}: ${state.tokenExchanges} token exchange(s), ${state.assets.length} asset(s), ${state.scans.length} scan(s)`)
  for (const [route, count] of Object.entries(state.requestCounts)) console.log(`  ${String(count).padStart(4)}  ${route}`)

  const secrets = [clientSecret, apiKey, ...Object.values(job.steps).map((step) => step.outputs['access-token'] ?? '')]
  problems.push(...findJobLeaks(job, secrets))
  return problems
}

async function main(): Promise<number> {
  let options: ReturnType<typeof parseDemoArguments>
  try {
    options = parseDemoArguments()
  } catch (error) {
    console.error(`${(error as Error).message} See npm run demo -- --help.`)
    return 2
  }
  if (options.help) {
    console.log(HELP)
    return 0
  }
  const emulator = await startEmulator({
    port: 0,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds,
    scanDurationMs: SCAN_DURATION_MS,
    shape: options.shape,
    seed: options.seed,
    faults: options.faults,
    ...(options.baseline ? { seededScans: [DEMO_PRODUCTION_SCAN], chosenFindings: { [options.asset]: DEMO_PREVIEW_FINDINGS } } : {})
  })
  console.log(
    `S4E API emulator on ${emulator.url} (shape ${options.shape}, token lifetime ${options.tokenLifetimeSeconds} s, ${options.faults.length} fault(s) armed)`
  )
  try {
    const problems = await runDemo(emulator, options)
    if (problems.length === 0) {
      console.log(`\n${paint(32, bold('The flow behaved as designed'))}: every step did what the emulator's state calls for, and no secret leaked.`)
      return 0
    }
    console.log(`\n${paint(31, bold('The flow did not behave as designed'))}:`)
    for (const problem of problems) console.log(`  - ${problem}`)
    return 1
  } finally {
    await emulator.stop()
  }
}

process.exitCode = await main()
