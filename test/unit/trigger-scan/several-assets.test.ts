import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as core from '@actions/core'
import { describe, expect, it, vi } from 'vitest'
import type { Finding, Severity } from '../../../src/core/api-types.js'
import { buildSarifLog } from '../../../src/trigger-scan/report/sarif-log.js'
import { findingsFileOf } from '../../../src/trigger-scan/report/findings-file.js'
import { assetSetKey, outputValues, reportTriggerScanRun } from '../../../src/trigger-scan/report/report-trigger-scan.js'
import { renderRunMarkdown, SUMMARY_MAX_LENGTH } from '../../../src/trigger-scan/report/report-markdown.js'
import { runReportOf } from '../../../src/trigger-scan/report/report-model.js'
import { gateFindings, skippedGate } from '../../../src/trigger-scan/scan/gate-findings.js'
import { runScansAndGate } from '../../../src/trigger-scan/scan/run-scan-and-gate.js'
import type { ScanOutcome } from '../../../src/trigger-scan/scan-outcome.js'
import type { ScanReport } from '../../../src/trigger-scan/scan-report.js'
import { parseAssetValues, type ScanAndGateRequest } from '../../../src/trigger-scan/trigger-scan-inputs.js'
import { fakeTiming } from '../support/fake-timing.js'
import { testInputs } from '../support/scan-report-fixture.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const NO_FILES = { findingsFile: '', sarifFile: '' }

function finding(scanId: string, id: string, severity: Severity, title = `Finding ${id}`): Finding {
  return { id, title, severity, status: 'open', scanId, references: [], url: `https://host.example.com/${id}` }
}

/** A completed scan of one asset whose gate is the real gate over its findings. */
function reported(asset: string, scanId: string, findings: Finding[], status = 'completed'): ScanOutcome {
  const report: ScanReport = {
    apiUrl: 'https://api.s4e.io',
    asset: { id: `id-${asset}`, name: asset },
    scan: { scanId, scanType: 'quick', status },
    gate: status === 'completed' ? gateFindings(findings, { scanId, failOn: 'high', ignore: [] }) : skippedGate('high'),
    findings: status === 'completed' ? findings : [],
    generatedAt: '2026-11-28T12:00:05.000Z'
  }
  return { kind: 'reported', report }
}

const reportOf = (outcome: ScanOutcome): ScanReport => {
  if (outcome.kind !== 'reported') throw new Error('expected a reported outcome')
  return outcome.report
}

describe('parseAssetValues', () => {
  it('splits on newlines, commas and spaces, keeps input order and drops repeats (names in any case)', () => {
    expect(parseAssetValues(' app.example.com,\nAPI.example.com  cdn.example.com\n\napp.EXAMPLE.com ', true)).toEqual([
      'app.example.com',
      'API.example.com',
      'cdn.example.com'
    ])
    expect(parseAssetValues('a-1 A-1, a-1', false)).toEqual(['a-1', 'A-1'])
    expect(parseAssetValues(' \n , ', true)).toEqual([])
  })
})

describe('runScansAndGate with several assets', () => {
  const request: ScanAndGateRequest = {
    targets: [{ assetId: 'a-1' }, { assetId: 'a-2' }, { assetId: 'a-3' }],
    scanType: 'quick',
    wait: true,
    timeoutMs: 600_000,
    pollIntervalMs: 10_000,
    failOn: 'high',
    ignore: [],
    gateOn: 'all'
  }

  function fakeApi(events: string[], onCreate: (assetId: string) => void = () => undefined) {
    let serial = 0
    return {
      apiUrl: 'https://api.s4e.test',
      findAssetByName: vi.fn(),
      listScans: vi.fn(async () => ({ items: [] })),
      createScan: vi.fn(async ({ assetId }: { assetId: string }) => {
        events.push(`create ${assetId}`)
        onCreate(assetId)
        serial++
        return { scanId: `s-${serial}`, assetId, scanType: 'quick', status: 'queued' }
      }),
      getScanStatus: vi.fn(async (scanId: string) => {
        events.push(`status ${scanId}`)
        return { scanId, status: 'completed' }
      }),
      listFindings: vi.fn(async (scanId: string) => ({ items: scanId === 's-2' ? [finding(scanId, 'f-1', 'critical')] : [] }))
    }
  }

  it('creates every scan first, one after the other, then waits for all of them, and returns one outcome per asset in input order', async () => {
    const events: string[] = []
    const outcomes = await runScansAndGate(fakeApi(events), request, { timing: fakeTiming() })
    expect(events).toEqual(['create a-1', 'create a-2', 'create a-3', 'status s-1', 'status s-2', 'status s-3'])
    expect(outcomes.map((outcome) => [reportOf(outcome).asset.id, reportOf(outcome).scan.scanId, reportOf(outcome).gate.verdict])).toEqual([
      ['a-1', 's-1', 'passed'],
      ['a-2', 's-2', 'failed'],
      ['a-3', 's-3', 'passed']
    ])
  })

  it('stops creating when the workflow is cancelled, naming each asset left without a scan', async () => {
    const events: string[] = []
    const controller = new AbortController()
    const outcomes = await runScansAndGate(
      fakeApi(events, (assetId) => assetId === 'a-1' && controller.abort()),
      request,
      { timing: fakeTiming(), signal: controller.signal }
    )
    expect(events).toEqual(['create a-1'])
    expect(outcomes.map((outcome) => (outcome.kind === 'broken' ? outcome.message : 'reported'))).toEqual([
      'The workflow was cancelled while waiting for scan s-1 (last status queued); the scan keeps running on S4E, so check it there or re-run the job.',
      'The workflow was cancelled before the scan of asset a-2 was created, so no scan of it was started.',
      'The workflow was cancelled before the scan of asset a-3 was created, so no scan of it was started.'
    ])
  })
})

describe('outputs of several scans', () => {
  it('aggregates status and gate, sums the counts, and lists the ids and the scans in input order', () => {
    const scans = [
      reported('app.example.com', 's-1', [finding('s-1', 'f-1', 'high'), finding('s-1', 'f-2', 'low')]),
      reported('api.example.com', 's-2', [finding('s-2', 'f-3', 'medium')]),
      reported('cdn.example.com', 's-3', [], 'failed')
    ]
    const values = outputValues(scans, NO_FILES)
    expect(values).toMatchObject({
      'scan-id': 's-1 s-2 s-3',
      'asset-id': 'id-app.example.com id-api.example.com id-cdn.example.com',
      status: 'failed',
      gate: 'failed',
      'findings-count': '3',
      'high-count': '1',
      'medium-count': '1',
      'low-count': '1'
    })
    expect(JSON.parse(values.scans)).toEqual([
      {
        asset: 'app.example.com',
        'asset-id': 'id-app.example.com',
        'scan-id': 's-1',
        'scan-type': 'quick',
        status: 'completed',
        gate: 'failed',
        'findings-count': 2,
        counts: { critical: 0, high: 1, medium: 0, low: 1, info: 0 }
      },
      {
        asset: 'api.example.com',
        'asset-id': 'id-api.example.com',
        'scan-id': 's-2',
        'scan-type': 'quick',
        status: 'completed',
        gate: 'passed',
        'findings-count': 1,
        counts: { critical: 0, high: 0, medium: 1, low: 0, info: 0 }
      },
      {
        asset: 'cdn.example.com',
        'asset-id': 'id-cdn.example.com',
        'scan-id': 's-3',
        'scan-type': 'quick',
        status: 'failed',
        gate: 'skipped',
        'findings-count': 0,
        counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 }
      }
    ])
  })

  it.each([
    [['completed', 'completed'], 'completed', 'passed'],
    [['completed', 'cancelled', 'failed'], 'failed', 'skipped'],
    [['failed', 'timed-out'], 'timed-out', 'skipped']
  ])('statuses %j make status %s and gate %s', (statuses, status, gate) => {
    const scans = statuses.map((each, index) => reported(`h${index}.example.com`, `s-${index}`, [], each))
    expect(outputValues(scans, NO_FILES)).toMatchObject({ status, gate })
  })

  it('adds new-count and baseline-scan-id to each entry when a baseline is used, and names a broken scan by the asset it was given', () => {
    const broken: ScanOutcome = { kind: 'broken', message: 'No asset named "gone.example.com" is registered.', known: { assetName: 'gone.example.com' } }
    const values = outputValues([reported('app.example.com', 's-1', []), broken], NO_FILES, { withBaseline: true })
    const entries = JSON.parse(values.scans)
    expect(entries[0]).toMatchObject({ 'new-count': 0, 'baseline-scan-id': '' })
    expect(entries[1]).toMatchObject({ asset: 'gone.example.com', 'asset-id': '', 'scan-id': '', gate: 'skipped' })
    expect(values.gate).toBe('skipped')
  })
})

describe('reports of several scans', () => {
  const scans = [
    reported('app.example.com', 's-1', [finding('s-1', 'f-1', 'low', 'Low thing'), finding('s-1', 'f-2', 'high', 'High thing')]),
    reported('api.example.com', 's-2', [finding('s-2', 'f-3', 'critical', 'Critical thing')]),
    {
      kind: 'broken',
      message: 'Scan s-3 was started on S4E, but the S4E API answered HTTP 500.',
      known: { assetName: 'cdn.example.com', scanId: 's-3', status: 'running' }
    } as ScanOutcome
  ]

  it('renders one row per asset, then the top findings across all assets, most severe first', () => {
    const text = renderRunMarkdown(runReportOf(scans, false), { maxLength: SUMMARY_MAX_LENGTH })
    expect(text).toContain('### ❌ S4E gate failed: 2 findings at or above high on 2 of 3 assets')
    const rows = text.split('\n').filter((line) => line.startsWith('| **'))
    expect(rows).toEqual([
      '| **app.example.com** | s-1 (quick) | completed | — | **failed** (1 at or above high) | 0 | 1 | 0 | 1 | 0 |',
      '| **api.example.com** | s-2 (quick) | completed | — | **failed** (1 at or above high) | 1 | 0 | 0 | 0 | 0 |',
      '| **cdn.example.com** | s-3 | running | — | not evaluated | — | — | — | — | — |'
    ])
    const findings = text.split('\n').filter((line) => /^\| (Critical|High|Low) \|/.test(line))
    expect(findings).toEqual([
      '| Critical | api.example.com | Critical thing | f-3 | — |',
      '| High | app.example.com | High thing | f-2 | — |',
      '| Low | app.example.com | Low thing | f-1 | — |'
    ])
    expect(text).toContain('> Scan s-3 was started on S4E, but the S4E API answered HTTP 500.')
  })

  it('writes one findings document and one SARIF run per scan type holding every asset, category s4e/<scan type>/', () => {
    const reports = scans.flatMap((outcome) => (outcome.kind === 'reported' ? [outcome.report] : []))
    const document = findingsFileOf(reports, scans.length)
    if (!('scans' in document)) throw new Error('expected the several-scans shape')
    expect(document.scans.map((entry) => [entry.scan.scanId, entry.findings.length])).toEqual([
      ['s-1', 2],
      ['s-2', 1]
    ])
    const sarif = buildSarifLog(reports).log
    expect(sarif.runs.map((run) => [run.automationDetails?.id, run.results?.length])).toEqual([['s4e/quick/', 3]])
  })

  it('keys the one PR comment of a set on the assets as given, whatever their order', () => {
    expect(assetSetKey([{ assetName: 'B.example.com' }, { assetName: 'a.example.com' }])).toBe(
      assetSetKey([{ assetName: 'a.example.com' }, { assetName: 'b.example.com' }])
    )
    expect(assetSetKey([{ assetName: 'a.example.com' }])).not.toBe(assetSetKey([{ assetName: 'a.example.com' }, { assetName: 'b.example.com' }]))
  })
})

describe('the verdict of several scans', () => {
  const inputs = testInputs([{ assetName: 'a.example.com' }, { assetName: 'b.example.com' }, { assetName: 'c.example.com' }])

  it('fails the step once for several tripped gates, logs each gate, names the scan that passed, and annotates the findings within the budget', async () => {
    vi.stubEnv('RUNNER_TEMP', mkdtempSync(path.join(tmpdir(), 's4e-several-')))
    vi.mocked(core.setFailed).mockClear()
    vi.mocked(core.error).mockClear()
    vi.mocked(core.info).mockClear()
    const scans = [
      reported('a.example.com', 's-1', [finding('s-1', 'f-1', 'critical')]),
      reported('b.example.com', 's-2', [finding('s-2', 'f-2', 'high')]),
      reported('c.example.com', 's-3', [finding('s-3', 'f-3', 'low')])
    ]
    await reportTriggerScanRun({ kind: 'scanned', inputs, scans })
    const failures = vi.mocked(core.setFailed).mock.calls.map(([message]) => String(message))
    expect(failures).toEqual([expect.stringMatching(/^The S4E gate failed on 2 of 3 assets: 2 open findings at or above high in all/)])
    const lines = vi.mocked(core.info).mock.calls.map(([message]) => String(message))
    expect(lines.filter((line) => /^The S4E gate failed: scan s-[12] /.test(line))).toHaveLength(2)
    expect(vi.mocked(core.error).mock.calls.map(([, props]) => props?.title)).toEqual(['S4E critical: Finding f-1', 'S4E high: Finding f-2'])
    expect(lines).toContain('The S4E gate passed: 1 open finding(s) counted, none at or above high (scan s-3).')
    vi.unstubAllEnvs()
  })

  it('annotates the findings of the one tripped gate, as for a single asset', async () => {
    vi.stubEnv('RUNNER_TEMP', mkdtempSync(path.join(tmpdir(), 's4e-several-')))
    vi.mocked(core.error).mockClear()
    const scans = [reported('a.example.com', 's-1', [finding('s-1', 'f-1', 'critical')]), reported('b.example.com', 's-2', [])]
    await reportTriggerScanRun({ kind: 'scanned', inputs, scans })
    expect(core.error).toHaveBeenCalled()
    vi.unstubAllEnvs()
  })
})
