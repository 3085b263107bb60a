// The dist/add-assets bundle, run the way the runner runs it, against the local emulator.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../dev/emulator/server.js'
import { Job } from '../../dev/harness/job.js'
import { findJobLeaks, findLeaks } from '../../dev/harness/leak-check.js'
import { runStep, type StepResult } from '../../dev/harness/run-step.js'

const ACTION = 'actions/s4e-add-assets'
const BULK_ROUTE = 'POST /asset/handler/bulk-asset-add'
let emulator: Emulator

beforeEach(async () => {
  emulator = await startEmulator({ port: 0 })
})
afterEach(async () => {
  await emulator.stop()
})

const bulkRequests = () => emulator.state().requestCounts[BULK_ROUTE] ?? 0
const requestTotal = () => Object.values(emulator.state().requestCounts).reduce((sum, n) => sum + n, 0)
const registeredNames = () => emulator.state().assets.map((asset) => asset.name)
const secrets = () => [emulator.credentials.clientSecret, emulator.credentials.apiKey, emulator.readOnlyCredentials.clientSecret]

function expectNoLeaks(result: StepResult, extra: string[] = []): void {
  expect(findLeaks(result, [...secrets(), ...extra])).toEqual([])
}

/** 250 entries: 200 distinct hosts written in several ways, with duplicates, comments and blank lines. */
function noisyList(): { text: string; unique: string[] } {
  const unique = Array.from({ length: 200 }, (_, i) => `svc-${i}.deploy.example.com`)
  const lines = ['# deploy targets', '']
  unique.forEach((host, i) => lines.push(i % 3 === 0 ? `https://${host.toUpperCase()}:8443/health?x=1` : `${host}.`))
  for (let i = 0; i < 50; i++) lines.push(i % 2 === 0 ? `${unique[i]}, ${unique[i + 1]} # again` : `  ${unique[i]!.toUpperCase()}  `)
  return { text: lines.join('\n'), unique }
}

describe('s4e-add-assets bundle', () => {
  it('registers with the token of an earlier s4e-auth step (access-token → token, expires-at → token-expires-at)', async () => {
    const { clientId, clientSecret } = emulator.credentials
    const job = new Job({ secrets: [clientSecret] })
    const auth = await job.run('auth', {
      action: 'actions/s4e-auth',
      inputs: { 'api-url': emulator.url, 'client-id': clientId, 'client-secret': clientSecret, scope: 'assets:write' }
    })
    expect(auth?.exitCode, auth?.log).toBe(0)
    const add = await job.run('add', {
      action: ACTION,
      inputs: ({ steps }) => ({
        'api-url': emulator.url,
        token: steps.auth!.outputs['access-token']!,
        'token-expires-at': steps.auth!.outputs['expires-at']!,
        assets: 'app.example.com\n192.0.2.10\n2001:db8::/32'
      })
    })
    expect(add?.exitCode, add?.log).toBe(0)
    expect(add?.outputs).toMatchObject({ 'registered-count': '3', batches: '1', 'invalid-count': '0', invalid: '[]' })
    expect(JSON.parse(add?.outputs.assets ?? '')).toEqual(['app.example.com', '192.0.2.10', '2001:db8::/32'])
    expect(registeredNames().sort()).toEqual(['192.0.2.10', '2001:db8::/32', 'app.example.com'])
    // Only s4e-auth exchanged credentials; the later step reused its token.
    expect(emulator.state().tokenExchanges).toBe(1)
    expect(findJobLeaks(job, [...secrets(), auth?.outputs['access-token'] ?? ''])).toEqual([])
  })

  it.each([['false'], ['true']])('registers exactly the unique set of 250 noisy entries in ceil(n/batch) requests (ACTIONS_STEP_DEBUG=%s)', async (debug) => {
    const { text, unique } = noisyList()
    const result = await runStep({
      action: ACTION,
      inputs: {
        'api-url': emulator.url,
        'api-key': emulator.credentials.apiKey,
        assets: text,
        'batch-size': '64',
        description: 'Deployed by CI',
        source: 'manuel'
      },
      env: { ACTIONS_STEP_DEBUG: debug }
    })
    expect(result.exitCode, result.log).toBe(0)
    expect(bulkRequests()).toBe(Math.ceil(unique.length / 64))
    expect(registeredNames().sort()).toEqual([...unique].sort())
    expect(result.outputs).toMatchObject({ 'registered-count': String(unique.length), batches: '4', 'invalid-count': '0' })
    expect(JSON.parse(result.outputs.assets!)).toEqual(unique)
    expect(result.summary).toContain('Registered 200 assets with S4E.')
    expectNoLeaks(result)
  })

  it('reads assets-file relative to GITHUB_WORKSPACE and writes the full list to RUNNER_TEMP', async () => {
    const job = new Job()
    writeFileSync(path.join(job.workspace, 'assets.txt'), 'a.example.com # web\nb.example.com\n')
    const result = await job.run('add', {
      action: ACTION,
      inputs: { 'api-url': emulator.url, 'api-key': emulator.credentials.apiKey, 'assets-file': 'assets.txt' }
    })
    expect(result?.exitCode, result?.log).toBe(0)
    expect(registeredNames().sort()).toEqual(['a.example.com', 'b.example.com'])
    const listFile = result?.outputs['assets-json-file'] ?? ''
    expect(path.dirname(listFile)).toBe(job.runnerTemp)
    expect(result?.writtenFiles).toContain(listFile)
    expectNoLeaks(result as StepResult)
  })

  it('registers 10,000 assets from a file in 10 requests of 1000, keeping the outputs small', async () => {
    const job = new Job()
    const assets = Array.from({ length: 10_000 }, (_, i) => `node-${i}.fleet.example.com`)
    writeFileSync(path.join(job.workspace, 'fleet.txt'), assets.join('\n'))
    const result = await job.run('add', {
      action: ACTION,
      inputs: { 'api-url': emulator.url, 'api-key': emulator.credentials.apiKey, 'assets-file': 'fleet.txt', 'batch-size': '1000' }
    })
    expect(result?.exitCode, result?.log).toBe(0)
    expect(bulkRequests()).toBe(10)
    expect(new Set(registeredNames()).size).toBe(10_000)
    expect(result?.outputs['registered-count']).toBe('10000')
    expect(Buffer.byteLength(result?.outputs.assets ?? '')).toBeLessThan(1024 * 1024)
    expect(result?.summary.length).toBeLessThan(10_000)
    expectNoLeaks(result as StepResult)
  })

  it('with on-invalid: fail sends no request at all, not even a token exchange, and lists every bad entry', async () => {
    const { clientId, clientSecret } = emulator.credentials
    const result = await runStep({
      action: ACTION,
      inputs: { 'api-url': emulator.url, 'client-id': clientId, 'client-secret': clientSecret, assets: 'good.example.com intranet 999.1.1.1 198.51.100.7/24' }
    })
    expect(result.exitCode).toBe(1)
    expect(requestTotal()).toBe(0)
    expect(result.errors).toEqual([
      expect.stringContaining('intranet needs at least two labels'),
      expect.stringContaining('999 is not an octet'),
      expect.stringContaining('198.51.100.0/24'),
      '3 asset entries are invalid (each is listed above with its reason), so nothing was sent: fix or remove them, or set on-invalid: skip to register the valid ones.'
    ])
    expect(result.outputs).toMatchObject({ 'invalid-count': '3', 'registered-count': '0', batches: '0' })
    expectNoLeaks(result)
  })

  it('with on-invalid: skip warns for each bad entry and registers the rest', async () => {
    const result = await runStep({
      action: ACTION,
      inputs: {
        'api-url': emulator.url,
        'api-key': emulator.credentials.apiKey,
        assets: 'good.example.com intranet 999.1.1.1 other.example.com',
        'on-invalid': 'skip'
      }
    })
    expect(result.exitCode, result.log).toBe(0)
    expect(result.warnings).toEqual([expect.stringContaining('intranet'), expect.stringContaining('999.1.1.1')])
    expect(registeredNames().sort()).toEqual(['good.example.com', 'other.example.com'])
    expect(result.outputs).toMatchObject({ 'invalid-count': '2', 'registered-count': '2' })
    expect(JSON.parse(result.outputs.invalid!).map((entry: { input: string }) => entry.input)).toEqual(['intranet', '999.1.1.1'])
    expectNoLeaks(result)
  })

  it.each([
    ['before processing', false],
    ['after processing (an ambiguous failure)', true]
  ])('retries a 503 %s and registers every asset exactly once', async (_label, after) => {
    emulator.injectFault({ route: BULK_ROUTE, count: 1, kind: 'status', status: 503, retryAfter: 0, after })
    const assets = Array.from({ length: 5 }, (_, i) => `retry-${i}.example.com`)
    const result = await runStep({
      action: ACTION,
      inputs: { 'api-url': emulator.url, 'api-key': emulator.credentials.apiKey, assets: assets.join('\n'), 'batch-size': '2' }
    })
    expect(result.exitCode, result.log).toBe(0)
    expect(bulkRequests()).toBe(4)
    expect(registeredNames().sort()).toEqual(assets)
    expect(result.outputs).toMatchObject({ 'registered-count': '5', batches: '3' })
    expect(result.log).toMatch(/HTTP 503; retrying POST \/asset\/handler\/bulk-asset-add/)
    expectNoLeaks(result)
  })

  it('names the missing assets:write scope when the server answers 403 insufficient_scope', async () => {
    const { clientId, clientSecret } = emulator.readOnlyCredentials
    const result = await runStep({
      action: ACTION,
      inputs: { 'api-url': emulator.url, 'client-id': clientId, 'client-secret': clientSecret, scope: 'assets:read', assets: 'a.example.com' }
    })
    expect(result.exitCode).toBe(1)
    expect(bulkRequests()).toBe(1)
    expect(registeredNames()).toEqual([])
    expect(result.errors).toEqual([
      expect.stringMatching(
        /because the token lacks the assets:write scope .*request it with `scope: assets:write`.*no asset was registered before batch 1 of 1 failed, and re-running the step is safe/
      )
    ])
    expect(result.summary).toMatch(/Missing scope:.*assets:write/)
    expect(result.outputs).toMatchObject({ 'registered-count': '0', batches: '1' })
    expectNoLeaks(result)
  })

  it('fails with a re-run sentence and the outputs so far when a batch still fails after its retries', async () => {
    // Five attempts in all (the core's default policy); Retry-After 0 keeps the test fast.
    emulator.injectFault({ route: BULK_ROUTE, count: 5, kind: 'status', status: 503, retryAfter: 0 })
    const result = await runStep({
      action: ACTION,
      inputs: { 'api-url': emulator.url, 'api-key': emulator.credentials.apiKey, assets: 'a.example.com b.example.com c.example.com', 'batch-size': '2' }
    })
    expect(result.exitCode).toBe(1)
    expect(bulkRequests()).toBe(5)
    expect(registeredNames()).toEqual([])
    expect(result.errors).toEqual([
      expect.stringMatching(
        /HTTP 503 after every retry.*; no asset was registered before batch 1 of 2 failed, and re-running the step is safe because S4E registration is idempotent\.$/
      )
    ])
    expect(result.outputs).toMatchObject({ 'registered-count': '0', batches: '1' })
    expectNoLeaks(result)
  })

  it('validates a dry run without credentials and without any request', async () => {
    const result = await runStep({ action: ACTION, inputs: { assets: 'A.example.com, a.example.com, b.example.com', 'dry-run': 'true' } })
    expect(result.exitCode, result.log).toBe(0)
    expect(requestTotal()).toBe(0)
    expect(result.outputs).toMatchObject({ assets: '["a.example.com","b.example.com"]', 'registered-count': '0', batches: '0' })
    expect(result.summary).toContain('Dry run: 2 assets would be registered in 1 batch')
    expectNoLeaks(result)
  })
})
