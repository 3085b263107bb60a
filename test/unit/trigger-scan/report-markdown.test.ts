import { describe, expect, it, vi } from 'vitest'
import type { Finding, Severity } from '../../../src/core/api-types.js'
import { registerSecret } from '../../../src/core/secrets.js'
import { forgetSecrets } from '../support/forget-secrets.js'
import { gateFindings, skippedGate } from '../../../src/trigger-scan/scan/gate-findings.js'
import {
  escapeMarkdownCell,
  MAX_LISTED_FINDINGS,
  PR_COMMENT_MAX_LENGTH,
  renderReportMarkdown,
  SUMMARY_MAX_LENGTH
} from '../../../src/trigger-scan/report/report-markdown.js'
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

describe('renderReportMarkdown', () => {
  it('shows asset, scan, status, duration, verdict, counts and the top findings with CVSS', () => {
    const text = renderReportMarkdown(
      report(
        [finding(1, 'critical', { cvss: 9.8 }), finding(2, 'low', { cvss: undefined }), finding(3, 'high', { status: 'resolved' }), finding(4, 'medium')],
        ['f-4']
      ),
      { maxLength: SUMMARY_MAX_LENGTH }
    )
    expect(text).toContain('❌ S4E gate failed: 1 finding at or above high')
    expect(text).toContain('| Asset | **preview.example.com** (id a-1) |')
    expect(text).toContain('| Scan | s-1 (quick) |')
    expect(text).toContain('| Status | completed |')
    expect(text).toContain('| Duration | 2 min 5 s |')
    expect(text).toContain('| Gate | **failed** (threshold **high**, 1 finding at or above it) |')
    expect(text).toContain('| Critical | 1 |')
    expect(text).toContain('| Low | 1 |')
    expect(text).toContain('| **Total** | **2** |')
    expect(text).toContain('| Severity | Title | Finding id | CVSS |')
    expect(text).toContain('| Critical | Finding number 1 | f-1 | 9.8 |')
    expect(text).toContain('| Low | Finding number 2 | f-2 | — |')
    expect(text).toContain('1 finding left out as already triaged on S4E')
    expect(text).toContain('1 finding left out by the ignore input')
    expect(text).not.toContain('Finding number 3')
  })

  it('opens the details table with a header row that has text, never an empty one (GFM shows that as a blank bar)', () => {
    const text = renderReportMarkdown(report([finding(1, 'high')]), { maxLength: SUMMARY_MAX_LENGTH })
    const lines = text.split('\n')
    const asset = lines.findIndex((line) => line.startsWith('| Asset |'))
    expect(lines.slice(asset - 2, asset)).toEqual(['| Scan detail | Value |', '|---|---|'])
    for (const line of lines.filter((line) => /^\|(\s*\|)+$/.test(line))) expect.fail(`empty table row: ${line}`)
  })

  it('shows each finding id escaped like the rest of the row, so a user can copy it into ignore', () => {
    const text = renderReportMarkdown(report([finding(1, 'high', { id: 'id_with|pipe' })]), { maxLength: SUMMARY_MAX_LENGTH })
    expect(text).toContain('| High | Finding number 1 | id\\_with&#124;pipe | 5.0 |')
  })

  it('keeps finding text from breaking the table, running HTML or mentioning people', () => {
    const title = 'XSS via <script>alert(1)</script> | q @octocat `x` [link](http://e)\nnext'
    const text = renderReportMarkdown(report([finding(1, 'high', { title })]), { maxLength: SUMMARY_MAX_LENGTH })
    const row = text.split('\n').find((line) => line.startsWith('| High | XSS'))
    expect(row).toBe('| High | XSS via &lt;script&gt;alert(1)&lt;/script&gt; &#124; q &#64;octocat \\`x\\` \\[link\\](http://e) next | f-1 | 5.0 |')
    expect(escapeMarkdownCell('a|b')).toBe('a&#124;b')
  })

  it('redacts registered secrets that a finding echoes back', () => {
    forgetSecrets()
    registerSecret('leaked-token-123456')
    const text = renderReportMarkdown(report([finding(1, 'high', { title: 'Token leaked-token-123456 in page' })]), { maxLength: SUMMARY_MAX_LENGTH })
    expect(text).not.toContain('leaked-token-123456')
    expect(text).toContain('Token \\*\\*\\* in page')
    forgetSecrets()
  })

  it('lists at most the cap and says how many more there are', () => {
    const many = Array.from({ length: MAX_LISTED_FINDINGS + 12 }, (_, i) => finding(i + 1, 'medium'))
    const text = renderReportMarkdown(report(many), { maxLength: SUMMARY_MAX_LENGTH })
    expect(text.split('\n').filter((line) => line.startsWith('| Medium | Finding'))).toHaveLength(MAX_LISTED_FINDINGS)
    expect(text).toContain('12 more counted findings not listed here (see the findings file)')
  })

  it('stays within maxLength by listing fewer findings', () => {
    const long = Array.from({ length: 200 }, (_, i) => finding(i + 1, 'high', { title: `${'Very long title '.repeat(20)}${i}` }))
    for (const maxLength of [PR_COMMENT_MAX_LENGTH, 3000, 1500]) {
      const text = renderReportMarkdown(report(long), { maxLength })
      expect(text.length).toBeLessThanOrEqual(maxLength)
      expect(text).toContain('| **Total** | **200** |')
    }
  })

  it('says the gate was not evaluated for a scan that did not complete, without counts', () => {
    const failed: ScanReport = { ...report([]), scan: { scanId: 's-1', scanType: 'quick', status: 'timed-out' }, gate: skippedGate('high') }
    const text = renderReportMarkdown(failed, { maxLength: SUMMARY_MAX_LENGTH })
    expect(text).toContain('⚠️ S4E scan timed-out: gate not evaluated')
    expect(text).toContain('| Gate | not evaluated (scan timed-out) |')
    expect(text).not.toContain('Counted by the gate')
  })
})
