// Runs a JavaScript action folder the way the GitHub runner does, and reports what a workflow would see.
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { evaluateExpressions, inputEnvName, readActionMetadata, type ActionMetadata } from './action-metadata.js'
import { fileCommandNames, parseFileCommand, parsePathFile, RunnerLog } from './workflow-commands.js'

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const FAKE_REPOSITORY = 'octo-org/octo-repo'
export const FAKE_SHA = '3f786850e387550fdab836ed7e6dc881de23001b'
const DEFAULT_TIMEOUT_MS = 60_000
const FAKE_PULL_REQUEST_NUMBER = 7
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git'])
// Inherited so the child can start at all; everything else comes from the harness, as on a runner.
const INHERITED_VARIABLES = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ', 'SYSTEMROOT']

export interface RunStepOptions {
  /** Action folder relative to the repository root (`actions/s4e-auth`, `.`), or an absolute path. */
  action: string
  inputs?: Record<string, string>
  /** Extra environment (e.g. `ACTIONS_STEP_DEBUG: 'true'`, or variables exported by earlier steps). */
  env?: Record<string, string>
  eventName?: string
  eventPayload?: Record<string, unknown>
  /** `${{ github.token }}`; masked from the start, as the runner does. Default: a fresh fake `ghs_…`. */
  githubToken?: string
  /** GITHUB_WORKSPACE and the child's working directory. Default: a fresh temp dir. */
  workspace?: string
  /** RUNNER_TEMP. Default: a fresh temp dir. */
  runnerTemp?: string
  /** Values masked before the step starts, as the runner masks `${{ secrets.* }}` and earlier steps' masks. */
  secrets?: string[]
  /** Folders prepended to PATH (earlier steps' GITHUB_PATH). */
  extraPath?: string[]
  /** GITHUB_ACTION; default `__run`. */
  stepId?: string
  timeoutMs?: number
}

export interface StepResult {
  exitCode: number
  timedOut: boolean
  outputs: Record<string, string>
  /** Output names in the order the step set them, once per time each was set. */
  outputNames: string[]
  exportedEnv: Record<string, string>
  state: Record<string, string>
  /** The job summary file as the action wrote it (the runner masks it only when it uploads it). */
  summary: string
  addedPath: string[]
  /** The log as the runner shows it: masked, commands rendered, debug only with ACTIONS_STEP_DEBUG=true. */
  log: string
  rawStdout: string
  rawStderr: string
  /** Values registered with `::add-mask::` during the step (and the ones known before it). */
  masks: string[]
  errors: string[]
  warnings: string[]
  notices: string[]
  debug: string[]
  workspace: string
  runnerTemp: string
  /** Files created or changed under the workspace and runner temp. */
  writtenFiles: string[]
  /** The post step, when the action declares `runs.post`. */
  post?: StepResult
}

export async function runStep(options: RunStepOptions): Promise<StepResult> {
  const actionDirectory = path.resolve(REPO_ROOT, options.action)
  const metadata = readActionMetadata(actionDirectory)
  const stepRoot = mkdtempSync(path.join(tmpdir(), 's4e-step-'))
  const workspace = options.workspace ?? path.join(stepRoot, 'workspace')
  const runnerTemp = options.runnerTemp ?? path.join(stepRoot, 'runner-temp')
  mkdirSync(workspace, { recursive: true })
  mkdirSync(runnerTemp, { recursive: true })
  const githubToken = options.githubToken ?? `ghs_${randomBytes(18).toString('hex')}`
  const eventName = options.eventName ?? 'push'
  const eventPayload = options.eventPayload ?? defaultEventPayload(eventName)
  const eventPath = path.join(stepRoot, 'event.json')
  writeFileSync(eventPath, JSON.stringify(eventPayload, null, 2))

  const inputEnv = resolveInputs(metadata, options.inputs ?? {}, {
    github: {
      token: githubToken,
      workspace,
      repository: FAKE_REPOSITORY,
      event_name: eventName,
      event: eventPayload,
      sha: FAKE_SHA,
      ref: refFor(eventName),
      server_url: 'https://github.com',
      api_url: 'https://api.github.com',
      run_id: '1658821493',
      action_path: actionDirectory
    },
    runner: { temp: runnerTemp, os: 'Linux', arch: 'X64' }
  })
  const baseEnv: Record<string, string> = {
    ...inheritedEnvironment(options.extraPath ?? []),
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION: options.stepId ?? '__run',
    GITHUB_ACTOR: 'octocat',
    GITHUB_API_URL: 'https://api.github.com',
    GITHUB_EVENT_NAME: eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_GRAPHQL_URL: 'https://api.github.com/graphql',
    GITHUB_JOB: 'test',
    GITHUB_REF: refFor(eventName),
    GITHUB_REPOSITORY: FAKE_REPOSITORY,
    GITHUB_REPOSITORY_OWNER: FAKE_REPOSITORY.split('/')[0] ?? '',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_RUN_ID: '1658821493',
    GITHUB_RUN_NUMBER: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_SHA: FAKE_SHA,
    GITHUB_WORKFLOW: 'CI',
    GITHUB_WORKSPACE: workspace,
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'GitHub Actions 1',
    RUNNER_OS: 'Linux',
    RUNNER_TEMP: runnerTemp,
    ...options.env,
    ...inputEnv.env
  }
  const runnerLog = new RunnerLog(baseEnv.ACTIONS_STEP_DEBUG === 'true', [githubToken, ...(options.secrets ?? [])])
  for (const warning of inputEnv.warnings) runnerLog.feed(`::warning::${warning}`)

  const before = snapshotFiles([workspace, runnerTemp])
  const main = await runScript(metadata, metadata.runs.main, baseEnv, path.join(stepRoot, 'main'), workspace, runnerLog, options.timeoutMs)
  const result: StepResult = {
    ...main,
    log: '',
    masks: [],
    errors: [],
    warnings: [],
    notices: [],
    debug: [],
    workspace,
    runnerTemp,
    writtenFiles: []
  }
  if (metadata.runs.post) {
    const postLog = new RunnerLog(baseEnv.ACTIONS_STEP_DEBUG === 'true', runnerLog.result.masks)
    const stateEnv = Object.fromEntries(Object.entries(main.state).map(([name, value]) => [`STATE_${name}`, value]))
    const post = await runScript(metadata, metadata.runs.post, { ...baseEnv, ...stateEnv }, path.join(stepRoot, 'post'), workspace, postLog, options.timeoutMs)
    result.post = { ...post, ...logFields(postLog), workspace, runnerTemp, writtenFiles: [] }
  }
  Object.assign(result, logFields(runnerLog))
  const changed = changedFiles(before, snapshotFiles([workspace, runnerTemp]))
  result.writtenFiles = changed
  if (result.post) result.post.writtenFiles = changed
  return result
}

function logFields(runnerLog: RunnerLog) {
  const { lines, ...rest } = runnerLog.result
  return { log: lines.join('\n'), ...rest, masks: [...rest.masks] }
}

function resolveInputs(
  metadata: ActionMetadata,
  given: Record<string, string>,
  contexts: Record<string, unknown>
): { env: Record<string, string>; warnings: string[] } {
  const env: Record<string, string> = {}
  for (const [name, input] of Object.entries(metadata.inputs)) {
    if (input.default !== undefined) env[inputEnvName(name)] = evaluateExpressions(input.default, contexts, `The default of input "${name}"`)
  }
  const unexpected: string[] = []
  for (const [name, value] of Object.entries(given)) {
    if (!(name in metadata.inputs)) unexpected.push(name)
    env[inputEnvName(name)] = value
  }
  const warnings =
    unexpected.length === 0 ? [] : [`Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${Object.keys(metadata.inputs).join("', '")}']`]
  return { env, warnings }
}

function inheritedEnvironment(extraPath: string[]): Record<string, string> {
  const env: Record<string, string> = {}
  for (const name of INHERITED_VARIABLES) {
    const value = process.env[name]
    if (value !== undefined) env[name] = value
  }
  if (extraPath.length > 0) env.PATH = [...extraPath, env.PATH ?? ''].join(path.delimiter)
  return env
}

function refFor(eventName: string): string {
  return eventName.startsWith('pull_request') ? `refs/pull/${FAKE_PULL_REQUEST_NUMBER}/merge` : 'refs/heads/main'
}

function defaultEventPayload(eventName: string): Record<string, unknown> {
  const repository = { full_name: FAKE_REPOSITORY, name: 'octo-repo', owner: { login: 'octo-org' }, fork: false }
  if (eventName.startsWith('pull_request')) {
    return {
      action: 'opened',
      number: FAKE_PULL_REQUEST_NUMBER,
      pull_request: {
        number: FAKE_PULL_REQUEST_NUMBER,
        head: { ref: 'feature', sha: FAKE_SHA, repo: repository },
        base: { ref: 'main', repo: repository }
      },
      repository,
      sender: { login: 'octocat' }
    }
  }
  return { ref: refFor(eventName), after: FAKE_SHA, repository, sender: { login: 'octocat' } }
}

/** What one script (main or post) of a step produced, before the log is processed. */
type ScriptRun = Pick<
  StepResult,
  'exitCode' | 'timedOut' | 'outputs' | 'outputNames' | 'exportedEnv' | 'state' | 'summary' | 'addedPath' | 'rawStdout' | 'rawStderr'
>

async function runScript(
  metadata: ActionMetadata,
  script: string,
  env: Record<string, string>,
  commandDirectory: string,
  workspace: string,
  runnerLog: RunnerLog,
  timeoutMs = DEFAULT_TIMEOUT_MS
): Promise<ScriptRun> {
  mkdirSync(commandDirectory, { recursive: true })
  const files = {
    GITHUB_OUTPUT: path.join(commandDirectory, 'output'),
    GITHUB_ENV: path.join(commandDirectory, 'env'),
    GITHUB_STATE: path.join(commandDirectory, 'state'),
    GITHUB_PATH: path.join(commandDirectory, 'path'),
    GITHUB_STEP_SUMMARY: path.join(commandDirectory, 'step_summary')
  }
  for (const file of Object.values(files)) writeFileSync(file, '')
  const child = spawn(process.execPath, [path.resolve(metadata.directory, script)], {
    cwd: workspace,
    env: { ...env, ...files },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let rawStdout = ''
  let rawStderr = ''
  const pending = { stdout: '', stderr: '' }
  const consume = (stream: 'stdout' | 'stderr', chunk: string, flush = false) => {
    pending[stream] += chunk
    const lines = pending[stream].split('\n')
    pending[stream] = flush ? '' : (lines.pop() ?? '')
    for (const line of lines) if (!(flush && line === '')) runnerLog.feed(line.replace(/\r$/, ''))
  }
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    rawStdout += chunk
    consume('stdout', chunk)
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    rawStderr += chunk
    consume('stderr', chunk)
  })
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    child.kill('SIGKILL')
  }, timeoutMs)
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code) => resolve(code ?? 1))
  }).finally(() => clearTimeout(timer))
  consume('stdout', '', true)
  consume('stderr', '', true)
  if (timedOut) runnerLog.feed(`::error::The step was cancelled after ${timeoutMs} ms.`)

  const exportedEnv = parseFileCommand(readFileSync(files.GITHUB_ENV, 'utf8'), 'GITHUB_ENV file')
  // The runner refuses NODE_OPTIONS from GITHUB_ENV.
  if ('NODE_OPTIONS' in exportedEnv) {
    delete exportedEnv.NODE_OPTIONS
    runnerLog.feed("::error::Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command.")
  }
  const outputText = readFileSync(files.GITHUB_OUTPUT, 'utf8')
  return {
    exitCode: timedOut ? 1 : exitCode,
    timedOut,
    outputs: parseFileCommand(outputText, 'GITHUB_OUTPUT file'),
    outputNames: fileCommandNames(outputText),
    exportedEnv,
    state: parseFileCommand(readFileSync(files.GITHUB_STATE, 'utf8'), 'GITHUB_STATE file'),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    addedPath: parsePathFile(readFileSync(files.GITHUB_PATH, 'utf8')),
    rawStdout,
    rawStderr
  }
}

type FileSnapshot = Map<string, string>

function snapshotFiles(roots: string[]): FileSnapshot {
  const snapshot: FileSnapshot = new Map()
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name)
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(full)
      } else if (entry.isFile()) {
        const stats = statSync(full)
        snapshot.set(full, `${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`)
      }
    }
  }
  for (const root of new Set(roots)) walk(root)
  return snapshot
}

function changedFiles(before: FileSnapshot, after: FileSnapshot): string[] {
  return [...after.entries()]
    .filter(([file, signature]) => before.get(file) !== signature)
    .map(([file]) => file)
    .sort()
}
