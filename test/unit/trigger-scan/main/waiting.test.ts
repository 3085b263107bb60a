// s4e-trigger-scan run(): waiting for the scan, on the injected clock: polling, renewal, timeout, cancel.
import { readFileSync } from 'node:fs'
import nock from 'nock'
import { describe, expect, it, vi } from 'vitest'
import { run } from '../../../../src/trigger-scan/main.js'
import { setInputs } from '../../support/action-inputs.js'
import { sleepUntilAborted } from '../../support/fake-timing.js'
import { expectOneSentence } from '../../support/sentence.js'
import {
  API,
  credentialInputs,
  failures,
  infos,
  iso,
  outputs,
  s4e,
  START,
  startedScan,
  startedScanOfPreview,
  useTriggerScanTest
} from '../../support/trigger-scan-fixture.js'

vi.mock('@actions/core', async (io) => (await import('../../support/mock-actions-core.js')).mockActionsCore(io))

const { step, timing } = useTriggerScanTest()

describe('s4e-trigger-scan run(): waiting', () => {
  it('renews the token during a long wait with client credentials', async () => {
    // 120 s tokens are renewed 60 s before expiry: status checks at 0, 50, … 250 s renew at 100 and 200 s.
    setInputs(credentialInputs({ asset: 'preview.example.com', 'poll-interval': '50', 'fail-on': 'none' }))
    startedScanOfPreview({ expiresIn: 120, times: 3 }).statuses(['running', 'running', 'running', 'running', 'running', 'completed']).findings([])

    await run({ timing: timing() })

    expect(failures()).toEqual([])
    expect(outputs()).toMatchObject({ status: 'completed', gate: 'passed' })
    // Exactly three exchanges: nock answers three, and a fourth would be an unmatched request.
    expect(infos().filter((line) => line.includes('about to expire'))).toHaveLength(2)
  })

  it('renews once after a 401 invalid_token in the middle of the wait', async () => {
    setInputs(credentialInputs({ asset: 'preview.example.com', 'fail-on': 'none' }))
    const script = startedScanOfPreview({ times: 2 }).statuses(['running'])
    script.scope.get('/api/scan/s-1/status').reply(401, { error: 'invalid_token', error_description: 'The access token expired.' })
    script.statuses(['completed']).findings([])

    await run({ timing: timing() })

    expect(failures()).toEqual([])
    expect(outputs()).toMatchObject({ status: 'completed', gate: 'passed' })
  })

  it('fails with the scan id and how to fix it when a token without client credentials expires mid-wait', async () => {
    setInputs({
      'api-url': API,
      token: 'token-from-auth-step-7777',
      'token-expires-at': iso(START + 90_000),
      'asset-id': 'a-1',
      'poll-interval': '60',
      summary: 'false'
    })
    s4e().scans().created({ asset_id: 'a-1', scan_type: 'quick' }).statuses(['running', 'running'])

    await run({ timing: timing() })

    expectOneSentence(failures(), {
      what: 'Scan s-1 was started on S4E, but this step could not finish it',
      cause: 'The S4E access token from the token input expired at 2026-11-28T12:01:30Z',
      fix: /client-id and client-secret.*s4e-auth/
    })
    expect(outputs()).toMatchObject({ 'scan-id': 's-1', 'asset-id': 'a-1', status: 'running', gate: 'skipped', 'findings-file': '' })
  })

  it('stops waiting at timeout-minutes with status timed-out', async () => {
    setInputs(credentialInputs({ 'asset-id': 'a-1', 'timeout-minutes': '0.5', 'poll-interval': '12' }))
    startedScan().statuses(Array.from({ length: 4 }, () => ({ status: 'running', progress: 5 })))

    await run({ timing: timing() })

    expect(timing().sleeps).toEqual([12_000, 12_000, 6_000])
    expect(outputs()).toMatchObject({ 'scan-id': 's-1', status: 'timed-out', gate: 'skipped' })
    expectOneSentence(failures(), {
      what: 'Scan s-1 did not finish within timeout-minutes (0.5)',
      mentions: ['the gate was not evaluated', 'keeps running on S4E'],
      fix: /raise timeout-minutes/
    })
  })

  it('ends the wait at once on a cancel signal, with the scan id in the log and the outputs known so far', async () => {
    setInputs(credentialInputs({ 'asset-id': 'a-1' }))
    startedScan().statuses(['running'])
    // The poll sleep never ends on its own: only the signal can end this run.
    const stuck = { ...timing(), sleep: sleepUntilAborted }
    const running = run({ timing: stuck, signals: ['SIGUSR2'] })
    await vi.waitFor(() => expect(infos()).toContain('Scan s-1: running.'))
    process.emit('SIGUSR2', 'SIGUSR2')
    await running

    expectOneSentence(failures(), {
      what: 'The workflow was cancelled while waiting for scan s-1',
      cause: 'last status running',
      mentions: ['keeps running on S4E', /check it there or re-run the job/]
    })
    expect(outputs()).toMatchObject({ 'scan-id': 's-1', 'asset-id': 'a-1', status: 'running', gate: 'skipped' })
    expect(process.listenerCount('SIGUSR2')).toBe(0)
  })

  it('returns right after creation with wait: false', async () => {
    s4e()
      .token()
      .scans()
      .created({}, { asset_id: 'a-1', scan_type: 'full', options: { ports: '1-1024' }, priority: 'high' })
    setInputs(
      credentialInputs({ 'asset-id': 'a-1', wait: 'false', summary: 'true', 'scan-type': 'full', 'scan-options': '{"ports": "1-1024"}', priority: 'High' })
    )

    await run({ timing: timing() })

    expect(failures()).toEqual([])
    expect(outputs()).toMatchObject({ 'scan-id': 's-1', status: 'queued', gate: 'skipped', 'findings-file': '' })
    expect(timing().sleeps).toEqual([])
    expect(readFileSync(step.summaryFile, 'utf8')).toContain('not evaluated')
    expect(nock.pendingMocks()).toEqual([])
  })
})
