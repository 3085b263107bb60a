import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '@actions/core'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { InputError, MissingCredentialsError } from '../../../src/core/errors.js'
import { readCredentialSettings, readCredentialsOrSkip } from '../../../src/core/read-credentials.js'
import { setInputs } from '../support/action-inputs.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const reader = { action: 's4e-example', onMissingCredentials: 'fail' } as const
const read = () => readCredentialSettings({ reader, acceptsToken: true })

function pullRequestEvent(headRepo: string, fork: boolean): void {
  const dir = mkdtempSync(join(tmpdir(), 's4e-event-'))
  const path = join(dir, 'event.json')
  writeFileSync(
    path,
    JSON.stringify({ pull_request: { number: 7, head: { repo: { full_name: headRepo, fork } }, base: { repo: { full_name: 'octo-org/octo-repo' } } } })
  )
  process.env.GITHUB_EVENT_PATH = path
  process.env.GITHUB_EVENT_NAME = 'pull_request'
  process.env.GITHUB_REPOSITORY = 'octo-org/octo-repo'
}

beforeEach(() => vi.clearAllMocks())

describe('readCredentialSettings', () => {
  it('masks every secret before it validates anything', () => {
    setInputs({ 'client-secret': 'sec-ret-value', 'api-key': 'key-value-1', token: 'tok-value-1' })
    expect(() => read()).toThrow(InputError)
    expect(vi.mocked(core.setSecret).mock.calls.map((c) => c[0])).toEqual(expect.arrayContaining(['sec-ret-value', 'key-value-1', 'tok-value-1']))
  })

  it('defaults api-url to S4E_API_URL, so an exported token goes back to the installation that issued it', () => {
    setInputs({})
    process.env.S4E_ACCESS_TOKEN = 'env-token-123456'
    process.env.S4E_API_URL = 'https://api.onprem.example.com/'
    expect(read()).toMatchObject({ apiUrl: 'https://api.onprem.example.com', tokenUrl: 'https://api.onprem.example.com/oauth/token' })
    setInputs({ 'api-url': 'https://api.onprem.example.com' })
    process.env.S4E_ACCESS_TOKEN = 'env-token-123456'
    process.env.S4E_API_URL = 'https://api.onprem.example.com/'
    expect(read().apiUrl).toBe('https://api.onprem.example.com')
  })

  it('refuses an explicit api-url that differs from S4E_API_URL when the token comes from the environment', () => {
    setInputs({ 'api-url': 'https://api.s4e.io' })
    process.env.S4E_ACCESS_TOKEN = 'env-token-123456'
    process.env.S4E_API_URL = 'https://api.onprem.example.com'
    expect(() => read()).toThrow(
      'The api-url input is https://api.s4e.io, but the token in S4E_ACCESS_TOKEN was issued by https://api.onprem.example.com (S4E_API_URL): leave api-url empty to use that installation, or give this step its own credentials for https://api.s4e.io.'
    )
    // With credentials of its own, the step may talk to any installation.
    setInputs({ 'api-url': 'https://api.s4e.io', 'api-key': 'key-123456' })
    process.env.S4E_ACCESS_TOKEN = 'env-token-123456'
    process.env.S4E_API_URL = 'https://api.onprem.example.com'
    expect(read().apiUrl).toBe('https://api.s4e.io')
  })

  it.each([
    ['api-key', { 'api-key': 'line-one\nline-two' }, /^The api-key input holds a line break/],
    ['token', { token: 'tok\r\nmore' }, /^The token input holds a line break/],
    ['api-key with a control character', { 'api-key': 'key\u0001x' }, /^The api-key input holds a line break or another control character/]
  ])('refuses a %s that cannot be sent in a header', (_name, inputs, message) => {
    setInputs(inputs)
    expect(() => read()).toThrow(message)
  })

  it('defaults the API and token URLs and strips trailing slashes', () => {
    setInputs({ 'client-id': 'id', 'client-secret': 'secret', 'api-url': 'https://api.example.com/' })
    expect(read()).toMatchObject({
      apiUrl: 'https://api.example.com',
      tokenUrl: 'https://api.example.com/oauth/token',
      clientCredentials: { clientId: 'id', clientSecret: 'secret' }
    })
    setInputs({ 'api-key': 'k-123456' })
    expect(read()).toMatchObject({ apiUrl: 'https://api.s4e.io', tokenUrl: 'https://api.s4e.io/oauth/token', apiKey: 'k-123456' })
  })

  it.each([
    [{ 'client-id': 'id' }, /client-id input was given without client-secret/],
    [{ 'client-secret': 's' }, /client-secret input was given without client-id/],
    [{ 'client-id': 'id', 'client-secret': 's', 'api-key': 'k' }, /Both client credentials .* and api-key/],
    [{ 'api-key': 'k', 'api-url': 'http://api.s4e.io' }, /clear text/],
    [{ 'api-key': 'k', 'api-url': 'not a url' }, /not a valid URL/],
    [{ 'client-id': 'id', 'client-secret': 's', 'token-url': 'http://auth.example.com/token' }, /token-url input uses http:\/\//],
    [{ 'client-id': 'id', 'client-secret': 's', scope: 'assets:write scan:write' }, /unknown scope "scan:write"/],
    [{ token: 't', 'token-expires-at': 'tomorrow' }, /token-expires-at input "tomorrow" is not an ISO 8601 instant/]
  ])('rejects %o with a sentence', (inputs, message) => {
    setInputs(inputs)
    expect(() => read()).toThrow(message)
  })

  it('warns when admin:full is requested', () => {
    setInputs({ 'client-id': 'id', 'client-secret': 's', scope: 'admin:full' })
    expect(read().scopes).toEqual(['admin:full'])
    expect(vi.mocked(core.warning).mock.calls[0]?.[0]).toMatch(/admin:full scope grants everything/)
  })

  it('uses the default scopes only when the scope input is empty', () => {
    setInputs({ 'client-id': 'id', 'client-secret': 's' })
    expect(readCredentialSettings({ reader, acceptsToken: true, defaultScopes: ['assets:write'] }).scopes).toEqual(['assets:write'])
    setInputs({ 'client-id': 'id', 'client-secret': 's', scope: 'scans:read' })
    expect(readCredentialSettings({ reader, acceptsToken: true, defaultScopes: ['assets:write'] }).scopes).toEqual(['scans:read'])
  })

  it('says how to configure credentials when none are given', () => {
    setInputs({})
    expect(() => read()).toThrow(MissingCredentialsError)
    expect(() => read()).toThrow(/set client-id and client-secret \(or api-key\) from repository secrets/)
  })

  it('explains that fork pull requests get no secrets, and how to guard the job', () => {
    setInputs({})
    pullRequestEvent('someone/octo-repo', true)
    expect(() => read()).toThrow(
      /comes from the fork someone\/octo-repo .*does not pass repository secrets.*head\.repo\.full_name == github\.repository.*on-missing-credentials: skip/
    )
  })

  it('names the input of the action that prints the fork sentence, built from parts (no doubled spaces)', () => {
    setInputs({})
    pullRequestEvent('someone/octo-repo', true)
    for (const action of ['s4e-auth', 's4e-add-assets']) {
      let message = ''
      try {
        readCredentialSettings({ reader: { action, onMissingCredentials: 'fail' }, acceptsToken: action !== 's4e-auth' })
      } catch (error) {
        message = (error as Error).message
      }
      expect(message).toMatch(new RegExp(`set \`on-missing-credentials: skip\` on ${action}\\.$`))
      expect(message).not.toMatch(/ {2}|\.\./)
    }
  })

  it('with skip set, gives one warning sentence that does not tell the user to set skip', () => {
    setInputs({})
    pullRequestEvent('someone/octo-repo', true)
    const result = readCredentialsOrSkip({ reader: { action: 's4e-auth', onMissingCredentials: 'skip' }, acceptsToken: false })
    expect(result).toEqual({
      skipped: expect.stringMatching(/fork someone\/octo-repo .*s4e-auth was skipped and passes, because on-missing-credentials is skip\.$/)
    })
    expect('skipped' in result && result.skipped).not.toMatch(/set `on-missing-credentials/)
  })

  it('with skip set, still fails on contradictory credentials', () => {
    setInputs({ 'client-id': 'only-id' })
    expect(() => readCredentialsOrSkip({ reader: { action: 's4e-auth', onMissingCredentials: 'skip' }, acceptsToken: false })).toThrow(InputError)
  })

  it('explains that masked outputs do not cross jobs when only token-expires-at arrived', () => {
    setInputs({ 'token-expires-at': '2026-11-28T13:00:00Z' })
    expect(() => read()).toThrow(/token input is empty although token-expires-at is set.*run s4e-auth in this job/)
  })

  it('explains Dependabot secrets on Dependabot runs', () => {
    setInputs({})
    process.env.GITHUB_ACTOR = 'dependabot[bot]'
    expect(() => read()).toThrow(/Dependabot secrets/)
  })

  it('falls back to S4E_ACCESS_TOKEN, but not on s4e-auth', () => {
    setInputs({})
    process.env.S4E_ACCESS_TOKEN = 'env-token-1'
    process.env.S4E_TOKEN_EXPIRES_AT = '2026-11-28T13:00:00Z'
    expect(read().environmentToken).toMatchObject({ value: 'env-token-1', expiresAt: Date.parse('2026-11-28T13:00:00Z') })
    expect(() => readCredentialSettings({ reader, acceptsToken: false })).toThrow(MissingCredentialsError)
  })
})
