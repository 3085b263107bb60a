// Runs the fan-out and fan-in jobs of .github/workflows/self-test.yml here, the way the runner would:
// each matrix leg with its own in-process emulator (started with the flags its start step hands to
// scripts/emulator-background.ts), its action step through the step harness (dist/), its artifact
// kept as upload-artifact keeps it; then the fan-in job downloads the artifacts as download-artifact
// does (merge-multiple puts every file in one folder, so a later file of the same name replaces an
// earlier one), seeds its emulator from them with its own script, gates them and runs its checks.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { parseEmulatorArguments } from '../../dev/emulator/cli-arguments.js'
import { startEmulator, type Emulator } from '../../dev/emulator/server.js'
import { evaluateExpressions, readActionMetadata } from '../../dev/harness/action-metadata.js'
import { runStep } from '../../dev/harness/run-step.js'
import { REPO_ROOT } from './repository-actions.js'
import { runShell, type Step } from './workflow-shell.js'

const WORKFLOW = '.github/workflows/self-test.yml'
const EMULATOR_URL_VARIABLE = 'S4E_API_URL_LOCAL'
const EMULATOR_CONTROL = 'scripts/emulator-background.ts'
const STEP_TIMEOUT_MS = 120_000
// The runner's business, not the job's: checking out, setting up Node, installing.
const RUNNER_STEPS = /^(actions\/checkout|actions\/setup-node)@/

interface Job {
  env?: Record<string, string>
  strategy?: { matrix?: { include?: Record<string, unknown>[] } }
  steps: Step[]
}

const workflow = parse(readFileSync(path.join(REPO_ROOT, WORKFLOW), 'utf8')) as { jobs: Record<string, Job> }
const fanOut = workflow.jobs['fan-out']!
const fanIn = workflow.jobs['fan-in']!
const legs = fanOut.strategy?.matrix?.include ?? []

/** What upload-artifact keeps: artifact name → its files. */
const artifacts = new Map<string, string[]>()
const emulators: Emulator[] = []
afterAll(async () => {
  await Promise.all(emulators.map((emulator) => emulator.stop()))
})

/** One job (or matrix leg) run step by step, with its own workspace, RUNNER_TEMP and emulator. */
class JobRun {
  readonly workspace = mkdtempSync(path.join(tmpdir(), 's4e-fan-workspace-'))
  readonly runnerTemp = mkdtempSync(path.join(tmpdir(), 's4e-fan-temp-'))
  private readonly steps: Record<string, { outputs: Record<string, string> }> = {}
  private emulator: Emulator | undefined

  constructor(
    private readonly job: Job,
    private readonly matrix: Record<string, unknown> = {},
    private readonly jobIndex = 0
  ) {}

  private env(): Record<string, string> {
    return { ...this.job.env, ...(this.emulator !== undefined ? { [EMULATOR_URL_VARIABLE]: this.emulator.url } : {}) }
  }

  private evaluate(text: string, where: string): string {
    return evaluateExpressions(text, { env: this.env(), steps: this.steps, matrix: this.matrix, strategy: { 'job-index': this.jobIndex } }, where)
  }

  private evaluated(values: Record<string, unknown> | undefined, where: string): Record<string, string> {
    return Object.fromEntries(Object.entries(values ?? {}).map(([name, value]) => [name, this.evaluate(String(value), `${where} ${name}`)]))
  }

  private shell(step: Step, where: string, prelude = '') {
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      GITHUB_WORKSPACE: this.workspace,
      RUNNER_TEMP: this.runnerTemp,
      ...this.env(),
      ...this.evaluated(step.env, where)
    }
    return runShell(prelude + this.evaluate(step.run ?? '', where), this.workspace, env)
  }

  /** The start step's script, with `node` standing in to record what it would start; then that emulator, here. */
  private async startEmulator(step: Step, where: string): Promise<void> {
    const argsFile = path.join(this.runnerTemp, 'emulator-arguments')
    const prelude = `node() { printf '%s\\0' "$@" > ${JSON.stringify(argsFile)}; }\n`
    const shell = await this.shell(step, where, prelude)
    expect(shell.status, `${where}:\n${shell.stdout}\n${shell.stderr}`).toBe(0)
    const [script, command, ...flags] = readFileSync(argsFile, 'utf8').split('\0').slice(0, -1)
    expect([script, command]).toEqual([EMULATOR_CONTROL, 'start'])
    this.emulator = await startEmulator({ ...parseEmulatorArguments(flags).options, port: 0 })
    emulators.push(this.emulator)
  }

  private async action(step: Step, where: string): Promise<void> {
    const directory = path.resolve(REPO_ROOT, step.uses!)
    expect(existsSync(path.resolve(directory, readActionMetadata(directory).runs.main)), `${step.uses} is built`).toBe(true)
    const result = await runStep({
      action: step.uses!,
      inputs: this.evaluated(step.with, where),
      env: this.env(),
      workspace: this.workspace,
      runnerTemp: this.runnerTemp,
      stepId: step.id
    })
    expect(result.warnings.filter((warning) => warning.startsWith('Unexpected input'))).toEqual([])
    expect(result.exitCode, result.log).toBe(0)
    if (step.id !== undefined) this.steps[step.id] = { outputs: result.outputs }
  }

  private upload(step: Step, where: string): void {
    const { name, path: file } = this.evaluated(step.with, where)
    expect(artifacts.has(name!), `artifact ${name} is uploaded once in the run`).toBe(false)
    artifacts.set(name!, [path.resolve(this.workspace, file!)])
  }

  private download(step: Step, where: string): void {
    const { pattern, path: folder, 'merge-multiple': merge } = this.evaluated(step.with, where)
    for (const [name, files] of artifacts) {
      if (!path.matchesGlob(name, pattern!)) continue
      const into = merge === 'true' ? path.join(this.workspace, folder!) : path.join(this.workspace, folder!, name)
      mkdirSync(into, { recursive: true })
      for (const file of files) copyFileSync(file, path.join(into, path.basename(file)))
    }
  }

  async run(): Promise<void> {
    for (const [index, step] of this.job.steps.entries()) {
      const where = `${step.name ?? step.uses ?? `step ${index + 1}`}`
      if (step.uses !== undefined && RUNNER_STEPS.test(step.uses)) continue
      if (step.run?.startsWith('npm ci')) continue
      if (step.run?.includes(`${EMULATOR_CONTROL} stop`)) {
        await this.emulator?.stop()
        continue
      }
      if (step.run?.includes(`${EMULATOR_CONTROL} start`)) await this.startEmulator(step, where)
      else if (step.uses?.startsWith('actions/upload-artifact@')) this.upload(step, where)
      else if (step.uses?.startsWith('actions/download-artifact@')) this.download(step, where)
      else if (step.uses !== undefined) await this.action(step, where)
      else {
        const shell = await this.shell(step, where)
        expect(shell.status, `${where}:\n${shell.stdout}\n${shell.stderr}`).toBe(0)
      }
    }
  }
}

describe(`${WORKFLOW}, jobs fan-out and fan-in`, () => {
  it('has a step this run knows how to run, every one', () => {
    const known = (step: Step) =>
      step.run !== undefined ||
      (step.uses !== undefined && (RUNNER_STEPS.test(step.uses) || /^actions\/(upload|download)-artifact@/.test(step.uses) || step.uses.startsWith('./')))
    expect([...fanOut.steps, ...fanIn.steps].filter((step) => !known(step))).toEqual([])
  })

  it(
    'starts each leg’s scans without waiting, and gates them all in the fan-in job with no create request',
    async () => {
      expect(legs.length).toBeGreaterThan(1)
      for (const [index, leg] of legs.entries()) await new JobRun(fanOut, leg, index).run()
      expect(artifacts.size).toBe(legs.length)
      await new JobRun(fanIn).run()
    },
    STEP_TIMEOUT_MS
  )
})
