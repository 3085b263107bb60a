// Chains steps like a workflow job: outputs feed later inputs, GITHUB_ENV and masks carry forward.
import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { runStep, type RunStepOptions, type StepResult } from './run-step.js'

export type StepOutcome = 'success' | 'failure'

export interface JobStepResult extends StepResult {
  id: string
  /** `failure` when the step failed, even with continueOnError. */
  outcome: StepOutcome
  /** What later steps see: `success` for a failed step with continueOnError. */
  conclusion: StepOutcome
}

export interface JobContext {
  /** Like `steps.<id>.outputs.<name>`, `steps.<id>.outcome`. */
  steps: Record<string, { outputs: Record<string, string>; outcome: StepOutcome | 'skipped'; conclusion: StepOutcome | 'skipped' }>
  /** Job env merged with what earlier steps exported through GITHUB_ENV. */
  env: Record<string, string>
}

export type StepInputs = Record<string, string> | ((context: JobContext) => Record<string, string>)

export interface JobStepOptions extends Omit<RunStepOptions, 'inputs' | 'workspace' | 'runnerTemp' | 'secrets' | 'extraPath' | 'stepId'> {
  inputs?: StepInputs
  continueOnError?: boolean
}

export interface JobOptions {
  /** Job-level `env:`. */
  env?: Record<string, string>
  /** `${{ secrets.* }}` values: masked from the start of the job, as the runner does. */
  secrets?: string[]
  githubToken?: string
  eventName?: string
  eventPayload?: Record<string, unknown>
  workspace?: string
}

export class Job {
  readonly steps: Record<string, JobStepResult> = {}
  readonly skipped: string[] = []
  readonly workspace: string
  /** One RUNNER_TEMP for the whole job, as on a runner. */
  readonly runnerTemp: string
  status: StepOutcome = 'success'
  private readonly exportedEnv: Record<string, string> = {}
  private readonly masks: string[]
  private readonly addedPath: string[] = []

  constructor(private readonly options: JobOptions = {}) {
    const root = mkdtempSync(path.join(tmpdir(), 's4e-job-'))
    this.workspace = options.workspace ?? path.join(root, 'workspace')
    this.runnerTemp = path.join(root, 'runner-temp')
    mkdirSync(this.workspace, { recursive: true })
    mkdirSync(this.runnerTemp, { recursive: true })
    this.masks = [...(options.secrets ?? [])]
  }

  get context(): JobContext {
    const steps: JobContext['steps'] = {}
    for (const [id, step] of Object.entries(this.steps)) steps[id] = { outputs: step.outputs, outcome: step.outcome, conclusion: step.conclusion }
    for (const id of this.skipped) steps[id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' }
    return { steps, env: { ...this.options.env, ...this.exportedEnv } }
  }

  /** Runs the step, or skips it (resolving undefined) when an earlier step failed the job. */
  async run(id: string, step: JobStepOptions): Promise<JobStepResult | undefined> {
    if (id in this.steps || this.skipped.includes(id)) throw new Error(`The job already has a step with id "${id}".`)
    if (this.status === 'failure') {
      this.skipped.push(id)
      return undefined
    }
    const context = this.context
    const inputs = typeof step.inputs === 'function' ? step.inputs(context) : (step.inputs ?? {})
    const result = await runStep({
      ...step,
      inputs,
      env: { ...context.env, ...step.env },
      eventName: step.eventName ?? this.options.eventName,
      eventPayload: step.eventPayload ?? this.options.eventPayload,
      githubToken: step.githubToken ?? this.options.githubToken,
      workspace: this.workspace,
      runnerTemp: this.runnerTemp,
      secrets: this.masks,
      extraPath: this.addedPath,
      stepId: id
    })
    for (const mask of result.masks) if (!this.masks.includes(mask)) this.masks.push(mask)
    Object.assign(this.exportedEnv, result.exportedEnv)
    this.addedPath.unshift(...result.addedPath)
    const outcome: StepOutcome = result.exitCode === 0 ? 'success' : 'failure'
    const conclusion: StepOutcome = outcome === 'failure' && step.continueOnError ? 'success' : outcome
    if (conclusion === 'failure') this.status = 'failure'
    const jobStep: JobStepResult = { ...result, id, outcome, conclusion }
    this.steps[id] = jobStep
    return jobStep
  }

  /** The job summary: every step's summary, in order. */
  get summary(): string {
    return Object.values(this.steps)
      .map((step) => step.summary)
      .filter((text) => text.trim() !== '')
      .join('\n')
  }
}
