import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import nock from 'nock'
import { afterAll, beforeAll, beforeEach, vi } from 'vitest'
import { forgetSecrets } from './forget-secrets.js'

/** What an in-process `run()` test sees of the runner: fresh folders per test, one summary file. */
export interface StepEnvironment {
  workspace: string
  runnerTemp: string
  summaryFile: string
  /** Requests nock saw but no interceptor answered (real network is disabled, so these went nowhere). */
  unmatched: string[]
  summary(): string
}

/**
 * Registers the vitest hooks that give every test a fresh GITHUB_WORKSPACE and RUNNER_TEMP, cleared
 * mocks and secrets, and nock with real network disabled.
 */
export function useStepEnvironment(prefix: string): StepEnvironment {
  const environment: StepEnvironment = {
    workspace: '',
    runnerTemp: '',
    summaryFile: '',
    unmatched: [],
    summary: () => readFileSync(environment.summaryFile, 'utf8')
  }
  const recordUnmatched = (request: { method?: string; path?: string; url?: string }) =>
    environment.unmatched.push(`${request.method} ${request.path ?? (request.url !== undefined ? new URL(request.url).pathname : '?')}`)

  beforeAll(() => {
    // core.summary remembers the first file it wrote to, so the suite keeps one file and empties it per test.
    environment.summaryFile = path.join(mkdtempSync(path.join(tmpdir(), `${prefix}-summary-`)), 'summary.md')
    nock.disableNetConnect()
    nock.emitter.on('no match', recordUnmatched)
  })
  afterAll(() => {
    nock.emitter.removeListener('no match', recordUnmatched)
  })
  beforeEach(() => {
    vi.clearAllMocks()
    forgetSecrets()
    environment.unmatched.length = 0
    const root = mkdtempSync(path.join(tmpdir(), `${prefix}-unit-`))
    environment.workspace = path.join(root, 'workspace')
    environment.runnerTemp = path.join(root, 'runner-temp')
    mkdirSync(environment.workspace)
    mkdirSync(environment.runnerTemp)
    writeFileSync(environment.summaryFile, '')
    process.env.GITHUB_WORKSPACE = environment.workspace
    process.env.RUNNER_TEMP = environment.runnerTemp
    process.env.GITHUB_STEP_SUMMARY = environment.summaryFile
  })
  return environment
}
