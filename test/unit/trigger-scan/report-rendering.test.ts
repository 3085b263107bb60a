import { mkdtempSync, readFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as core from '@actions/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Finding } from '../../../src/core/api-types.js'
import { MAX_OUTPUT_BYTES } from '../../../src/core/output-limits.js'
import { MAX_COMMENT_LENGTH, fitCommentBody } from '../../../src/trigger-scan/report/comment-size.js'
import { findingsFileOf } from '../../../src/trigger-scan/report/findings-file.js'
import { redactFinding } from '../../../src/trigger-scan/report/redacted-finding.js'
import { PR_COMMENT_MAX_LENGTH, renderRunMarkdown, SUMMARY_MAX_LENGTH } from '../../../src/trigger-scan/report/report-markdown.js'
import { runReportOf } from '../../../src/trigger-scan/report/report-model.js'
import { outputValues, reportTriggerScanRun } from '../../../src/trigger-scan/report/report-trigger-scan.js'
import { gateFindings, skippedGate } from '../../../src/trigger-scan/scan/gate-findings.js'
import type { ScanOutcome } from '../../../src/trigger-scan/scan-outcome.js'
import { testFinding, testInputs, testReport } from '../support/scan-report-fixture.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

afterEach(() => vi.unstubAllEnvs())

const HOSTILE_STATUS = '<img src="https://evil.example/track.png">@octocat'
const SECRET_FIELD = 'sk_live_unknownFieldSecret0123456789'

/** A finding as a later parser might hand it over: hostile titles, and a field no report names. */
function hostileFinding(id: string, title: string): Finding {
  return { ...testFinding(id, 'high', { title }), leakedToken: SECRET_FIELD } as Finding
}

const HOSTILE_TITLES = ['<b>bold</b> [link](https://evil.example) ![img](https://evil.example/x.png)', 'ping @octocat about #123', 'see www.evil.example']

function expectNothingLive(markdown: string): void {
  expect(markdown).not.toContain('<img')
  expect(markdown).not.toContain('<b>')
  expect(markdown).not.toMatch(/@octocat/)
  expect(markdown).not.toMatch(/#123/)
  expect(markdown).not.toContain('](https://evil')
  expect(markdown).not.toContain('https://evil')
  expect(markdown).not.toContain('www.evil')
  expect(markdown).not.toContain(SECRET_FIELD)
}

describe('the one report of a step renders outside text inert', () => {
  it('escapes a hostile scan status with wait: false, and hostile finding titles, in the summary and the comment', () => {
    const waiting: ScanOutcome = {
      kind: 'reported',
      report: { ...testReport([]), scan: { scanId: 's-1', scanType: 'quick', status: HOSTILE_STATUS }, gate: skippedGate('high') }
    }
    const findings = HOSTILE_TITLES.map((title, index) => hostileFinding(`f-${index}`, title))
    const gated: ScanOutcome = { kind: 'reported', report: testReport(findings) }
    for (const outcomes of [[waiting], [gated], [waiting, gated]]) {
      for (const maxLength of [SUMMARY_MAX_LENGTH, PR_COMMENT_MAX_LENGTH]) expectNothingLive(renderRunMarkdown(runReportOf(outcomes, false), { maxLength }))
    }
  })

  it('builds what it shows of a finding from named fields, so an unknown field never reaches a report or the findings file', () => {
    const finding = hostileFinding('f-1', 'Title')
    expect(Object.keys(redactFinding(finding))).not.toContain('leakedToken')
    const report = testReport([finding])
    expect(JSON.stringify(findingsFileOf([report], 1))).not.toContain(SECRET_FIELD)
  })
})

describe("GitHub's limits with 200 assets", () => {
  const longName = (index: number) => `${'very-long-label-'.repeat(14)}${index}.example.com`
  const outcomes: ScanOutcome[] = Array.from({ length: 200 }, (_, index) => {
    const scanId = `scan-${index}-${'x'.repeat(60)}`
    const findings = Array.from({ length: 40 }, (_, n) => testFinding(`f-${index}-${n}`, 'critical', { scanId, title: `${'@octocat <b>'.repeat(20)}${n}` }))
    return {
      kind: 'reported',
      report: {
        ...testReport([]),
        asset: { id: `a-${index}`, name: longName(index) },
        scan: { scanId, scanType: 'quick', status: 'completed' },
        findings,
        gate: gateFindings(findings, { scanId, failOn: 'high', ignore: [] })
      }
    }
  })

  it('keeps the job summary under 1 MiB and the comment under 65,536 characters, each saying what it left out', () => {
    const model = runReportOf(outcomes, false)
    const summary = renderRunMarkdown(model, { maxLength: SUMMARY_MAX_LENGTH })
    expect(Buffer.byteLength(summary)).toBeLessThan(1024 * 1024)
    expect(summary).toMatch(/more counted findings not listed here/)
    const comment = fitCommentBody('<!-- marker -->', renderRunMarkdown(model, { maxLength: PR_COMMENT_MAX_LENGTH }), 'footer')
    expect(comment.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH)
    expect(comment).toMatch(/more assets? not listed here \(see the scans output and the findings file\)/)
  })

  it('keeps every output of the step under 1 MB in all, cutting the scans output and saying so in the log', async () => {
    const many = outcomes.map((outcome, index): ScanOutcome => {
      if (outcome.kind !== 'reported') return outcome
      // Asset ids the server made long enough that the scans output cannot hold them all.
      return { kind: 'reported', report: { ...outcome.report, asset: { id: `a-${index}-${'y'.repeat(3000)}`, name: longName(index) } } }
    })
    const values = outputValues(many, { findingsFile: '/tmp/f.json', sarifFile: '' })
    const total = Object.entries(values).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value), 0)
    expect(total).toBeLessThan(MAX_OUTPUT_BYTES)
    const kept = JSON.parse(values.scans) as unknown[]
    expect(kept.length).toBeGreaterThan(0)
    expect(kept.length).toBeLessThan(200)

    vi.stubEnv('RUNNER_TEMP', mkdtempSync(path.join(tmpdir(), 's4e-limits-')))
    vi.mocked(core.warning).mockClear()
    await reportTriggerScanRun({ kind: 'scanned', inputs: inputs(false), scans: many })
    const warnings = vi.mocked(core.warning).mock.calls.map(([message]) => String(message))
    expect(warnings).toContainEqual(expect.stringMatching(/^The scans output holds only the first \d+ of 200 scans, .*scans-file output\.$/))
    // The scans file is written from the whole list, not from the cut output.
    const scansFile = vi.mocked(core.setOutput).mock.calls.findLast(([name]) => name === 'scans-file')?.[1]
    expect(typeof scansFile).toBe('string')
    const written = JSON.parse(readFileSync(String(scansFile), 'utf8')) as { scans: unknown[] }
    expect(written.scans).toHaveLength(200)
  })
})

const inputs = (summary: boolean) => testInputs([{ assetName: 'a.example.com' }], { summary })

describe('the job summary contract', () => {
  it('warns when the summary cannot be written, and keeps the verdict and the outputs', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 's4e-summary-'))
    const folder = path.join(root, 'summary-is-a-folder')
    mkdirSync(folder)
    vi.stubEnv('RUNNER_TEMP', root)
    vi.stubEnv('GITHUB_STEP_SUMMARY', folder)
    vi.mocked(core.setFailed).mockClear()
    vi.mocked(core.warning).mockClear()
    vi.mocked(core.setOutput).mockClear()
    await reportTriggerScanRun({ kind: 'scanned', inputs: inputs(true), scans: [{ kind: 'reported', report: testReport([testFinding('f-1', 'low')]) }] })
    expect(core.setFailed).not.toHaveBeenCalled()
    expect(vi.mocked(core.warning).mock.calls.map(([message]) => String(message))).toContainEqual(
      expect.stringMatching(/^The job summary could not be written \(.+\): the outputs and the verdict are set all the same/)
    )
    expect(core.setOutput).toHaveBeenCalledWith('gate', 'passed')
  })
})
