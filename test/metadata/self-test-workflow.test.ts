// Runs .github/workflows/self-test.yml here, step by step, the way the runner would: its action steps
// through the step harness (the bundles in dist/), its check scripts with bash, against an in-process
// emulator started with the workflow's own emulator flags. So the self-test's checks are known to pass
// before GitHub runs them. A step whose bundle is not built yet is skipped, with the checks that read it.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { parseEmulatorArguments } from '../../dev/emulator/cli-arguments.js'
import { startEmulator, type Emulator } from '../../dev/emulator/server.js'
import { evaluateExpressions, readActionMetadata } from '../../dev/harness/action-metadata.js'
import { runStep } from '../../dev/harness/run-step.js'
import { REPO_ROOT } from './repository-actions.js'
import { runShell, type Step } from './workflow-shell.js'

const WORKFLOW = '.github/workflows/self-test.yml'
const EMULATOR_URL_VARIABLE = 'S4E_API_URL_LOCAL'
// The emulator estimates every scan at a minute, and s4e-trigger-scan waits half of that before its first check.
const STEP_TIMEOUT_MS = 120_000

const workflow = parse(readFileSync(path.join(REPO_ROOT, WORKFLOW), 'utf8')) as {
  defaults?: { run?: { shell?: string } }
  jobs: Record<string, { 'runs-on': string; strategy?: { matrix?: { os?: string[] } }; env?: Record<string, string>; steps: Step[] }>
}
const [jobName, job] = Object.entries(workflow.jobs)[0]!
// Checkout, Node set-up, npm ci and the emulator's start and stop are the runner's business; the rest runs here.
const EMULATOR_CONTROL = 'node scripts/emulator-background.ts'
const firstAction = job.steps.findIndex((step) => step.uses?.startsWith('./') === true)
const setupScript = job.steps
  .slice(0, firstAction)
  .map((step) => step.run ?? '')
  .join('\n')
const steps = job.steps.slice(firstAction).filter((step) => step.run?.trim() !== `${EMULATOR_CONTROL} stop`)

let emulator: Emulator
const workspace = mkdtempSync(path.join(tmpdir(), 's4e-self-test-workspace-'))
const runnerTemp = mkdtempSync(path.join(tmpdir(), 's4e-self-test-temp-'))
const stepOutputs: Record<string, { outputs: Record<string, string> }> = {}
const masks: string[] = []
const notRun = new Set<string>()

beforeAll(async () => {
  const flags = new RegExp(`${EMULATOR_CONTROL} start ([^>&\\n]*)`).exec(setupScript)?.[1]?.trim().split(/\s+/) ?? []
  const { options } = parseEmulatorArguments(flags)
  emulator = await startEmulator({ ...options, port: 0 })
})
afterAll(async () => {
  await emulator?.stop()
})

function jobEnv(): Record<string, string> {
  return { ...job.env, [EMULATOR_URL_VARIABLE]: emulator.url }
}

function evaluate(values: Record<string, unknown> | undefined, where: string): Record<string, string> {
  const contexts = { env: jobEnv(), steps: stepOutputs }
  return Object.fromEntries(Object.entries(values ?? {}).map(([name, value]) => [name, evaluateExpressions(String(value), contexts, `${where} ${name}`)]))
}

function bundleOf(uses: string): string {
  const directory = path.resolve(REPO_ROOT, uses)
  return path.resolve(directory, readActionMetadata(directory).runs.main)
}

function readsSkippedStep(step: Step): boolean {
  const text = JSON.stringify(step)
  return [...notRun].some((id) => text.includes(`steps.${id}.`))
}

it(`${WORKFLOW} runs this repository's actions on Linux, Windows and macOS, with bash for every script`, () => {
  expect(job.strategy?.matrix?.os).toEqual(['ubuntu-latest', 'windows-latest', 'macos-latest'])
  expect(job['runs-on']).toBe('${{ matrix.os }}')
  expect(workflow.defaults?.run?.shell).toBe('bash')
})

it(`${WORKFLOW} starts the emulator in a setup step and then runs this repository's actions`, () => {
  expect(setupScript).toContain(`${EMULATOR_CONTROL} start --port `)
  expect(job.steps.at(-1)).toMatchObject({ if: '${{ always() }}', run: `${EMULATOR_CONTROL} stop` })
  expect(steps.filter((step) => step.uses !== undefined).map((step) => step.uses)).toEqual(
    expect.arrayContaining(['./actions/s4e-auth', './actions/s4e-add-assets', './actions/s4e-trigger-scan', './'])
  )
})

describe(`${WORKFLOW}, job ${jobName}`, () => {
  for (const [index, step] of steps.entries()) {
    const title = step.name ?? step.uses ?? `step ${index + 1}`
    it(
      title,
      async (context) => {
        if (step.uses !== undefined) {
          // Until it succeeds, the checks that read this step's outputs are skipped rather than misreported.
          if (step.id !== undefined) notRun.add(step.id)
          if (!existsSync(bundleOf(step.uses))) context.skip(`${path.relative(REPO_ROOT, bundleOf(step.uses))} is not built`)
          if (readsSkippedStep(step)) context.skip('it reads a step that did not run')
          const result = await runStep({
            action: step.uses,
            inputs: evaluate(step.with, title),
            env: jobEnv(),
            workspace,
            runnerTemp,
            secrets: masks,
            stepId: step.id
          })
          masks.push(...result.masks)
          expect(result.warnings.filter((warning) => warning.startsWith('Unexpected input'))).toEqual([])
          expect(result.exitCode, result.log).toBe(0)
          if (step.id !== undefined) {
            stepOutputs[step.id] = { outputs: result.outputs }
            notRun.delete(step.id)
          }
          return
        }
        if (readsSkippedStep(step)) context.skip('it checks a step that did not run')
        const env = {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          GITHUB_WORKSPACE: workspace,
          RUNNER_TEMP: runnerTemp,
          ...jobEnv(),
          ...evaluate(step.env, title)
        }
        const script = evaluateExpressions(step.run ?? '', { env: jobEnv(), steps: stepOutputs }, title)
        const shell = await runShell(script, workspace, env)
        expect(shell.status, `${shell.stdout}\n${shell.stderr}`).toBe(0)
      },
      STEP_TIMEOUT_MS
    )
  }
})
