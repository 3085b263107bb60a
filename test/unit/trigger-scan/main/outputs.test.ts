// s4e-trigger-scan run(): every output is set exactly once, whatever the run's end, and the PR comment repeats the summary.
import * as core from '@actions/core'
import { rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import nock from 'nock'
import { describe, expect, it, vi } from 'vitest'
import { run } from '../../../../src/trigger-scan/main.js'
import { TriggerScanOutput } from '../../../../src/trigger-scan/names.js'
import { setInputs } from '../../support/action-inputs.js'
import { expectOneSentence } from '../../support/sentence.js'
import {
  credentialInputs,
  failures,
  outputs,
  outputWrites,
  rawFinding,
  startedScan,
  useTriggerScanTest,
  type RawFinding
} from '../../support/trigger-scan-fixture.js'

vi.mock('@actions/core', async (io) => (await import('../../support/mock-actions-core.js')).mockActionsCore(io))

const { step, timing } = useTriggerScanTest()

const OUTPUT_NAMES = Object.values(TriggerScanOutput).sort()
const completedWith = (findings: RawFinding[]) => () => startedScan().statuses(['completed']).findings(findings)

describe('s4e-trigger-scan run(): outputs', () => {
  it.each<[string, Record<string, string>, () => unknown, string, string]>([
    ['a passed gate', {}, completedWith([rawFinding(1, 'low')]), 'completed', 'passed'],
    ['a tripped gate', {}, completedWith([rawFinding(1, 'critical')]), 'completed', 'failed'],
    ['a scan that ended failed', {}, () => startedScan().statuses(['failed']), 'failed', 'skipped'],
    [
      'a scan broken by the API',
      {},
      () =>
        startedScan()
          .scope.get('/api/scan/s-1/status')
          .reply(404, { error: { code: 'not_found', message: 'No such scan.' } }),
      'queued',
      'skipped'
    ],
    ['a timeout', { 'timeout-minutes': '0.25' }, () => startedScan().statuses(['running', 'running', 'running']), 'timed-out', 'skipped'],
    ['refused input', { 'fail-on': 'severe' }, () => undefined, '', 'skipped']
  ])('writes every output exactly once on %s', async (_name, extra, serve, status, gate) => {
    setInputs(credentialInputs({ 'asset-id': 'a-1', ...extra }))
    serve()

    await run({ timing: timing() })

    expect(Object.keys(outputWrites()).sort()).toEqual(OUTPUT_NAMES)
    expect(Object.values(outputWrites()).every((count) => count === 1)).toBe(true)
    expect(outputs()).toMatchObject({ status, gate })
  })

  it('still reports the gate, with the findings-file output empty, when the findings file cannot be written', async () => {
    setInputs(credentialInputs({ 'asset-id': 'a-1', 'findings-file': 'blocker/s4e.json', 'fail-on': 'none' }))
    // The path passes the check before any request, then a file takes the folder's place mid-run.
    startedScan()
      .statuses(['completed'])
      .scope.get('/api/findings')
      .query(true)
      .reply(200, () => {
        rmSync(path.join(step.workspace, 'blocker'), { recursive: true, force: true })
        writeFileSync(path.join(step.workspace, 'blocker'), 'a file where a folder should be')
        return { data: [rawFinding(1, 'high')], meta: { total_pages: 1 } }
      })

    await run({ timing: timing() })

    expect(Object.values(outputWrites()).every((count) => count === 1)).toBe(true)
    expect(outputs()).toMatchObject({ gate: 'passed', 'findings-count': '1', 'findings-file': '' })
    expectOneSentence(failures(), {
      what: 'The findings file of scan s-1 could not be written',
      cause: /E[A-Z]+: /,
      fix: 'choose a findings-file path the job may write to'
    })
  })

  it('posts the same report as the summary as the PR comment on a pull request', async () => {
    setInputs(credentialInputs({ 'asset-id': 'a-1', 'pr-comment': 'true', 'github-token': 'ghs_unit_token_4242', 'fail-on': 'none' }))
    const eventPath = path.join(step.workspace, 'event.json')
    const repo = { full_name: 'octo-org/octo-repo' }
    writeFileSync(eventPath, JSON.stringify({ pull_request: { number: 7, head: { repo }, base: { repo } } }))
    process.env.GITHUB_EVENT_PATH = eventPath
    process.env.GITHUB_EVENT_NAME = 'pull_request'
    process.env.GITHUB_REPOSITORY = 'octo-org/octo-repo'
    process.env.GITHUB_API_URL = 'https://github.example.test/api/v3'
    startedScan()
      .statuses(['completed'])
      .findings([rawFinding(1, 'high')])
    let posted = ''
    const github = nock('https://github.example.test')
      .get('/api/v3/repos/octo-org/octo-repo/issues/7/comments')
      .query(true)
      .reply(200, [])
      .post('/api/v3/repos/octo-org/octo-repo/issues/7/comments', (body: { body: string }) => {
        posted = body.body
        return true
      })
      .reply(201, { id: 1, html_url: 'https://github.example.test/octo-org/octo-repo/pull/7#issuecomment-1' })

    try {
      await run({ timing: timing() })
    } finally {
      delete process.env.GITHUB_API_URL
      delete process.env.GITHUB_REPOSITORY
    }

    expect(github.isDone()).toBe(true)
    expect(failures()).toEqual([])
    expect(posted).toMatch(/\| s-1 \(quick\) \| completed \|/)
    expect(posted).toMatch(/\| High \| [^|]+ \| Finding 1 \(high\) \| f-1 \| 5\.0 \|/)
    expect(posted).toContain('✅ S4E gate passed (fail-on: none)')
    expect(vi.mocked(core.setSecret)).toHaveBeenCalledWith('ghs_unit_token_4242')
  })
})
