import { describe, expect, it, vi } from 'vitest'
import type { Finding, Severity } from '../../../src/core/api-types.js'
import { registerSecret } from '../../../src/core/secrets.js'
import { forgetSecrets } from '../support/forget-secrets.js'
import { gateFindings, skippedGate } from '../../../src/trigger-scan/scan/gate-findings.js'
import { MAX_LISTED_FINDINGS, PR_COMMENT_MAX_LENGTH, renderRunMarkdown, SUMMARY_MAX_LENGTH } from '../../../src/trigger-scan/report/report-markdown.js'
import { runReportOf } from '../../../src/trigger-scan/report/report-model.js'
import type { ScanReport } from '../../../src/trigger-scan/scan-report.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const finding = (id: number, severity: Severity, extra: Partial<Finding> = {}): Finding => ({
  id: `f-${id}`,
  title: `Finding number ${id}`,
  severity,
  status: 'open',
  scanId: 's-1',
  cvss: 5,
  references: [],
  ...extra
})

function report(findings: Finding[], ignore: string[] = []): ScanReport {
  return {
    apiUrl: 'https://api.s4e.io',
    asset: { id: 'a-1', name: 'preview.example.com' },
    scan: { scanId: 's-1', scanType: 'quick', status: 'completed', durationSeconds: 125 },
    gate: gateFindings(findings, { scanId: 's-1', failOn: 'high', ignore }),
    findings,
    generatedAt: '2026-11-28T12:00:00Z'
  }
}

/** The one renderer, for a step of one asset (N = 1). */
function renderReportMarkdown(one: ScanReport, options: { maxLength: number }): string {
  return renderRunMarkdown(runReportOf([{ kind: 'reported', report: one }], false), options)
}

describe('renderRunMarkdown of one asset', () => {
  it('shows asset, scan, status, duration, verdict, counts and the top findings with CVSS', () => {
    const text = renderReportMarkdown(
      report(
        [finding(1, 'critical', { cvss: 9.8 }), finding(2, 'low', { cvss: undefined }), finding(3, 'high', { status: 'resolved' }), finding(4, 'medium')],
        ['f-4']
      ),
      { maxLength: SUMMARY_MAX_LENGTH }
    )
    expect(text).toContain('❌ S4E gate failed: 1 finding at or above high')
    expect(text).toContain('| **preview.example.com** | s-1 (quick) | completed | 2 min 5 s | **failed** (1 at or above high) | 1 | 0 | 0 | 1 | 0 |')
    expect(text).toContain('| Severity | Asset | Title | Finding id | CVSS |')
    expect(text).toContain('| Critical | preview.example.com | Finding number 1 | f-1 | 9.8 |')
    expect(text).toContain('| Low | preview.example.com | Finding number 2 | f-2 | — |')
    expect(text).toContain('1 finding left out as already triaged on S4E')
    expect(text).toContain('1 finding left out by the ignore input')
    expect(text).not.toContain('Finding number 3')
  })

  it('opens every table with a header row that has text, never an empty one (GFM shows that as a blank bar)', () => {
    const text = renderReportMarkdown(report([finding(1, 'high')]), { maxLength: SUMMARY_MAX_LENGTH })
    const lines = text.split('\n')
    const asset = lines.findIndex((line) => line.startsWith('| **preview.example.com**'))
    expect(lines[asset - 2]).toMatch(/^\| Asset \| Scan \| Status \|/)
    for (const line of lines.filter((line) => /^\|(\s*\|)+$/.test(line))) expect.fail(`empty table row: ${line}`)
  })

  it('shows each finding id escaped like the rest of the row, so a user can copy it into ignore', () => {
    const text = renderReportMarkdown(report([finding(1, 'high', { id: 'id_with|pipe' })]), { maxLength: SUMMARY_MAX_LENGTH })
    expect(text).toContain('| High | preview.example.com | Finding number 1 | id&#95;with&#124;pipe | 5.0 |')
  })

  it('keeps finding text from breaking the table, running HTML or mentioning people', () => {
    const title = 'XSS via <script>alert(1)</script> | q @octocat `x` [link](http://e)\nnext'
    const text = renderReportMarkdown(report([finding(1, 'high', { title })]), { maxLength: SUMMARY_MAX_LENGTH })
    const row = text.split('\n').find((line) => line.startsWith('| High | preview.example.com | XSS'))
    expect(row).toBe(
      '| High | preview.example.com | XSS via &lt;script&gt;alert(1)&lt;/script&gt; &#124; q @&#8203;octocat &#96;x&#96; &#91;link&#93;(http:&#8203;//e) next | f-1 | 5.0 |'
    )
  })

  it('redacts registered secrets that a finding echoes back', () => {
    forgetSecrets()
    registerSecret('leaked-token-123456')
    const text = renderReportMarkdown(report([finding(1, 'high', { title: 'Token leaked-token-123456 in page' })]), { maxLength: SUMMARY_MAX_LENGTH })
    expect(text).not.toContain('leaked-token-123456')
    expect(text).toContain('Token &#42;&#42;&#42; in page')
    forgetSecrets()
  })

  it('lists at most the cap and says how many more there are', () => {
    const many = Array.from({ length: MAX_LISTED_FINDINGS + 12 }, (_, i) => finding(i + 1, 'medium'))
    const text = renderReportMarkdown(report(many), { maxLength: SUMMARY_MAX_LENGTH })
    expect(text.split('\n').filter((line) => line.startsWith('| Medium | preview.example.com | Finding'))).toHaveLength(MAX_LISTED_FINDINGS)
    expect(text).toContain('12 more counted findings not listed here (see the findings file)')
  })

  it('stays within maxLength by listing fewer findings', () => {
    const long = Array.from({ length: 200 }, (_, i) => finding(i + 1, 'high', { title: `${'Very long title '.repeat(20)}${i}` }))
    for (const maxLength of [PR_COMMENT_MAX_LENGTH, 3000, 1500]) {
      const text = renderReportMarkdown(report(long), { maxLength })
      expect(text.length).toBeLessThanOrEqual(maxLength)
      expect(text).toMatch(/^\| \*\*preview\.example\.com\*\* .* \| 0 \| 200 \| 0 \| 0 \| 0 \|$/m)
    }
  })

  it('says the gate was not evaluated for a scan that did not complete, without counts', () => {
    const failed: ScanReport = { ...report([]), scan: { scanId: 's-1', scanType: 'quick', status: 'timed-out' }, gate: skippedGate('high') }
    const text = renderReportMarkdown(failed, { maxLength: SUMMARY_MAX_LENGTH })
    expect(text).toContain('⚠️ S4E gate not evaluated')
    expect(text).toContain('| **preview.example.com** | s-1 (quick) | timed-out | — | not evaluated | — | — | — | — | — |')
    expect(text).not.toContain('Top findings')
  })
})
