// The security review's findings, each reproduced on the committed bundles as the runner runs them
// (masking included), each failing on the bundles from before the fix.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../dev/emulator/server.js'
import { Job } from '../../dev/harness/job.js'
import { findJobLeaks, findLeaks } from '../../dev/harness/leak-check.js'
import { runStep } from '../../dev/harness/run-step.js'

let emulator: Emulator
// A dead loopback proxy: if a step ever tried to reach a non-loopback host, it would fail here, not on the internet.
const NOWHERE_PROXY = 'http://127.0.0.1:9'

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, scanDurationMs: 0 })
})
afterAll(async () => {
  await emulator.stop()
})

const requestTotal = () => Object.values(emulator.state().requestCounts).reduce((sum, n) => sum + n, 0)

/** A loopback server answering every request with `answer`; records the raw bodies it received. */
async function fakeServer(
  answer: (request: IncomingMessage, body: string, response: ServerResponse) => void
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk) => (body += String(chunk)))
    request.on('end', () => answer(request, body, response))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve()))
  }
}

const json = (response: ServerResponse, status: number, body: unknown) =>
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))

describe('1. a token stays at the installation that issued it', () => {
  it('a later step that takes S4E_ACCESS_TOKEN from the environment sends it to S4E_API_URL, not the cloud', async () => {
    const { clientId, clientSecret } = emulator.credentials
    const job = new Job({ secrets: [clientSecret], env: { https_proxy: NOWHERE_PROXY, HTTPS_PROXY: NOWHERE_PROXY } })
    const auth = await job.run('auth', {
      action: 'actions/s4e-auth',
      inputs: { 'api-url': `${emulator.url}/`, 'client-id': clientId, 'client-secret': clientSecret, scope: 'assets:write', 'export-env': 'true' }
    })
    expect(auth?.exitCode, auth?.log).toBe(0)
    expect(auth?.outputs['api-url']).toBe(emulator.url)
    const before = emulator.state().requestCounts['POST /asset/handler/bulk-asset-add'] ?? 0
    const add = await job.run('add', { action: 'actions/s4e-add-assets', inputs: { assets: 'onprem.example.com' } })
    expect(add?.exitCode, add?.log).toBe(0)
    expect((emulator.state().requestCounts['POST /asset/handler/bulk-asset-add'] ?? 0) - before).toBe(1)
    expect(findJobLeaks(job, [clientSecret])).toEqual([])
  })

  it('an explicit api-url that differs from S4E_API_URL, with the token from the environment, fails before any request', async () => {
    const before = requestTotal()
    const result = await runStep({
      action: 'actions/s4e-add-assets',
      inputs: { 'api-url': 'https://api.s4e.io', assets: 'onprem.example.com' },
      env: { S4E_ACCESS_TOKEN: 'env-token-0123456789abcdef', S4E_API_URL: emulator.url, https_proxy: NOWHERE_PROXY, HTTPS_PROXY: NOWHERE_PROXY }
    })
    expect(result.exitCode).toBe(1)
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^The api-url input is https:\/\/api\.s4e\.io, but the token in S4E_ACCESS_TOKEN was issued by http:\/\/127\.0\.0\.1:\d+ \(S4E_API_URL\)/
      )
    ])
    expect(requestTotal()).toBe(before)
  })
})

describe('2. nothing of a file is echoed', () => {
  it('refuses an assets-file that resolves outside the workspace and RUNNER_TEMP, showing none of it', async () => {
    const workspace = mkdtempSync(path.join(tmpdir(), 's4e-ws-'))
    symlinkSync('/etc/passwd', path.join(workspace, 'assets.txt'))
    const before = requestTotal()
    const result = await runStep({
      action: 'actions/s4e-add-assets',
      workspace,
      inputs: { 'api-url': emulator.url, 'api-key': emulator.credentials.apiKey, 'assets-file': 'assets.txt' }
    })
    expect(result.exitCode).toBe(1)
    expect(result.errors).toEqual([expect.stringMatching(/^The assets-file input "assets.txt" resolves to \/etc\/passwd, outside the workspace/)])
    expect(`${result.log}${result.summary}${JSON.stringify(result.outputs)}`).not.toMatch(/root:|nologin|\/bin\/(ba)?sh/)
    expect(requestTotal()).toBe(before)
  })

  it('shows an invalid entry capped, without user-info, with known secrets redacted and in its own case', async () => {
    const apiKey = emulator.credentials.apiKey
    const upperKey = apiKey.toUpperCase()
    const urlPassword = 'Pw-Url-S3cret-77'
    const runnerSecret = 'EnvOnly-RunnerSecret-Xy42'
    const lines = [
      `https://deploy:${urlPassword}@intranet/x`,
      `{"auths":{"ghcr.io":{"auth":"${Buffer.from(`deploy:${apiKey}`).toString('base64')}"}}}`,
      `S4E_API_KEY=${upperKey}`,
      `OTHER_TOKEN=${runnerSecret}`,
      `${'x'.repeat(300)}_not_a_host`,
      'good.example.com'
    ]
    const workspace = mkdtempSync(path.join(tmpdir(), 's4e-ws-'))
    writeFileSync(path.join(workspace, 'assets.txt'), lines.join('\n'))
    const result = await runStep({
      action: 'actions/s4e-add-assets',
      workspace,
      secrets: [runnerSecret],
      inputs: { 'api-key': apiKey, 'api-url': emulator.url, 'assets-file': 'assets.txt', 'on-invalid': 'skip', 'dry-run': 'true' }
    })
    expect(result.exitCode, result.log).toBe(0)
    expect(result.outputs['invalid-count']).toBe('5')
    const invalid = JSON.parse(result.outputs.invalid!) as { input: string; reason: string }[]
    for (const entry of invalid) expect([...entry.input].length).toBeLessThanOrEqual(101)
    // The runner masks the secret it knows only as written: the log must never hold another case of it.
    expect(result.log.toLowerCase()).not.toContain(runnerSecret.toLowerCase())
    expect(invalid.some((entry) => entry.input.includes(runnerSecret))).toBe(true)
    expect(findLeaks(result, [apiKey, urlPassword])).toEqual([])
  })

  it('caps the annotations at 20 and the invalid output at 1,000 entries, while invalid-count counts all', async () => {
    const workspace = mkdtempSync(path.join(tmpdir(), 's4e-ws-'))
    const bad = Array.from({ length: 2500 }, (_, i) => `bad_host_${i}`)
    writeFileSync(path.join(workspace, 'assets.txt'), ['ok.example.com', ...bad].join('\n'))
    const result = await runStep({
      action: 'actions/s4e-add-assets',
      workspace,
      inputs: { 'assets-file': 'assets.txt', 'on-invalid': 'skip', 'dry-run': 'true' }
    })
    expect(result.exitCode, result.log).toBe(0)
    expect(result.outputs['invalid-count']).toBe('2500')
    expect(JSON.parse(result.outputs.invalid!)).toHaveLength(1000)
    const entryWarnings = result.warnings.filter((warning) => /bad_host_|more invalid/.test(warning))
    expect(entryWarnings).toHaveLength(21)
    expect(entryWarnings[20]).toMatch(/^…and 2480 more invalid entries/)
  })
})

describe('3. every spelling of a secret is masked', () => {
  it('masks a client secret that the token endpoint echoes in its form-encoded spelling', async () => {
    const secret = "s3cret ~!'() tail-0042"
    const token = await fakeServer((_request, body, response) => {
      const echoed = /client_secret=([^&]*)/.exec(body)?.[1] ?? ''
      json(response, 401, { error: 'invalid_client', error_description: `unknown secret ${echoed}` })
    })
    try {
      const result = await runStep({
        action: 'actions/s4e-auth',
        secrets: [secret],
        inputs: { 'api-url': emulator.url, 'token-url': `${token.url}/oauth/token`, 'client-id': 'my-client', 'client-secret': secret }
      })
      expect(result.exitCode).toBe(1)
      expect(result.errors.join('\n')).toMatch(/invalid_client/)
      expect(findLeaks(result, [secret])).toEqual([])
    } finally {
      await token.close()
    }
  })

  it('masks an API key that the API quotes as a JSON string with escaped slashes', async () => {
    const apiKey = 'key/with"quote/and-slash-0042'
    const api = await fakeServer((_request, body, response) => {
      const sent = (JSON.parse(body) as { token: string }).token
      // The server quotes the key as it would appear in its own JSON (PHP-style, slashes escaped).
      json(response, 401, { message: `the key ${JSON.stringify(sent).replace(/\//g, '\\/')} is revoked` })
    })
    try {
      const result = await runStep({ action: 'actions/s4e-auth', secrets: [apiKey], inputs: { 'api-url': api.url, 'api-key': apiKey } })
      expect(result.exitCode).toBe(1)
      expect(result.errors.join('\n')).toMatch(/rejected the API key/)
      expect(findLeaks(result, [apiKey])).toEqual([])
    } finally {
      await api.close()
    }
  })
})

// 4. Someone else's comment: see pr-comment.test.ts, "leaves a comment by someone else that carries the marker alone".

describe('5. server text starts no workflow command', () => {
  it('prints a scan phase and a finding title with commands in them as plain text', async () => {
    const evil = 'done\n::error::pwned by the server\n::add-mask::example.com\n::stop-commands::x\n##[error]legacy pwned'
    let polls = 0
    const api = await fakeServer((request, _body, response) => {
      const { pathname } = new URL(request.url ?? '/', 'http://localhost')
      const meta = { total: 1, page: 1, per_page: 100, total_pages: 1 }
      if (request.method === 'POST' && pathname === '/api/scan/create') {
        return json(response, 201, { data: { scan_id: 's-1', asset_id: 'a-1', scan_type: 'quick', status: 'queued', created_at: new Date().toISOString() } })
      }
      if (pathname === '/api/scan/s-1/status') {
        polls++
        return json(response, 200, { data: { scan_id: 's-1', status: polls > 1 ? 'completed' : 'running', progress: 50, current_phase: evil } })
      }
      if (pathname === '/api/findings') {
        return json(response, 200, { data: [{ id: 'f-1', title: evil, severity: 'high', status: 'open', scan_id: 's-1', description: evil }], meta })
      }
      return json(response, 200, { data: [], meta: { ...meta, total: 0 } })
    })
    try {
      const result = await runStep({
        action: 'actions/s4e-trigger-scan',
        inputs: { 'api-url': api.url, 'api-key': 'key-for-fake-0042', 'asset-id': 'a-1', 'poll-interval': '1', 'fail-on': 'none' }
      })
      expect(result.exitCode, result.log).toBe(0)
      expect(result.errors).toEqual([])
      expect(result.masks).not.toContain('example.com')
      expect(result.log).toContain('pwned by the server')
      for (const line of result.rawStdout.split('\n')) {
        if (!line.includes('pwned')) continue
        expect(line.trim()).not.toMatch(/^::(error|add-mask|stop-commands)::/)
        expect(line).not.toContain('##[')
      }
    } finally {
      await api.close()
    }
  })
})

describe('6. output files are written safely', () => {
  it('replaces a symlink planted at the findings-file path instead of writing through it', async () => {
    await runStep({
      action: 'actions/s4e-add-assets',
      inputs: { 'api-url': emulator.url, 'api-key': emulator.credentials.apiKey, assets: 'preview.example.com' }
    })
    const workspace = mkdtempSync(path.join(tmpdir(), 's4e-ws-'))
    const victim = path.join(workspace, 'victim.txt')
    writeFileSync(victim, 'precious\n')
    mkdirSync(path.join(workspace, 'out'))
    symlinkSync(victim, path.join(workspace, 'out', 'findings.json'))
    symlinkSync(victim, path.join(workspace, 'out', 'report.sarif'))
    const result = await runStep({
      action: 'actions/s4e-trigger-scan',
      workspace,
      inputs: {
        'api-url': emulator.url,
        'api-key': emulator.credentials.apiKey,
        asset: 'preview.example.com',
        'fail-on': 'none',
        'findings-file': 'out/findings.json',
        'sarif-file': 'out/report.sarif'
      }
    })
    expect(result.exitCode, result.log).toBe(0)
    expect(readFileSync(victim, 'utf8')).toBe('precious\n')
    expect(lstatSync(path.join(workspace, 'out', 'findings.json')).isSymbolicLink()).toBe(false)
    expect(lstatSync(path.join(workspace, 'out', 'report.sarif')).isSymbolicLink()).toBe(false)
    expect(JSON.parse(readFileSync(path.join(workspace, 'out', 'findings.json'), 'utf8'))).toHaveProperty('findings')
  })

  it.each([
    ['a findings-file that is a folder', 'findings-file', 'out', /^The findings-file input names .*\/out, which cannot be written because it is a folder/],
    [
      'a sarif-file below a regular file',
      'sarif-file',
      'victim.txt/report.sarif',
      /^The sarif-file input names .*victim\.txt\/report\.sarif, which cannot be written because part of the path is a file/
    ]
  ])('fails %s with one sentence and 0 requests', async (_name, input, value, message) => {
    const workspace = mkdtempSync(path.join(tmpdir(), 's4e-ws-'))
    mkdirSync(path.join(workspace, 'out'))
    writeFileSync(path.join(workspace, 'victim.txt'), 'x')
    const before = requestTotal()
    const result = await runStep({
      action: 'actions/s4e-trigger-scan',
      workspace,
      inputs: { 'api-url': emulator.url, 'api-key': emulator.credentials.apiKey, asset: 'preview.example.com', [input]: value }
    })
    expect(result.exitCode).toBe(1)
    expect(result.errors).toEqual([expect.stringMatching(message)])
    expect(requestTotal()).toBe(before)
  })
})

describe('7. server answers get sentences that name the real cause', () => {
  it.each([
    [
      'a redirect names its target and blames the api-url',
      { route: 'GET /api/assets', count: 1, kind: 'redirect' as const },
      /^The S4E API answered GET \/api\/assets with a redirect \(HTTP 302\) to https:\/\/console\.s4e\.example\/login, so the api-url \(or token-url\) input is probably wrong/
    ],
    [
      'an HTML page with status 200 is a web page or proxy, not retried',
      { route: 'GET /api/assets', count: 5, kind: 'html' as const, status: 200 },
      /^The S4E API answered GET \/api\/assets with an HTML page instead of JSON \(HTTP 200\), so api-url points at a web page or a proxy/
    ]
  ])('%s', async (_name, fault, sentence) => {
    const before = emulator.state().requestCounts['GET /api/assets'] ?? 0
    emulator.injectFault(fault)
    try {
      const result = await runStep({
        action: 'actions/s4e-trigger-scan',
        inputs: { 'api-url': emulator.url, 'api-key': emulator.credentials.apiKey, asset: 'preview.example.com' }
      })
      expect(result.exitCode).toBe(1)
      expect(result.errors).toEqual([expect.stringMatching(sentence)])
      expect(result.log).not.toMatch(/retrying/)
      expect((emulator.state().requestCounts['GET /api/assets'] ?? 0) - before).toBe(1)
    } finally {
      emulator.clearFaults()
    }
  })
})
