import { SEVERITIES, TERMINAL_SCAN_STATUSES, type Finding, type Severity } from '../../core/api-types.js'
import { redactSecrets } from '../../core/secrets.js'
import { compareBySeverity } from '../scan/gate-findings.js'
import { TIMED_OUT_STATUS } from '../scan/poll-scan.js'
import { redactFinding } from './redacted-finding.js'
import type { ScanReport } from '../scan-report.js'

/** The job summary must stay under the runner's 1 MiB; this leaves room for other steps. */
export const SUMMARY_MAX_LENGTH = 200_000
/** GitHub refuses comments over 65,536 characters; the comment adds a marker and a footer. */
export const PR_COMMENT_MAX_LENGTH = 60_000
/** Findings listed by name at most; the counts table covers the rest. */
export const MAX_LISTED_FINDINGS = 30
const MAX_TITLE_LENGTH = 160

export interface RenderOptions {
  maxLength: number
}

const SEVERITY_LABEL: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' }

/**
 * Finding text comes from the scanned target: it must not break the table, run HTML, or
 * @-mention people in a PR comment.
 */
export function escapeMarkdownCell(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return escapeMarkdownText(flat.length > MAX_TITLE_LENGTH ? `${flat.slice(0, MAX_TITLE_LENGTH - 1)}…` : flat)
}

/** The same escaping for a whole sentence on one line, never shortened. */
export function escapeMarkdownText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;')
    .replace(/@/g, '&#64;')
    .replace(/([\\`*_[\]~])/g, '\\$1')
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

/** ` new` when the gate counted only findings the baseline does not have. */
function newOnly(report: ScanReport): string {
  return report.baseline?.state === 'compared' && report.baseline.gateOn === 'new' ? ' new' : ''
}

function headline(report: ScanReport): string {
  const { verdict, threshold, atOrAboveThreshold } = report.gate
  const fresh = newOnly(report)
  if (verdict === 'failed')
    return `❌ S4E gate failed: ${atOrAboveThreshold.length}${fresh} finding${atOrAboveThreshold.length === 1 ? '' : 's'} at or above ${threshold}`
  if (verdict === 'passed')
    return threshold === 'none' ? '✅ S4E gate passed (fail-on: none)' : `✅ S4E gate passed: no${fresh} open findings at or above ${threshold}`
  if (report.scan.status === 'completed') return '⏭️ S4E gate not evaluated'
  // Still queued or running: the step did not wait (wait: false).
  if (!TERMINAL_SCAN_STATUSES.has(report.scan.status) && report.scan.status !== TIMED_OUT_STATUS)
    return `⏭️ S4E scan started (${report.scan.status}): gate not evaluated`
  return `⚠️ S4E scan ${report.scan.status}: gate not evaluated`
}

function verdictCell(report: ScanReport): string {
  const { verdict, threshold, atOrAboveThreshold } = report.gate
  if (verdict === 'skipped') return `not evaluated (scan ${report.scan.status})`
  const against =
    threshold === 'none'
      ? 'fail-on none: findings never fail the gate'
      : `threshold **${threshold}**, ${plural(atOrAboveThreshold.length, 'finding')} at or above it`
  return `**${verdict}** (${against})`
}

/** The lead under the headline: what is new compared with the baseline, then how many exist already and how many are fixed. */
function baselineLead(report: ScanReport): string | undefined {
  const { baseline } = report
  if (baseline === undefined || report.gate.verdict === 'skipped') return undefined
  if (baseline.state === 'missing') return `> [!WARNING]\n> ${escapeMarkdownText(redactSecrets(baseline.reason))}`
  const { match } = baseline
  const of = baseline.assetLabel !== undefined ? ` of ${escapeMarkdownCell(redactSecrets(baseline.assetLabel))}` : ''
  const counts = `**${match.new.length} new** open finding${match.new.length === 1 ? '' : 's'} compared with baseline scan ${escapeMarkdownCell(redactSecrets(baseline.scanId))}${of}; ${match.existing.length} existing, ${match.fixed.length} fixed.`
  const rule = baseline.gateOn === 'new' ? 'The gate counts the new findings only (gate-on: new).' : 'The gate counts every open finding (gate-on: all).'
  return `${counts} ${rule}`
}

function baselineCell(report: ScanReport): string | undefined {
  const { baseline } = report
  if (baseline === undefined) return undefined
  if (baseline.state === 'missing') return 'not found: every open finding counted'
  const { match } = baseline
  return `scan ${escapeMarkdownCell(redactSecrets(baseline.scanId))}: ${match.new.length} new, ${match.existing.length} existing, ${match.fixed.length} fixed`
}

function detailsTable(report: ScanReport): string[] {
  // Plain text, not code spans: backslash escapes would show literally inside a code span.
  const id = escapeMarkdownCell(report.asset.id)
  const asset = report.asset.name !== undefined ? `**${escapeMarkdownCell(report.asset.name)}** (id ${id})` : `id ${id}`
  const rows = [
    ['Asset', asset],
    ['Scan', `${escapeMarkdownCell(report.scan.scanId)} (${escapeMarkdownCell(report.scan.scanType)})`],
    ['Status', report.scan.status],
    ['Duration', report.scan.durationSeconds !== undefined ? formatDuration(report.scan.durationSeconds) : '—'],
    ['Gate', verdictCell(report)]
  ]
  const baseline = report.gate.verdict !== 'skipped' ? baselineCell(report) : undefined
  if (baseline !== undefined) rows.push(['Baseline', baseline])
  // GFM needs a header row; an empty one shows as a blank bar above the table.
  return ['| Scan detail | Value |', '|---|---|', ...rows.map(([name, value]) => `| ${name} | ${value} |`)]
}

function countsTable(report: ScanReport): string[] {
  const counts = report.gate.countsBySeverity
  return [
    '| Severity | Counted by the gate |',
    '|---|---:|',
    ...SEVERITIES.map((severity) => `| ${SEVERITY_LABEL[severity]} | ${counts[severity]} |`),
    `| **Total** | **${report.gate.counted.length}** |`
  ]
}

function findingRow(finding: Finding, existing: ReadonlySet<Finding> | undefined): string {
  const clean = redactFinding(finding)
  // The id is what the ignore input takes; plain text so it copies as it is (escaped, never in a code span).
  const cells = [
    SEVERITY_LABEL[clean.severity],
    escapeMarkdownCell(clean.title),
    escapeMarkdownCell(clean.id),
    clean.cvss !== undefined ? clean.cvss.toFixed(1) : '—'
  ]
  if (existing !== undefined) cells.push(existing.has(finding) ? 'existing' : '**new**')
  return `| ${cells.join(' | ')} |`
}

function leftOutNote(report: ScanReport, notListed: number): string | undefined {
  const notes: string[] = []
  if (notListed > 0) notes.push(`${plural(notListed, 'more counted finding')} not listed here (see the findings file)`)
  const { triaged, ignored } = report.gate.leftOut
  if (triaged > 0) notes.push(`${plural(triaged, 'finding')} left out as already triaged on S4E (false positive, accepted, resolved or fixed)`)
  if (ignored > 0) notes.push(`${plural(ignored, 'finding')} left out by the ignore input`)
  const { existing } = report.gate.leftOut
  if (existing > 0) notes.push(`${plural(existing, 'finding')} left out as already in the baseline (gate-on: new)`)
  return notes.length > 0 ? `_${notes.join('; ')}._` : undefined
}

function existingSet(report: ScanReport): ReadonlySet<Finding> | undefined {
  return report.baseline?.state === 'compared' ? new Set(report.baseline.match.existing) : undefined
}

function compose(report: ScanReport, listed: Finding[], notListed: number): string {
  const lines = [`### ${headline(report)}`, '']
  const lead = baselineLead(report)
  if (lead !== undefined) lines.push(lead, '')
  lines.push(...detailsTable(report), '')
  if (report.gate.verdict !== 'skipped') {
    lines.push(...countsTable(report), '')
    if (listed.length > 0) {
      const existing = existingSet(report)
      const header =
        existing !== undefined
          ? ['| Severity | Title | Finding id | CVSS | Baseline |', '|---|---|---|---:|---|']
          : ['| Severity | Title | Finding id | CVSS |', '|---|---|---|---:|']
      lines.push(`#### Top findings`, '', ...header, ...listed.map((finding) => findingRow(finding, existing)), '')
    }
    const note = leftOutNote(report, notListed)
    if (note !== undefined) lines.push(note, '')
  }
  lines.push(`<sub>S4E API ${escapeMarkdownCell(redactSecrets(report.apiUrl))} · report of ${report.generatedAt}</sub>`, '')
  return lines.join('\n')
}

/**
 * The one Markdown report of a run, for the job summary and the PR comment: asset, scan, status,
 * duration, the gate verdict, counts by severity and the top findings, within maxLength characters.
 */
export function renderReportMarkdown(report: ScanReport, options: RenderOptions): string {
  const existing = existingSet(report)
  // New findings lead; within each group, most severe first.
  const isExisting = (finding: Finding) => (existing?.has(finding) === true ? 1 : 0)
  const ranked = [...report.gate.counted].sort((a, b) => isExisting(a) - isExisting(b) || compareBySeverity(a, b))
  let listed = Math.min(ranked.length, MAX_LISTED_FINDINGS)
  for (;;) {
    const text = compose(report, ranked.slice(0, listed), ranked.length - listed)
    if (text.length <= options.maxLength) return text
    if (listed === 0) return `${text.slice(0, Math.max(0, options.maxLength - 2))}…\n`
    listed = Math.max(0, Math.floor(listed / 2))
  }
}
