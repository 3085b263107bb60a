// Octokit lives in a chunk of its own: a trigger-scan or pipeline run needs it only to write a PR comment.
import { cpSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../dev/emulator/emulator-options.js'
import { startEmulator } from '../../dev/emulator/server.js'
import { REPO_ROOT, runStep } from '../../dev/harness/run-step.js'
import { registerAssets, tokenFor } from '../emulator/emulator-requests.js'

const ASSET = 'chunkless.example.com'
// Nothing listens on the discard port: a request that got this far would fail at once, never leave the machine.
const CLOSED_GITHUB_API = 'http://127.0.0.1:9'
let emulator: Emulator

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, scanDurationMs: 0 })
  await registerAssets(emulator, await tokenFor(emulator), [ASSET])
})
afterAll(async () => {
  await emulator.stop()
})

/** A copy of the action.yml and of its bundle's index.js and package.json, but none of the chunks beside them. */
function actionWithoutChunks(actionFolder: string, bundle: string): string {
  const root = mkdtempSync(path.join(tmpdir(), 's4e-chunkless-'))
  const action = path.join(root, actionFolder)
  mkdirSync(action, { recursive: true })
  mkdirSync(path.join(root, 'dist', bundle), { recursive: true })
  cpSync(path.join(REPO_ROOT, actionFolder, 'action.yml'), path.join(action, 'action.yml'))
  for (const file of ['index.js', 'package.json']) cpSync(path.join(REPO_ROOT, 'dist', bundle, file), path.join(root, 'dist', bundle, file))
  return action
}

describe.each([
  { actionFolder: 'actions/s4e-trigger-scan', bundle: 'trigger-scan' },
  { actionFolder: '.', bundle: 'pipeline' }
])('the $bundle bundle without its chunks', ({ actionFolder, bundle }) => {
  it('has a chunk to leave out', () => {
    expect(readdirSync(path.join(REPO_ROOT, 'dist', bundle)).filter((file) => /^\d+\.index\.js$/.test(file))).toHaveLength(1)
  })

  const scan = (prComment: boolean) =>
    runStep({
      action: actionWithoutChunks(actionFolder, bundle),
      eventName: 'pull_request',
      env: { GITHUB_API_URL: CLOSED_GITHUB_API },
      inputs: {
        'api-url': emulator.url,
        'client-id': emulator.credentials.clientId,
        'client-secret': emulator.credentials.clientSecret,
        ...(bundle === 'pipeline' ? { assets: ASSET } : { asset: ASSET }),
        'fail-on': 'none',
        'pr-comment': String(prComment)
      }
    })

  it('runs a scan without a PR comment to the end, with no warning', async () => {
    const result = await scan(false)
    expect(result.exitCode, result.log).toBe(0)
    expect(result.outputs.gate).toBe('passed')
    expect(result.warnings).toEqual([])
  })

  it('needs the chunk only for the PR comment: without it the comment is skipped with a warning, and the gate stands', async () => {
    const result = await scan(true)
    expect(result.exitCode, result.log).toBe(0)
    expect(result.outputs.gate).toBe('passed')
    expect(result.warnings).toHaveLength(1)
    expect(result.warnings[0]).toMatch(/^Could not find the S4E comment on pull request #7: the request failed \(Cannot find module .*\.index\.js/)
  })
})
