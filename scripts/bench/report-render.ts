// The one report of a step with 256 assets and 100 findings each: the time to render it and the sizes
// that meet GitHub's limits (summary under 1 MiB, comment under 65,536 characters), plus the escaper's
// time on a hostile body, which stays linear in what is shown.
import { performance } from 'node:perf_hooks'
import { outsideText } from '../../src/core/markdown-text.js'
import { PR_COMMENT_MAX_LENGTH, renderRunMarkdown, SUMMARY_MAX_LENGTH } from '../../src/trigger-scan/report/report-markdown.js'
import { runReportOf } from '../../src/trigger-scan/report/report-model.js'
import { gateFindings } from '../../src/trigger-scan/scan/gate-findings.js'
import type { ScanOutcome } from '../../src/trigger-scan/scan-outcome.js'
import { formatKiB } from './measure.js'

export function benchReportRender(): void {
  const outcomes: ScanOutcome[] = Array.from({ length: 256 }, (_, index) => {
    const scanId = `s-${index}`
    const findings = Array.from({ length: 100 }, (_, n) => ({
      id: `f-${index}-${n}`,
      title: `<b>@octocat #${n}</b> https://evil.example/${'x'.repeat(200)}`,
      severity: 'high' as const,
      status: 'open',
      scanId,
      references: []
    }))
    return {
      kind: 'reported',
      report: {
        apiUrl: 'https://api.s4e.io',
        asset: { id: `a-${index}`, name: `host-${index}.example.com` },
        scan: { scanId, scanType: 'quick', status: 'completed' },
        gate: gateFindings(findings, { scanId, failOn: 'high', ignore: [] }),
        findings,
        generatedAt: '2026-12-04T12:00:00Z'
      }
    }
  })
  const model = runReportOf(outcomes, false)
  let started = performance.now()
  const summary = renderRunMarkdown(model, { maxLength: SUMMARY_MAX_LENGTH })
  const comment = renderRunMarkdown(model, { maxLength: PR_COMMENT_MAX_LENGTH })
  const elapsed = performance.now() - started
  console.log(
    `report of 256 assets × 100 findings: summary ${formatKiB(Buffer.byteLength(summary))}, comment ${comment.length} characters, both in ${elapsed.toFixed(0)} ms`
  )
  const hostile = '@#1'.repeat(1_000_000)
  started = performance.now()
  outsideText(hostile, 2000)
  console.log(`outsideText of a 3 MB hostile body (2,000 shown): ${(performance.now() - started).toFixed(1)} ms`)
}
