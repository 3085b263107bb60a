// The one-step pipeline's run(), in process: what it plans from its inputs, and how registration and the scan follow each other.
import * as core from '@actions/core'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import nock from 'nock'
import { describe, expect, it, vi } from 'vitest'
import { run } from '../../../src/pipeline/main.js'
import { leastScopes } from '../../../src/pipeline/plan-pipeline.js'
import { setInputs } from '../support/action-inputs.js'
import { expectOneSentence } from '../support/sentence.js'
import { API, credentialInputs, failures, infos, outputs, s4e, useTriggerScanTest, warnings } from '../support/trigger-scan-fixture.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const { step, timing } = useTriggerScanTest()
const BULK = '/asset/handler/bulk-asset-add'

/** Token (asking for `scope`), one bulk registration of `assets`, recording what it sent. */
function tokenAndRegistration(assets: string[], scope: string) {
  const script = s4e()
  script.scope
    .post('/oauth/token', (body: Record<string, string>) => body.scope === scope)
    .reply(200, { access_token: 'token-pipeline-1234', token_type: 'Bearer', expires_in: 3600 })
    .post(BULK, (body: { assets: string[] }) => JSON.stringify(body.assets) === JSON.stringify(assets))
    .reply(200, { message: 'ok', code: 200 })
  return script
}

/** The asset lookup of `name` as asset `id`, no scans yet, its scan created as `scanId` and completed without findings. */
function scanOf(script: ReturnType<typeof s4e>, name: string, id: string, scanId: string) {
  script.scope
    .get('/api/assets')
    .query((query) => query.search === name)
    .reply(200, { data: [{ id, name }], meta: { total_pages: 1 } })
  return script.scans().created({ scan_id: scanId, asset_id: id }, { asset_id: id, scan_type: 'quick' }).statuses(['completed'], scanId).findings([], scanId)
}

describe('the pipeline run()', () => {
  it('refuses a step with nothing to do before any request', async () => {
    setInputs(credentialInputs({ scan: 'false' }))
    await run({ timing: timing() })
    expectOneSentence(failures(), { what: 'There is nothing to do', fix: /give assets .* or leave scan: true/ })
  })

  it('registers the assets, then scans the first one with the least scope both need', async () => {
    setInputs(credentialInputs({ assets: 'one.example.com\ntwo.example.com', 'fail-on': 'none' }))
    const script = tokenAndRegistration(['one.example.com', 'two.example.com'], leastScopes(true, true).join(' '))
    scanOf(script, 'one.example.com', 'a-1', 's-1')

    await run({ timing: timing() })

    expect(failures()).toEqual([])
    expect(script.isDone()).toBe(true)
    expect(outputs()).toMatchObject({ 'registered-count': '2', 'scan-id': 's-1', 'asset-id': 'a-1', status: 'completed', gate: 'passed' })
    expect(infos()).toContain(`Requesting the least scope this work needs: ${leastScopes(true, true).join(' ')}.`)
  })

  it('scans every registered asset with scan-assets: all', async () => {
    setInputs(credentialInputs({ assets: 'one.example.com\ntwo.example.com', 'scan-assets': 'all', 'fail-on': 'none' }))
    const script = tokenAndRegistration(['one.example.com', 'two.example.com'], leastScopes(true, true).join(' '))
    scanOf(script, 'one.example.com', 'a-1', 's-1')
    scanOf(script, 'two.example.com', 'a-2', 's-2')

    await run({ timing: timing() })

    expect(failures()).toEqual([])
    expect(outputs()).toMatchObject({ 'scan-id': 's-1 s-2', 'asset-id': 'a-1 a-2', gate: 'passed' })
  })

  it('only registers with scan: false, asking only for the registration scope', async () => {
    setInputs(credentialInputs({ assets: 'one.example.com', scan: 'false' }))
    const script = tokenAndRegistration(['one.example.com'], leastScopes(true, false).join(' '))

    await run({ timing: timing() })

    expect(failures()).toEqual([])
    expect(script.isDone()).toBe(true)
    expect(outputs()).toMatchObject({ 'registered-count': '1' })
    expect(outputs()).not.toHaveProperty('scan-id')
  })

  it('stops before the scan when registration fails, with the registration sentence', async () => {
    setInputs(credentialInputs({ assets: 'one.example.com' }))
    nock(API)
      .post('/oauth/token')
      .reply(200, { access_token: 'token-pipeline-1234', token_type: 'Bearer', expires_in: 3600 })
      .post(BULK)
      .reply(400, { error: { code: 'bad_request', message: 'Rejected.' } })

    await run({ timing: timing() })

    expect(failures()).toHaveLength(1)
    expect(failures()[0]).toMatch(/batch 1 of 1/)
    expect(outputs()).not.toHaveProperty('scan-id')
  })

  it('reports the invalid entries and fails before any request', async () => {
    setInputs(credentialInputs({ assets: 'one.example.com\nnot_a_host!' }))

    await run({ timing: timing() })

    expect(failures()).toHaveLength(1)
    expect(outputs()).toMatchObject({ 'registered-count': '0', 'invalid-count': '1' })
  })

  it('skips registration and the scan on a fork pull request with on-missing-credentials: skip', async () => {
    const eventPath = path.join(step.workspace, 'event.json')
    writeFileSync(
      eventPath,
      JSON.stringify({
        pull_request: { number: 3, head: { repo: { full_name: 'someone/octo-repo', fork: true } }, base: { repo: { full_name: 'octo-org/octo-repo' } } }
      })
    )
    setInputs({ 'api-url': API, assets: 'one.example.com', 'on-missing-credentials': 'skip', summary: 'true' })
    process.env.GITHUB_EVENT_PATH = eventPath
    process.env.GITHUB_EVENT_NAME = 'pull_request'

    await run({ timing: timing() })

    expect(failures()).toEqual([])
    expect(infos()).toContain('No asset was registered: there are no S4E credentials in this run.')
    expect(warnings()).toHaveLength(1)
    expect(outputs()).toMatchObject({ gate: 'skipped', 'scan-id': '' })
    expect(readFileSync(step.summaryFile, 'utf8')).toContain('S4E scan skipped')
  })

  it('fails without credentials when on-missing-credentials is fail', async () => {
    setInputs({ 'api-url': API, assets: 'one.example.com' })
    await run({ timing: timing() })
    expect(failures()).toHaveLength(1)
    expect(vi.mocked(core.setSecret)).not.toHaveBeenCalledWith('')
  })
})
