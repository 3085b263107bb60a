// s4e-trigger-scan run(): bad inputs and missing credentials, each refused in one sentence before any request.
import * as core from '@actions/core'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { run } from '../../../../src/trigger-scan/main.js'
import { setInputs } from '../../support/action-inputs.js'
import { expectOneSentence, type SentenceParts } from '../../support/sentence.js'
import { API, CLIENT_SECRET, credentialInputs, failures, outputs, useTriggerScanTest, warnings } from '../../support/trigger-scan-fixture.js'

vi.mock('@actions/core', async (io) => (await import('../../support/mock-actions-core.js')).mockActionsCore(io))

const { step, timing } = useTriggerScanTest()

describe('s4e-trigger-scan run(): input checks', () => {
  it.each<[string, Record<string, string>, SentenceParts]>([
    ['both asset and asset-id', { asset: 'a.example.com', 'asset-id': 'a-1' }, { what: /^Both asset and asset-id were given/ }],
    ['neither asset nor asset-id', {}, { what: /^No asset to scan was given/ }],
    ['a poll-interval below 1', { 'asset-id': 'a-1', 'poll-interval': '0.5' }, { what: /^The poll-interval input must be a number of seconds of at least 1/ }],
    ['a timeout-minutes of 0', { 'asset-id': 'a-1', 'timeout-minutes': '0' }, { what: /^The timeout-minutes input must be a number of minutes above 0/ }],
    ['an unknown fail-on', { 'asset-id': 'a-1', 'fail-on': 'severe' }, { what: /^The fail-on input must be one of critical, high, medium, low, info, none/ }],
    ['scan-options that are not an object', { 'asset-id': 'a-1', 'scan-options': '[1,2]' }, { what: /^The scan-options input must be a JSON object/ }],
    ['scan-options that are not JSON', { 'asset-id': 'a-1', 'scan-options': '{ports: 1}' }, { what: /^The scan-options input is not valid JSON/ }],
    ['an unknown priority', { 'asset-id': 'a-1', priority: 'urgent' }, { what: /^The priority input must be one of low, normal, high/ }],
    ['a wait that is not a boolean', { 'asset-id': 'a-1', wait: 'maybe' }, { what: /^The wait input must be true or false/ }],
    [
      'an unknown on-missing-credentials',
      { 'asset-id': 'a-1', 'on-missing-credentials': 'ignore' },
      { what: /^The on-missing-credentials input must be fail or skip/ }
    ],
    [
      'a baseline that is not one',
      { 'asset-id': 'a-1', baseline: 'production' },
      { what: 'The baseline input "production" is not a baseline', fix: /none, previous, asset:<name or id>.* or scan:<id>/ }
    ],
    [
      'an unknown gate-on',
      { 'asset-id': 'a-1', baseline: 'previous', 'gate-on': 'changed' },
      { what: 'The gate-on input must be new or all', mentions: ['"changed"'] }
    ]
  ])('refuses %s before any request, with outputs set', async (_name, extra, sentence) => {
    setInputs(credentialInputs(extra))
    await run({ timing: timing() })
    expectOneSentence(failures(), sentence)
    expect(outputs()).toMatchObject({ 'scan-id': '', gate: 'skipped', 'findings-count': '0' })
    // disableNetConnect and no interceptors: any request would show up as unmatched (checked after each test).
  })

  it('masks the client secret before anything else and never prints it', async () => {
    setInputs(credentialInputs({ 'asset-id': 'a-1', 'fail-on': 'severe' }))
    await run({ timing: timing() })
    expect(vi.mocked(core.setSecret)).toHaveBeenCalledWith(CLIENT_SECRET)
    expect(failures().join('\n')).not.toContain(CLIENT_SECRET)
  })
})

describe('s4e-trigger-scan run(): without credentials', () => {
  function forkPullRequest(): void {
    const eventPath = path.join(step.workspace, 'event.json')
    writeFileSync(
      eventPath,
      JSON.stringify({
        pull_request: {
          number: 12,
          head: { repo: { full_name: 'someone/octo-repo', fork: true } },
          base: { repo: { full_name: 'octo-org/octo-repo' } }
        }
      })
    )
    process.env.GITHUB_EVENT_PATH = eventPath
    process.env.GITHUB_EVENT_NAME = 'pull_request'
  }

  it('skips with a warning, gate=skipped and zero requests when on-missing-credentials is skip', async () => {
    setInputs({ 'api-url': API, asset: 'preview.example.com', 'on-missing-credentials': 'skip', summary: 'true' })
    forkPullRequest()

    await run({ timing: timing() })

    expect(failures()).toEqual([])
    expectOneSentence(warnings(), { mentions: [/fork someone\/octo-repo/, 's4e-trigger-scan was skipped and passes, because on-missing-credentials is skip'] })
    expect(outputs()).toMatchObject({ gate: 'skipped', 'scan-id': '', status: '', 'findings-count': '0' })
    expect(readFileSync(step.summaryFile, 'utf8')).toContain('S4E scan skipped')
  })

  it('fails with the fork sentence when on-missing-credentials is fail', async () => {
    setInputs({ 'api-url': API, asset: 'preview.example.com' })
    forkPullRequest()

    await run({ timing: timing() })

    expectOneSentence(failures(), {
      mentions: ['GitHub does not pass repository secrets to workflows run for fork pull requests', /guard the job/, 'on-missing-credentials: skip']
    })
    expect(outputs()).toMatchObject({ gate: 'skipped', 'scan-id': '' })
  })

  it('still refuses contradictory credentials with skip', async () => {
    setInputs({ 'api-url': API, asset: 'preview.example.com', 'client-id': 'only-the-id', 'on-missing-credentials': 'skip' })
    await run({ timing: timing() })
    expectOneSentence(failures(), { mentions: ['client-id input was given without client-secret'] })
  })
})
