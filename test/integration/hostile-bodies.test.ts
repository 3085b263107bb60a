// The bundles against an emulator that answers with hostile bodies (docs/design.md, "What is bounded"):
// each defence of the shared core, run the way the runner runs it.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../dev/emulator/emulator-options.js'
import type { HostileBodyKind } from '../../dev/emulator/hostile-bodies.js'
import { startEmulator } from '../../dev/emulator/server.js'
import { runStep, type StepResult } from '../../dev/harness/run-step.js'
import { registerAssets, tokenFor } from '../emulator/emulator-requests.js'

const TOKEN = 'POST /oauth/token'
const emulators: Emulator[] = []
afterAll(async () => {
  await Promise.all(emulators.map((emulator) => emulator.stop()))
})

async function hostileEmulator(route: string, kind: HostileBodyKind, count?: number): Promise<Emulator> {
  const emulator = await startEmulator({ port: 0, hostileBodies: [{ route, kind, count }] })
  emulators.push(emulator)
  return emulator
}

function authStep(emulator: Emulator, apiUrl = emulator.url): Promise<StepResult> {
  const { clientId, clientSecret } = emulator.credentials
  return runStep({ action: 'actions/s4e-auth', inputs: { 'api-url': apiUrl, 'client-id': clientId, 'client-secret': clientSecret } })
}

/** What the step printed, but the mask commands (which the runner hides and which must name the secret). */
const printed = (result: StepResult) =>
  result.rawStdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n')

/** Every spelling the emulator's echo uses, of the client secret and of client-id:client-secret. */
function echoedSpellings(emulator: Emulator): string[] {
  const { clientId, clientSecret } = emulator.credentials
  const hex = Buffer.from(clientSecret).toString('hex')
  return [
    clientSecret,
    hex,
    hex.toUpperCase(),
    Buffer.from(clientSecret).toString('base64url'),
    Buffer.from(`${clientId}:${clientSecret}`).toString('base64url'),
    [...clientSecret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')
  ]
}

describe('hostile token endpoint answers, through the s4e-auth bundle', () => {
  it.each([
    ['huge', "The S4E API's answer to POST /oauth/token is larger than 32 MiB (counted after decoding), so the step stopped reading it"],
    ['gzip-bomb', "The S4E API's answer to POST /oauth/token is larger than 32 MiB (counted after decoding), so the step stopped reading it"],
    ['deep', "The S4E API's answer to POST /oauth/token nests JSON deeper than 64 levels, so the step did not read it"]
  ] as const)('ends a %s answer with one sentence naming the request and the limit, without retrying', async (kind, what) => {
    const emulator = await hostileEmulator(TOKEN, kind)
    const result = await authStep(emulator)
    expect(result.exitCode).toBe(1)
    expect(result.errors).toEqual([`${what}: check that api-url points at the S4E API, and report the answer to S4E support if it does.`])
    expect(emulator.state().requestCounts[TOKEN]).toBe(1)
  })

  it('shows a 320,000-dot error_description cut to its shown length, and finishes', async () => {
    const emulator = await hostileEmulator(TOKEN, 'dots')
    const result = await authStep(emulator)
    expect(result.timedOut).toBe(false)
    expect(result.errors).toEqual([
      `The S4E token endpoint rejected the client ID and secret (invalid_client) (${'.'.repeat(300)}…): check the client-id and client-secret secrets, and that the OAuth client is still active.`
    ])
  })

  it('prints no ESC sequence of an error description', async () => {
    const emulator = await hostileEmulator(TOKEN, 'escapes')
    const result = await authStep(emulator)
    expect(result.exitCode).toBe(1)
    expect(result.rawStdout).not.toContain('\u001b')
    expect(result.errors[0]).toContain('Unknown client.[2K[1G[32m✔ S4E gate passed: 0 findings[0m')
  })

  it('prints no ESC sequence of a field of a good answer', async () => {
    const emulator = await hostileEmulator(TOKEN, 'escaped-fields')
    const result = await authStep(emulator)
    expect(result.exitCode, result.log).toBe(0)
    expect(result.rawStdout).toContain('✔ S4E gate passed')
    expect(result.rawStdout).not.toContain('\u001b')
  })

  it('redacts the client secret echoed as hex, Base64url, strict percent-encoding and \\uXXXX', async () => {
    const emulator = await hostileEmulator(TOKEN, 'echo-secret')
    const result = await authStep(emulator)
    expect(result.exitCode).toBe(1)
    expect(result.errors[0]).toMatch(
      /^The S4E token endpoint rejected the client ID and secret \(invalid_client\) \(client secret not accepted: hex \*\*\* HEX \*\*\* b64url \*\*\* pair \*\*\* pct \*\*\* json \*\*\*/
    )
    for (const spelling of echoedSpellings(emulator)) expect(printed(result)).not.toContain(spelling)
  })

  it('leaves a granted scope that holds the secret out of the scope output, with a warning', async () => {
    const emulator = await hostileEmulator(TOKEN, 'echo-secret-scope')
    const result = await authStep(emulator)
    expect(result.exitCode, result.log).toBe(0)
    for (const spelling of echoedSpellings(emulator)) {
      expect(result.outputs.scope).not.toContain(spelling)
      expect(printed(result)).not.toContain(spelling)
    }
    expect(result.outputs.scope).toMatch(/^assets:read /)
    expect(result.warnings).toEqual([expect.stringMatching(/^The S4E token endpoint named a granted scope that holds a secret \(/)])
  })

  it('blames api-url, not token-url, when a wrong api-url path makes the token URL answer 404 (issue 23)', async () => {
    const emulator = await startEmulator({ port: 0 })
    emulators.push(emulator)
    const result = await authStep(emulator, `${emulator.url}/v2`)
    expect(result.errors).toEqual([
      `The token URL ${emulator.url}/v2/oauth/token, derived from the api-url input ${emulator.url}/v2, answered HTTP 404, so the api-url input is probably wrong: give the base URL of the S4E API (such as https://api.s4e.io, with no path after it), or set token-url when the token endpoint lives elsewhere.`
    ])
  })
})

describe('hostile findings pages, through the s4e-trigger-scan bundle', () => {
  it.each([
    ['many-findings', 'is larger than 32 MiB (counted after decoding)'],
    ['gzip-bomb', 'is larger than 32 MiB (counted after decoding)'],
    ['nested-array', 'is larger than 32 MiB (counted after decoding)'],
    ['many-values', 'holds more than 1,000,000 JSON values']
  ] as const)('ends the step on a %s page with one sentence, never as a verdict', async (kind, limit) => {
    const emulator = await hostileEmulator('GET /api/findings', kind)
    await registerAssets(emulator, await tokenFor(emulator), ['app.example.com'])
    const { clientId, clientSecret } = emulator.credentials
    const result = await runStep({
      action: 'actions/s4e-trigger-scan',
      inputs: { 'api-url': emulator.url, 'client-id': clientId, 'client-secret': clientSecret, asset: 'app.example.com', 'fail-on': 'high' }
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.gate).not.toBe('passed')
    expect(result.errors.join('\n')).toContain(`S4E API's answer to GET /api/findings ${limit}`)
  })
})

describe('a file input that is not a regular file', () => {
  it('refuses an assets-file that is a FIFO in one sentence instead of hanging', async () => {
    const workspace = mkdtempSync(path.join(tmpdir(), 's4e-fifo-'))
    mkdirSync(workspace, { recursive: true })
    execFileSync('mkfifo', [path.join(workspace, 'assets.txt')])
    const result = await runStep({
      action: 'actions/s4e-add-assets',
      workspace,
      inputs: { 'api-url': 'http://127.0.0.1:9', 'api-key': 's4e_not_used_0123456789', 'assets-file': 'assets.txt' },
      timeoutMs: 20_000
    })
    expect(result.timedOut).toBe(false)
    expect(result.errors).toEqual([
      `The assets-file input "assets.txt" is a named pipe (FIFO) (${path.join(workspace, 'assets.txt')}), not a regular file, so it was not opened: name a regular file.`
    ])
  })
})
