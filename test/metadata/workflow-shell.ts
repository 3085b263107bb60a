// A workflow's `run:` script run here the way the runner runs it under `shell: bash`, for the tests
// that run .github/workflows/self-test.yml locally.
import { spawn } from 'node:child_process'

/** A workflow step as these tests read it. */
export interface Step {
  name?: string
  id?: string
  uses?: string
  run?: string
  with?: Record<string, unknown>
  env?: Record<string, unknown>
}

export interface ShellResult {
  status: number | null
  stdout: string
  stderr: string
}

/** Runs a check script asynchronously: a blocking spawn would freeze the in-process emulator its curl calls. */
export function runShell(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<ShellResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')))
    child.on('error', reject)
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })
}
