// readCredentialSettings: a fork that names no repository, a scope beside an API key, and a token with its expiry.
import * as core from '@actions/core'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { MissingCredentialsError } from '../../../src/core/errors.js'
import { readCredentialSettings } from '../../../src/core/read-credentials.js'
import { setInputs } from '../support/action-inputs.js'
import { expectSentence } from '../support/sentence.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const reader = { action: 's4e-example', onMissingCredentials: 'fail' } as const
const read = () => readCredentialSettings({ reader, acceptsToken: true })
const savedRepository = process.env.GITHUB_REPOSITORY

beforeEach(() => vi.clearAllMocks())
afterEach(() => {
  setInputs({})
  if (savedRepository === undefined) delete process.env.GITHUB_REPOSITORY
  else process.env.GITHUB_REPOSITORY = savedRepository
})

describe('readCredentialSettings', () => {
  it('says "a fork" when the fork pull request names no head repository', () => {
    setInputs({ 'api-url': 'https://api.s4e.test' })
    const file = join(mkdtempSync(join(tmpdir(), 's4e-event-')), 'event.json')
    writeFileSync(file, JSON.stringify({ pull_request: { number: 7, head: { repo: { fork: true } }, base: { repo: { full_name: 'octo-org/octo-repo' } } } }))
    process.env.GITHUB_EVENT_PATH = file
    process.env.GITHUB_EVENT_NAME = 'pull_request'
    let message = ''
    try {
      read()
    } catch (error) {
      expect(error).toBeInstanceOf(MissingCredentialsError)
      message = (error as Error).message
    }
    expectSentence(message, {
      what: 'No S4E credentials were given, because this pull request comes from a fork and GitHub does not pass repository secrets',
      fix: 'on-missing-credentials: skip'
    })
  })

  it('warns that the scope input does nothing for an API key, and keeps the scopes asked', () => {
    setInputs({ 'api-url': 'https://api.s4e.test', 'api-key': 'key-cred-1', scope: 'scans:read' })
    expect(read()).toMatchObject({ apiKey: 'key-cred-1', scopes: ['scans:read'] })
    expect(core.warning).toHaveBeenCalledWith('The scope input only applies to client credentials; an API key or token keeps the scopes it was created with.')
  })

  it('reads token-expires-at beside a token as its expiry', () => {
    setInputs({ 'api-url': 'https://api.s4e.test', token: 'tok-cred-2', 'token-expires-at': '2026-11-28T13:00:00Z' })
    expect(read().token).toEqual({ value: 'tok-cred-2', tokenType: 'Bearer', expiresAt: Date.parse('2026-11-28T13:00:00Z'), scopes: [] })
  })
})
