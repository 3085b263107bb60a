// A cancelled workflow: the runner sends SIGINT/SIGTERM to the step's process during the wait.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../dev/emulator/emulator-options.js'
import { startEmulator } from '../../dev/emulator/server.js'
import { registerAssets, tokenFor } from '../emulator/emulator-requests.js'
import { REPO_ROOT } from '../../dev/harness/run-step.js'
import { parseFileCommand } from '../../dev/harness/workflow-commands.js'

const BUNDLE = path.join(REPO_ROOT, 'dist/trigger-scan/index.js')
const STATUS_ROUTE = 'GET /api/scan/:id/status'
let emulator: Emulator
const statusRequests = () => emulator.state().requestCounts[STATUS_ROUTE] ?? 0

beforeAll(async () => {
  // The scan never finishes on its own: only the signal can end the step.
  emulator = await startEmulator({ port: 0, scanPollsToComplete: 10_000 })
  await registerAssets(emulator, await tokenFor(emulator), ['cancel-me.example.com'])
})
afterAll(async () => {
  await emulator.stop()
})

describe.each(['SIGTERM', 'SIGINT'] as const)('trigger-scan cancelled with %s during the wait', (signal) => {
  it('ends on the signal before its next status poll, naming the scan, with the outputs known so far', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 's4e-cancel-'))
    const outputFile = path.join(root, 'output')
    const summaryFile = path.join(root, 'summary')
    writeFileSync(outputFile, '')
    writeFileSync(summaryFile, '')
    const inputs: Record<string, string> = {
      'api-url': emulator.url,
      'client-id': emulator.credentials.clientId,
      'client-secret': emulator.credentials.clientSecret,
      asset: 'cancel-me.example.com',
      'poll-interval': '60',
      'timeout-minutes': '10'
    }
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_WORKSPACE: root,
      RUNNER_TEMP: root,
      ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]))
    }
    const statusRequestsBefore = statusRequests()
    const child = spawn(process.execPath, [BUNDLE], { env, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    child.stdout.setEncoding('utf8')
    const waiting = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: string) => {
        stdout += chunk
        if (/Scan \S+: queued/.test(stdout)) resolve()
      })
    })
    const exited = new Promise<number>((resolve) => child.once('close', (code) => resolve(code ?? -1)))
    // A step that died before its first status check fails here instead of hanging.
    await Promise.race([waiting, exited.then((code) => Promise.reject(new Error(`The step exited (${code}) before waiting:\n${stdout}`)))])
    // One status poll answered queued; the next is 60 s away, far beyond the test's time limit.
    expect(statusRequests() - statusRequestsBefore).toBe(1)
    child.kill(signal)
    const exitCode = await exited
    const scanId = emulator.state().scans.at(-1)?.scan_id ?? ''

    // The step's own handler ended it (exit code 1, not death by the signal), and it never polled again.
    expect(exitCode).toBe(1)
    expect(statusRequests() - statusRequestsBefore).toBe(1)
    expect(stdout).toContain(`::error::The workflow was cancelled while waiting for scan ${scanId} (last status queued)`)
    expect(parseFileCommand(readFileSync(outputFile, 'utf8'))).toMatchObject({ 'scan-id': scanId, status: 'queued', gate: 'skipped' })
    const secret = emulator.credentials.clientSecret
    expect(stdout.split('\n').filter((line) => line.includes(secret) && !line.startsWith('::add-mask::'))).toEqual([])
  })
})
