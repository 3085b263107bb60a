// s4e-trigger-scan run(): what the gate counts, what it fails on, and where the findings go.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import nock from 'nock'
import { describe, expect, it, vi } from 'vitest'
import { run } from '../../../../src/trigger-scan/main.js'
import { setInputs } from '../../support/action-inputs.js'
import { expectOneSentence } from '../../support/sentence.js'
import {
  API,
  credentialInputs,
  failures,
  infos,
  iso,
  MIXED_FINDINGS,
  outputs,
  outputWrites,
  rawFinding,
  s4e,
  START,
  startedScan,
  startedScanOfPreview,
  useTriggerScanTest,
  warnings,
  type RawFinding
} from '../../support/trigger-scan-fixture.js'

vi.mock('@actions/core', async (io) => (await import('../../support/mock-actions-core.js')).mockActionsCore(io))

const { step, timing } = useTriggerScanTest()

/** What a tripped gate says, whatever the wording around it: the scan, the count, the threshold, and the three ways out. */
const GATE_FIX = /fix them.*triage them on S4E.*list their ids under ignore/

describe('s4e-trigger-scan run(): the gate', () => {
  it('resolves the asset, scans, writes every finding to the file and fails a tripped gate with outputs set', async () => {
    setInputs(credentialInputs({ asset: 'preview.example.com', 'findings-file': 'reports/s4e.json' }))
    startedScanOfPreview()
      .statuses([
        { scan_id: 's-1', status: 'running', progress: 50, current_phase: 'vulnerability_scan' },
        { scan_id: 's-1', status: 'completed', progress: 100 }
      ])
      .findings(MIXED_FINDINGS)

    await run({ timing: timing() })

    const file = path.join(step.workspace, 'reports/s4e.json')
    expect(outputs()).toEqual({
      'scan-id': 's-1',
      'asset-id': 'a-1',
      status: 'completed',
      gate: 'failed',
      'findings-count': '4',
      'critical-count': '1',
      'high-count': '1',
      'medium-count': '0',
      'low-count': '1',
      'info-count': '1',
      'findings-file': file,
      'scans-file': path.join(step.runnerTemp, 's4e-scans-step.json'),
      'sarif-file': '',
      'baseline-scan-id': '',
      'new-count': '4',
      'existing-count': '0',
      'fixed-count': '0',
      scans: JSON.stringify([
        {
          asset: 'Preview.Example.com',
          'asset-id': 'a-1',
          'scan-id': 's-1',
          'scan-type': 'quick',
          status: 'completed',
          gate: 'failed',
          'findings-count': 4,
          counts: { critical: 1, high: 1, medium: 0, low: 1, info: 1 }
        }
      ])
    })
    const written = JSON.parse(readFileSync(file, 'utf8'))
    expect(written.scan).toMatchObject({ scanId: 's-1', assetId: 'a-1', status: 'completed', gate: 'failed' })
    expect(written.findings.map((f: { id: string }) => f.id)).toEqual(['f-1', 'f-2', 'f-3', 'f-4', 'f-5', 'f-6', 'f-7'])
    expectOneSentence(failures(), {
      what: 'The S4E gate failed: scan s-1 has 2 open findings at or above high',
      cause: '1 critical, 1 high',
      fix: GATE_FIX,
      mentions: ['"Finding 1 (critical)" (id f-1)', '"Finding 2 (High)" (id f-2)']
    })
    expect(timing().sleeps).toEqual([10_000])
    // The file holds all 7; findings-count is 4: the log line says where the other 3 went.
    expect(infos()).toContain(`Wrote all 7 findings of scan s-1 to ${file} (4 counted by the gate, 2 triaged on S4E, 1 naming another scan).`)
  })

  it('passes the gate when the tripping findings are ignored, and writes the findings file to RUNNER_TEMP by default', async () => {
    setInputs(credentialInputs({ asset: 'preview.example.com', ignore: 'f-1\nFinding 2 (High)\n', summary: 'true' }))
    startedScanOfPreview().statuses(['completed']).findings(MIXED_FINDINGS)

    await run({ timing: timing() })

    expect(failures()).toEqual([])
    expect(outputs()).toMatchObject({ gate: 'passed', 'findings-count': '2', 'findings-file': path.join(step.runnerTemp, 's4e-findings-s-1.json') })
    const summary = readFileSync(step.summaryFile, 'utf8')
    expect(summary).toContain('S4E gate passed')
    expect(summary).toContain('2 findings left out as already triaged')
    expect(summary).toContain('2 findings left out by the ignore input')
  })

  it.each([
    ['wrapped, meta.total_pages', (page: RawFinding[], n: number) => ({ data: page, meta: { page: n, per_page: 100, total: 150, total_pages: 2 } })],
    ['bare array, no meta', (page: RawFinding[]) => page],
    ['{"findings": [...]}, no meta', (page: RawFinding[]) => ({ findings: page })],
    ['envelope, no total_pages', (page: RawFinding[]) => ({ code: 200, message: 'ok', error: false, value: page })]
  ])('reads every page of findings: %s', async (_shape, render) => {
    setInputs(credentialInputs({ 'asset-id': 'a-1', 'fail-on': 'critical' }))
    const all = Array.from({ length: 150 }, (_, i) => rawFinding(i + 1, i === 149 ? 'critical' : 'low'))
    startedScan()
      .statuses(['completed'])
      .scope.get('/api/findings')
      .query({ scan_id: 's-1', page: '1', per_page: '100' })
      .reply(200, render(all.slice(0, 100), 1))
      .get('/api/findings')
      .query({ scan_id: 's-1', page: '2', per_page: '100' })
      .reply(200, render(all.slice(100), 2))
    // Without meta only an empty page ends the listing (docs/api.md, "Paging").
    if (!_shape.includes('meta.total_pages')) {
      nock(API).get('/api/findings').query({ scan_id: 's-1', page: '3', per_page: '100' }).reply(200, render([], 3))
    }

    await run({ timing: timing() })

    expect(outputs()).toMatchObject({ 'findings-count': '150', 'low-count': '149', 'critical-count': '1', gate: 'failed' })
    expectOneSentence(failures(), {
      what: /^The S4E gate failed: scan s-1 has 1 open finding at or above critical/,
      cause: '1 critical',
      mentions: ['"Finding 150 (critical)"'],
      fix: GATE_FIX
    })
  })

  it.each([
    ['true', failures],
    ['false', warnings]
  ])('says the scan failed, not the gate, with the scan id (fail-on-scan-error %s)', async (failOnScanError, reported) => {
    setInputs(credentialInputs({ 'asset-id': 'a-1', 'fail-on-scan-error': failOnScanError }))
    startedScan().statuses(['Failed'])

    await run({ timing: timing() })

    expectOneSentence(reported(), { what: 'Scan s-1 ended failed on S4E', mentions: ['gate was not evaluated'], fix: /check the scan in the S4E console/ })
    expect(outputs()).toMatchObject({ 'scan-id': 's-1', status: 'failed', gate: 'skipped', 'findings-count': '0', 'findings-file': '' })
  })

  it('with baseline: asset:<name>, gates only on findings production does not have, whatever shape the answers take', async () => {
    setInputs(credentialInputs({ 'asset-id': 'a-1', baseline: 'asset:example.com', 'fail-on': 'high' }))
    s4e()
      .token()
      .scans()
      .created({ created_at: iso(START) })
      .statuses(['completed'])
      .scope.get('/api/findings')
      .query({ scan_id: 's-1', page: '1', per_page: '100' })
      .reply(200, {
        findings: [
          {
            id: 11,
            title: 'SQL  Injection',
            severity: 'CRITICAL',
            status: 'Open',
            scan_id: 's-1',
            location: { url: 'https://pr-1.example.com/login', parameter: 'user' }
          },
          { id: 12, title: 'Reflected XSS', severity: 'High', status: 'Open', scan_id: 's-1', path: '/search?q=' }
        ]
      })
      // Without meta only an empty page ends a listing (docs/api.md, "Paging").
      .get('/api/findings')
      .query({ scan_id: 's-1', page: '2', per_page: '100' })
      .reply(200, { findings: [] })
      .get('/api/assets')
      .query({ search: 'example.com', page: '1', per_page: '100' })
      .reply(200, [{ id: 77, name: 'example.com' }])
      .get('/api/assets')
      .query({ search: 'example.com', page: '2', per_page: '100' })
      .reply(200, [])
      .get('/api/scans')
      .query({ asset_id: '77', page: '1', per_page: '100' })
      .reply(200, {
        code: 200,
        message: 'ok',
        error: false,
        value: [{ scan_id: 's-prod', asset_id: 77, scan_type: 'quick', status: 'completed', created_at: iso(START - 3_600_000) }]
      })
      .get('/api/scans')
      .query({ asset_id: '77', page: '2', per_page: '100' })
      .reply(200, { code: 200, message: 'ok', error: false, value: [] })
      .get('/api/findings')
      .query({ scan_id: 's-prod', page: '1', per_page: '100' })
      .reply(200, [
        { id: 1, title: 'sql injection', severity: 'critical', status: 'open', scan_id: 's-prod', url: 'https://example.com/login', parameter: 'user' },
        { id: 2, title: 'Directory listing', severity: 'medium', status: 'open', scan_id: 's-prod' }
      ])
      .get('/api/findings')
      .query({ scan_id: 's-prod', page: '2', per_page: '100' })
      .reply(200, [])

    await run({ timing: timing() })

    expect(Object.values(outputWrites()).every((count) => count === 1)).toBe(true)
    expect(outputs()).toMatchObject({
      gate: 'failed',
      'findings-count': '1',
      'critical-count': '0',
      'high-count': '1',
      'baseline-scan-id': 's-prod',
      'new-count': '1',
      'existing-count': '1',
      'fixed-count': '1'
    })
    expectOneSentence(failures(), {
      what: 'The S4E gate failed: scan s-1 has 1 new open finding at or above high',
      cause: /1 high; not in baseline scan s-prod/,
      mentions: ['"Reflected XSS" (id 12)'],
      fix: GATE_FIX
    })
    expect(warnings()).toEqual([])
  })

  it('names the missing asset and suggests s4e-add-assets, with outputs set', async () => {
    setInputs(credentialInputs({ asset: 'missing.example.com' }))
    nock(API)
      .post('/oauth/token')
      .reply(200, { access_token: 'token-missing-1234', token_type: 'Bearer', expires_in: 3600 })
      .get('/api/assets')
      .query(true)
      .reply(200, { data: [{ id: 'a-2', name: 'other.example.com' }], meta: { total_pages: 1 } })

    await run({ timing: timing() })

    expectOneSentence(failures(), { what: 'No asset named "missing.example.com" is registered', fix: /s4e-add-assets.*asset-id/ })
    expect(outputs()).toMatchObject({ 'scan-id': '', 'asset-id': '', status: '', gate: 'skipped' })
  })
})
