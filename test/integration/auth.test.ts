// The committed dist/auth bundle, run the way the runner runs it, against the local emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../dev/emulator/server.js'
import { findLeaks } from '../../dev/harness/leak-check.js'
import { runStep } from '../../dev/harness/run-step.js'

const ACTION = 'actions/s4e-auth'
let emulator: Emulator

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 })
})
afterAll(async () => {
  await emulator.stop()
})

const exchanges = () => emulator.state().requestCounts['POST /oauth/token'] ?? 0
const requestTotal = () => Object.values(emulator.state().requestCounts).reduce((sum, n) => sum + n, 0)

describe('s4e-auth bundle', () => {
  it.each([['false'], ['true']])('exchanges once, masks the token before anything else, and leaks nothing (ACTIONS_STEP_DEBUG=%s)', async (debug) => {
    const before = exchanges()
    const { clientId, clientSecret } = emulator.credentials
    const result = await runStep({
      action: ACTION,
      inputs: { 'api-url': emulator.url, 'client-id': clientId, 'client-secret': clientSecret, scope: 'assets:write scans:read', 'export-env': 'true' },
      env: { ACTIONS_STEP_DEBUG: debug }
    })
    expect(result.exitCode, result.log).toBe(0)
    expect(exchanges() - before).toBe(1)
    const token = result.outputs['access-token']
    expect(token).toMatch(/\S{16,}/)
    expect(result.outputs).toMatchObject({
      'token-type': 'Bearer',
      'expires-in': '3600',
      scope: 'assets:write scans:read',
      'auth-method': 'client-credentials'
    })
    expect(Date.parse(result.outputs['expires-at']!) - Date.now()).toBeGreaterThan(3500_000)
    expect(result.exportedEnv).toMatchObject({ S4E_ACCESS_TOKEN: token, S4E_API_URL: emulator.url, S4E_TOKEN_EXPIRES_AT: result.outputs['expires-at'] })

    // The first stdout line that holds the token is its ::add-mask:: line.
    const lines = result.rawStdout.split('\n')
    const first = lines.findIndex((line) => line.includes(token!))
    expect(lines[first]).toBe(`::add-mask::${token}`)
    expect(lines.filter((line) => line.includes(token!) && !line.startsWith('::add-mask::'))).toEqual([])
    expect(lines.filter((line) => line.includes(clientSecret) && !line.startsWith('::add-mask::'))).toEqual([])
    expect(result.rawStderr).not.toContain(token)
    expect(findLeaks(result, [token!, clientSecret])).toEqual([])
  })

  it('checks an API key once with POST /auth/check', async () => {
    const before = emulator.state().requestCounts['POST /auth/check'] ?? 0
    const result = await runStep({ action: ACTION, inputs: { 'api-url': emulator.url, 'api-key': emulator.credentials.apiKey } })
    expect(result.exitCode, result.log).toBe(0)
    expect(result.outputs).toMatchObject({ 'access-token': emulator.credentials.apiKey, 'auth-method': 'api-key', 'expires-at': '', 'expires-in': '' })
    expect((emulator.state().requestCounts['POST /auth/check'] ?? 0) - before).toBe(1)
    expect(findLeaks(result, [emulator.credentials.apiKey])).toEqual([])
  })

  it('fails a wrong API key at this step, with a sentence and without leaking it', async () => {
    const wrongKey = 's4e_wrong_key_0000000000'
    const result = await runStep({ action: ACTION, inputs: { 'api-url': emulator.url, 'api-key': wrongKey } })
    expect(result.exitCode).toBe(1)
    expect(result.errors.join('\n')).toMatch(/rejected the API key .*check that the api-key secret is current/)
    expect(findLeaks(result, [wrongKey])).toEqual([])
  })

  it('turns invalid_client into a sentence about the secrets', async () => {
    const wrongSecret = 'definitely-not-the-secret'
    const result = await runStep({
      action: ACTION,
      inputs: { 'api-url': emulator.url, 'client-id': emulator.credentials.clientId, 'client-secret': wrongSecret }
    })
    expect(result.exitCode).toBe(1)
    expect(result.errors.join('\n')).toMatch(/invalid_client.*check the client-id and client-secret secrets/)
    expect(findLeaks(result, [wrongSecret])).toEqual([])
  })

  it.each([
    ['no credentials', {}, /No S4E credentials were given/],
    ['half credentials', { 'client-id': 'demo-client' }, /client-id input was given without client-secret/],
    ['both kinds of credentials', { 'client-id': 'demo-client', 'client-secret': 'secret-value-1', 'api-key': 'api-key-value-2' }, /pass one kind only/],
    ['an unknown scope', { 'client-id': 'demo-client', 'client-secret': 'x', scope: 'assets:write scans:everything' }, /unknown scope "scans:everything"/],
    ['an http:// URL that is not loopback', { 'api-key': 'y', 'api-url': 'http://api.s4e.io' }, /clear text/],
    ['a malformed URL', { 'api-key': 'y', 'api-url': 'https//api.s4e.io' }, /not a valid URL/]
  ])('refuses %s with one error and zero requests', async (_name, inputs, message) => {
    const before = requestTotal()
    const result = await runStep({ action: ACTION, inputs: { 'api-url': emulator.url, ...inputs } })
    expect(result.exitCode).toBe(1)
    expect(result.errors).toHaveLength(1)
    expect(result.errors[0]).toMatch(message)
    expect(result.outputs).toEqual({})
    expect(requestTotal()).toBe(before)
  })

  it('explains the fork pull request case when no credentials arrive', async () => {
    const result = await runStep({
      action: ACTION,
      inputs: { 'api-url': emulator.url },
      eventName: 'pull_request',
      eventPayload: {
        pull_request: { number: 3, head: { repo: { full_name: 'someone/octo-repo', fork: true } }, base: { repo: { full_name: 'octo-org/octo-repo' } } },
        repository: { full_name: 'octo-org/octo-repo' }
      }
    })
    expect(result.exitCode).toBe(1)
    expect(result.errors[0]).toMatch(/fork someone\/octo-repo .*does not pass repository secrets/)
  })
})
