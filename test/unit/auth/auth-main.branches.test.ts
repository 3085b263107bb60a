// s4e-auth run(): skipped for want of credentials, and a token that names neither its lifetime nor its scopes.
import * as core from '@actions/core'
import nock from 'nock'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { run } from '../../../src/auth/main.js'
import { setInputs } from '../support/action-inputs.js'
import { fakeTiming } from '../support/fake-timing.js'
import { useStepEnvironment } from '../support/step-environment.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const API = 'https://api.s4e.test'

useStepEnvironment('s4e-auth-branches')
afterEach(() => {
  setInputs({})
  expect(nock.pendingMocks()).toEqual([])
  nock.cleanAll()
})

const outputs = () => Object.fromEntries(vi.mocked(core.setOutput).mock.calls.map(([name, value]) => [name, value]))
const infoLines = () => vi.mocked(core.info).mock.calls.map(([line]) => String(line))

describe('s4e-auth run()', () => {
  it('skips with one warning and sets no output when there are no credentials and on-missing-credentials is skip', async () => {
    setInputs({ 'api-url': API, 'on-missing-credentials': 'skip' })
    await run({ timing: fakeTiming() })
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(core.warning).toHaveBeenCalledTimes(1)
    expect(String(vi.mocked(core.warning).mock.calls[0]?.[0])).toMatch(/credentials/i)
    expect(core.setOutput).not.toHaveBeenCalled()
    expect(core.exportVariable).not.toHaveBeenCalled()
  })

  it('says the token expires at an unknown time and names no scopes when the server gives neither', async () => {
    setInputs({ 'api-url': API, 'client-id': 'cid', 'client-secret': 'csecret-456' })
    nock(API).post('/oauth/token').reply(200, { access_token: 'tok-no-expiry-1', token_type: 'Bearer' })
    await run({ timing: fakeTiming() })
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(outputs()).toMatchObject({ 'access-token': 'tok-no-expiry-1', 'expires-at': '', 'expires-in': '', scope: '', 'auth-method': 'client-credentials' })
    expect(infoLines()).toContain(
      `Authenticated to S4E at ${API} with client credentials; the token expires at an unknown time (scopes: none named by the server).`
    )
  })
})
