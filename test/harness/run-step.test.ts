import { existsSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { runStep, type StepResult } from '../../dev/harness/run-step.js'

const ECHO = 'test/fixtures/echo-action'

describe('runStep', () => {
  let result: StepResult
  const parentEnv = { ...process.env }
  beforeAll(async () => {
    process.env.INPUT_PARENT_ONLY = 'x'
    process.env.S4E_ACCESS_TOKEN = 'parent-token'
    process.env.ACTIONS_STEP_DEBUG = 'true'
    result = await runStep({ action: ECHO, inputs: { secret: 'hunter2-value', greeting: 'hi', unknown: 'z' } })
  })
  afterEach(() => {
    process.env = { ...parentEnv }
  })

  it('applies declared defaults, evaluating github.token and runner.temp', () => {
    expect(result.exitCode).toBe(0)
    expect(result.outputs['token-defaulted']).toBe('true')
    expect(result.outputs['temp-dir']).toBe(result.runnerTemp)
    expect(result.outputs['with-space']).toBe('spaced')
    expect(result.log).toContain('flag=false')
  })

  it('runs in the workspace without the parent INPUT_, S4E_ or ACTIONS_ variables', () => {
    expect(result.outputs.cwd).toBe(result.workspace)
    expect(result.outputs['stray-env']).toBe('')
    expect(result.log).not.toContain('##[debug]')
  })

  it('masks from the add-mask line on, in stderr too, and hides the job token', () => {
    expect(result.log).toContain('before mask: hunter2-value')
    expect(result.log).toContain('after mask: ***')
    expect(result.log).toContain('stderr line with ***')
    expect(result.log).not.toContain('::add-mask::')
    expect(result.masks).toContain('hunter2-value')
    expect(result.masks.some((mask) => mask.startsWith('ghs_'))).toBe(true)
  })

  it('collects outputs, exported env, state, summary, annotations and written files', () => {
    expect(result.outputs).toMatchObject({ greeting: 'hi world', multiline: 'one\ntwo' })
    expect(result.exportedEnv).toEqual({ ECHO_GREETING: 'hi' })
    expect(result.state).toEqual({ started: 'yes' })
    expect(result.summary).toContain('### Echo')
    expect(result.warnings).toEqual([expect.stringContaining("Unexpected input(s) 'unknown'"), 'careful\nsecond line'])
    expect(result.notices).toEqual(['noted'])
    expect(result.debug).toEqual(['debug sees ***'])
    expect(result.writtenFiles).toEqual([path.join(result.runnerTemp, 'echo.txt')])
  })

  it('runs the post step with the saved state and the masks of main', () => {
    expect(result.post?.exitCode).toBe(0)
    expect(result.post?.log).toContain('post sees started=yes')
    expect(result.post?.log).toContain('post prints ***')
  })

  it('shows debug lines with ACTIONS_STEP_DEBUG=true passed in env, and reports a failing exit code', async () => {
    const failing = await runStep({ action: ECHO, inputs: { 'exit-code': '3', error: 'went wrong' }, env: { ACTIONS_STEP_DEBUG: 'true' } })
    expect(failing.exitCode).toBe(3)
    expect(failing.errors).toEqual(['went wrong'])
    expect(failing.log).toContain('##[debug]debug sees')
    expect(failing.log).toContain('##[error]went wrong')
  })

  it('uses a given workspace and reports a clear error for a folder without action.yml', async () => {
    const again = await runStep({ action: ECHO, workspace: result.workspace })
    expect(again.workspace).toBe(result.workspace)
    expect(existsSync(path.join(result.workspace))).toBe(true)
    await expect(runStep({ action: 'test/fixtures' })).rejects.toThrow(/No action.yml/)
  })
})
