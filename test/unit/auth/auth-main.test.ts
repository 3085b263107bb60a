import * as core from '@actions/core'
import nock from 'nock'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { run } from '../../../src/auth/main.js'
import { forgetSecrets } from '../support/forget-secrets.js'
import { setInputs } from '../support/action-inputs.js'
import { fakeTiming } from '../support/fake-timing.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const API = 'https://api.s4e.test'

beforeAll(() => nock.disableNetConnect())
beforeEach(() => {
  vi.clearAllMocks()
  forgetSecrets()
})
afterEach(() => {
  expect(nock.pendingMocks()).toEqual([])
  nock.cleanAll()
})

const outputs = () => Object.fromEntries(vi.mocked(core.setOutput).mock.calls.map(([name, value]) => [name, value]))

describe('s4e-auth run()', () => {
  it('exchanges client credentials once and sets masked outputs', async () => {
    setInputs({ 'api-url': API, 'client-id': 'cid', 'client-secret': 'csecret-123', scope: 'assets:write, scans:read' })
    nock(API)
      .post('/oauth/token', { grant_type: 'client_credentials', client_id: 'cid', client_secret: 'csecret-123', scope: 'assets:write scans:read' })
      .once()
      .reply(200, {
        access_token: 'tok-abc-123',
        token_type: 'Bearer',
        expires_in: 3600,
        scope: 'assets:write scans:read'
      })
    await run({ timing: fakeTiming() })
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(outputs()).toEqual({
      'access-token': 'tok-abc-123',
      'token-type': 'Bearer',
      'expires-at': '2026-11-28T13:00:00Z',
      'expires-in': '3600',
      scope: 'assets:write scans:read',
      'auth-method': 'client-credentials',
      'api-url': API
    })
    // The token is masked before it is ever set as an output.
    const maskOrder = vi.mocked(core.setSecret).mock.invocationCallOrder[vi.mocked(core.setSecret).mock.calls.findIndex(([v]) => v === 'tok-abc-123')]
    expect(maskOrder).toBeLessThan(Math.min(...vi.mocked(core.setOutput).mock.invocationCallOrder))
    // Without export-env only the installation's URL (no secret) goes to later steps.
    expect(vi.mocked(core.exportVariable).mock.calls).toEqual([['S4E_API_URL', API]])
  })

  it('checks an API key once and exports the environment when asked', async () => {
    setInputs({ 'api-url': API, 'api-key': 'key-xyz-789', 'export-env': 'true' })
    nock(API, { reqheaders: { authorization: 'Bearer key-xyz-789' } })
      .post('/auth/check', { token: 'key-xyz-789' })
      .once()
      .reply(200, { message: 'ok', code: 200 })
    await run({ timing: fakeTiming() })
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(outputs()).toMatchObject({ 'access-token': 'key-xyz-789', 'auth-method': 'api-key', 'expires-at': '', 'expires-in': '' })
    expect(vi.mocked(core.exportVariable).mock.calls).toEqual([
      ['S4E_API_URL', API],
      ['S4E_ACCESS_TOKEN', 'key-xyz-789'],
      ['S4E_TOKEN_EXPIRES_AT', '']
    ])
  })

  it.each([
    [{}, /No S4E credentials were given/],
    [{ 'client-id': 'cid' }, /without client-secret/],
    [{ 'client-id': 'cid', 'client-secret': 's', 'api-key': 'k' }, /pass one kind only/],
    [{ 'api-key': 'k', scope: 'everything' }, /unknown scope "everything"/],
    [{ 'api-key': 'k', 'api-url': 'http://api.s4e.io' }, /clear text/],
    [{ 'api-key': 'k', 'api-url': '::nope::' }, /not a valid URL/],
    [{ 'api-key': 'k', 'export-env': 'maybe' }, /export-env input must be true or false/]
  ])('fails %o with one sentence and sends no request', async (inputs, message) => {
    setInputs(inputs)
    await run({ timing: fakeTiming() })
    expect(vi.mocked(core.setFailed).mock.calls).toEqual([[expect.stringMatching(message)]])
    expect(core.setOutput).not.toHaveBeenCalled()
  })

  it('never lets the client secret into the failure message', async () => {
    setInputs({ 'api-url': API, 'client-id': 'cid', 'client-secret': 'csecret-zz-42' })
    nock(API).post('/oauth/token').reply(401, { error: 'invalid_client', error_description: 'client csecret-zz-42 unknown' })
    await run({ timing: fakeTiming() })
    const [[message]] = vi.mocked(core.setFailed).mock.calls as [[string]]
    expect(message).toMatch(/invalid_client/)
    expect(message).not.toContain('csecret-zz-42')
  })
})
