// A finding that got worse since the baseline, in every format (docs/design.md, "Baseline"): new, and from what severity.
import { describe, expect, it, vi } from 'vitest'
import type { Finding, Severity } from '../../../src/core/api-types.js'
import { findingsDocument } from '../../../src/trigger-scan/report/findings-file.js'
import { renderRunMarkdown } from '../../../src/trigger-scan/report/report-markdown.js'
import { runReportOf } from '../../../src/trigger-scan/report/report-model.js'
import { buildSarifLog } from '../../../src/trigger-scan/report/sarif-log.js'
import { matchBaseline } from '../../../src/trigger-scan/scan/baseline-match.js'
import { gateFindings } from '../../../src/trigger-scan/scan/gate-findings.js'
import type { ScanReport } from '../../../src/trigger-scan/scan-report.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const finding = (id: string, title: string, severity: Severity): Finding => ({ id, title, severity, status: 'open', scanId: 's-2', path: '/a', references: [] })

function reportWithBaseline(): ScanReport {
  const current = [finding('f-1', 'Open <b>redirect</b> @octocat', 'critical'), finding('f-2', 'Same as before', 'low')]
  const baseline = [finding('b-1', 'Open <b>redirect</b> @octocat', 'medium'), finding('b-2', 'Same as before', 'low')]
  const match = matchBaseline(current, baseline, { ignore: [] })
  const gate = gateFindings(match.new, { scanId: 's-2', failOn: 'high', ignore: [] })
  return {
    apiUrl: 'https://api.s4e.io',
    asset: { id: 'a-1', name: 'app.example.com' },
    scan: { scanId: 's-2', scanType: 'quick', status: 'completed' },
    gate,
    baseline: { state: 'compared', scanId: 's-1', gateOn: 'new', match },
    findings: current,
    generatedAt: '2026-12-05T00:00:00Z'
  }
}

describe('a finding that got worse', () => {
  const report = reportWithBaseline()

  it('is marked "new (was medium)" in the findings table and counted in the headline and the lead, its title escaped', () => {
    const markdown = renderRunMarkdown(runReportOf([{ kind: 'reported', report }], true), { maxLength: 60_000 })
    expect(markdown).toContain('### ❌ S4E gate failed: 1 new finding (1 got worse) at or above high')
    expect(markdown).toContain('**1 new** open finding (1 got worse) compared with baseline scan s-1')
    expect(markdown).toContain('scan s-1: 1 new (1 got worse), 1 existing, 0 fixed')
    const row = markdown.split('\n').find((line) => line.startsWith('| Critical |'))
    expect(row).toMatch(/\| \*\*new\*\* \(was medium\) \|$/)
    expect(row).not.toContain('<b>')
    expect(row).not.toContain(' @octocat')
  })

  it('carries baseline "worse" and previousSeverity in its SARIF properties, baselineState new', () => {
    const results = buildSarifLog([report]).log.runs.flatMap((run) => run.results ?? [])
    expect(results.find((result) => result.properties?.findingId === 'f-1')).toMatchObject({
      baselineState: 'new',
      properties: { baseline: 'worse', previousSeverity: 'medium' }
    })
    expect(results.find((result) => result.properties?.findingId === 'f-2')?.properties).not.toHaveProperty('previousSeverity')
  })

  it('carries previousSeverity in its findings file entry', () => {
    const document = findingsDocument(report)
    expect(document.findings).toContainEqual(expect.objectContaining({ id: 'f-1', baseline: 'new', previousSeverity: 'medium' }))
    expect(document.findings).toContainEqual(expect.not.objectContaining({ previousSeverity: expect.anything() as unknown }))
    expect(document.scan.baseline).toMatchObject({ newCount: 1, worseCount: 1, existingCount: 1 })
  })
})
