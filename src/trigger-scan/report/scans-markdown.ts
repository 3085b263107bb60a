import { SEVERITIES, type Finding, type Severity } from '../../core/api-types.js'
import { redactSecrets } from '../../core/secrets.js'
import { compareBySeverity } from '../scan/gate-findings.js'
import { escapeMarkdownCell, escapeMarkdownText, formatDuration, MAX_LISTED_FINDINGS, type RenderOptions } from './report-markdown.js'
import { redactFinding } from './redacted-finding.js'
import type { ScanOutcome } from '../scan-outcome.js'
import type { ScanReport } from '../scan-report.js'

const SEVERITY_LABEL: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' }

/** A counted finding, with the asset it was found on and whether the baseline has it. */
interface ListedFinding {
  readonly finding: Finding
  readonly asset: string
  readonly existing?: boolean
}

function assetLabelOf(outcome: ScanOutcome): string {
  if (outcome.kind === 'reported') return outcome.report.asset.name ?? outcome.report.asset.id
  return outcome.known.assetName ?? outcome.known.assetId ?? '—'
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

function headline(outcomes: readonly ScanOutcome[]): string {
  const reports = outcomes.flatMap((outcome) => (outcome.kind === 'reported' ? [outcome.report] : []))
  const failed = reports.filter((report) => report.gate.verdict === 'failed').length
  const notEvaluated = outcomes.length - reports.filter((report) => report.gate.verdict !== 'skipped').length
  if (failed > 0) return `❌ S4E gate failed on ${failed} of ${outcomes.length} assets`
  if (notEvaluated > 0) return `⚠️ S4E gate not evaluated on ${notEvaluated} of ${outcomes.length} assets`
  return `✅ S4E gate passed on all ${outcomes.length} assets`
}

function gateCell(report: ScanReport): string {
  const { verdict, threshold, atOrAboveThreshold } = report.gate
  if (verdict === 'skipped') return 'not evaluated'
  if (threshold === 'none') return `**${verdict}** (fail-on none)`
  return `**${verdict}** (${atOrAboveThreshold.length} at or above ${threshold})`
}

function baselineCell(report: ScanReport): string {
  const { baseline } = report
  if (baseline === undefined || report.gate.verdict === 'skipped') return '—'
  if (baseline.state === 'missing') return 'not found: every open finding counted'
  const { match } = baseline
  return `scan ${escapeMarkdownCell(redactSecrets(baseline.scanId))}: ${match.new.length} new, ${match.existing.length} existing, ${match.fixed.length} fixed`
}

/** One row per asset, in input order: its scan, status, duration, gate and counts by severity. */
function assetsTable(outcomes: readonly ScanOutcome[], withBaseline: boolean): string[] {
  const header = [
    'Asset',
    'Scan',
    'Status',
    'Duration',
    'Gate',
    ...SEVERITIES.map((severity) => SEVERITY_LABEL[severity]),
    ...(withBaseline ? ['Baseline'] : [])
  ]
  const align = ['---', '---', '---', '---', '---', ...SEVERITIES.map(() => '---:'), ...(withBaseline ? ['---'] : [])]
  const rows = outcomes.map((outcome) => {
    const asset = `**${escapeMarkdownCell(redactSecrets(assetLabelOf(outcome)))}**`
    if (outcome.kind === 'broken') {
      const { known } = outcome
      const scan = known.scanId !== undefined ? escapeMarkdownCell(known.scanId) : '—'
      return [
        asset,
        scan,
        escapeMarkdownCell(known.status ?? 'not started'),
        '—',
        'not evaluated',
        ...SEVERITIES.map(() => '—'),
        ...(withBaseline ? ['—'] : [])
      ]
    }
    const { report } = outcome
    const gated = report.gate.verdict !== 'skipped'
    return [
      asset,
      `${escapeMarkdownCell(report.scan.scanId)} (${escapeMarkdownCell(report.scan.scanType)})`,
      escapeMarkdownCell(report.scan.status),
      report.scan.durationSeconds !== undefined ? formatDuration(report.scan.durationSeconds) : '—',
      gateCell(report),
      ...SEVERITIES.map((severity) => (gated ? String(report.gate.countsBySeverity[severity]) : '—')),
      ...(withBaseline ? [baselineCell(report)] : [])
    ]
  })
  return [`| ${header.join(' | ')} |`, `|${align.join('|')}|`, ...rows.map((cells) => `| ${cells.join(' | ')} |`)]
}

/** The sentences of scans that broke (an error, a cancel) and of baselines that could not be found. */
function problems(outcomes: readonly ScanOutcome[]): string[] {
  const lines: string[] = []
  for (const outcome of outcomes) {
    if (outcome.kind === 'broken') lines.push(outcome.message)
    else if (outcome.report.baseline?.state === 'missing' && outcome.report.gate.verdict !== 'skipped') lines.push(outcome.report.baseline.reason)
  }
  return lines.map((line) => `> [!WARNING]\n> ${escapeMarkdownText(redactSecrets(line))}`)
}

/** Every counted finding of every asset: new ones first, then most severe first. */
function rankedFindings(reports: readonly ScanReport[]): ListedFinding[] {
  const listed: ListedFinding[] = []
  for (const report of reports) {
    const existing = report.baseline?.state === 'compared' ? new Set(report.baseline.match.existing) : undefined
    const asset = report.asset.name ?? report.asset.id
    for (const finding of report.gate.counted) listed.push({ finding, asset, existing: existing?.has(finding) })
  }
  const rank = (item: ListedFinding) => (item.existing === true ? 1 : 0)
  return listed.sort((a, b) => rank(a) - rank(b) || compareBySeverity(a.finding, b.finding) || a.asset.localeCompare(b.asset))
}

function findingRow(item: ListedFinding, withBaseline: boolean): string {
  const clean = redactFinding(item.finding)
  // The id is what the ignore input takes, as in the one-asset report.
  const cells = [
    SEVERITY_LABEL[clean.severity],
    escapeMarkdownCell(redactSecrets(item.asset)),
    escapeMarkdownCell(clean.title),
    escapeMarkdownCell(clean.id),
    clean.cvss !== undefined ? clean.cvss.toFixed(1) : '—'
  ]
  if (withBaseline) cells.push(item.existing === true ? 'existing' : '**new**')
  return `| ${cells.join(' | ')} |`
}

function leftOutNote(reports: readonly ScanReport[], notListed: number): string | undefined {
  const sum = (pick: (report: ScanReport) => number) => reports.reduce((total, report) => total + pick(report), 0)
  const notes: string[] = []
  if (notListed > 0) notes.push(`${plural(notListed, 'more counted finding')} not listed here (see the findings file)`)
  const triaged = sum((report) => report.gate.leftOut.triaged)
  const ignored = sum((report) => report.gate.leftOut.ignored)
  const existing = sum((report) => report.gate.leftOut.existing)
  if (triaged > 0) notes.push(`${plural(triaged, 'finding')} left out as already triaged on S4E (false positive, accepted, resolved or fixed)`)
  if (ignored > 0) notes.push(`${plural(ignored, 'finding')} left out by the ignore input`)
  if (existing > 0) notes.push(`${plural(existing, 'finding')} left out as already in the baseline (gate-on: new)`)
  return notes.length > 0 ? `_${notes.join('; ')}._` : undefined
}

function compose(outcomes: readonly ScanOutcome[], ranked: readonly ListedFinding[], listed: number): string {
  const reports = outcomes.flatMap((outcome) => (outcome.kind === 'reported' ? [outcome.report] : []))
  const withBaseline = reports.some((report) => report.baseline !== undefined)
  const lines = [`### ${headline(outcomes)}`, '']
  for (const problem of problems(outcomes)) lines.push(problem, '')
  lines.push(...assetsTable(outcomes, withBaseline), '')
  if (listed > 0) {
    const marked = reports.some((report) => report.baseline?.state === 'compared')
    const header = marked
      ? ['| Severity | Asset | Title | Finding id | CVSS | Baseline |', '|---|---|---|---|---:|---|']
      : ['| Severity | Asset | Title | Finding id | CVSS |', '|---|---|---|---|---:|']
    lines.push('#### Top findings', '', ...header, ...ranked.slice(0, listed).map((item) => findingRow(item, marked)), '')
  }
  const note = leftOutNote(reports, ranked.length - listed)
  if (note !== undefined) lines.push(note, '')
  const last = reports.at(-1)
  if (last !== undefined) lines.push(`<sub>S4E API ${escapeMarkdownCell(redactSecrets(last.apiUrl))} · report of ${last.generatedAt}</sub>`, '')
  return lines.join('\n')
}

/**
 * The one Markdown report of a step that scanned several assets, for the job summary and the PR
 * comment: one row per asset, then the top findings across all of them, within maxLength characters.
 */
export function renderScansMarkdown(outcomes: readonly ScanOutcome[], options: RenderOptions): string {
  const reports = outcomes.flatMap((outcome) => (outcome.kind === 'reported' ? [outcome.report] : []))
  const ranked = rankedFindings(reports)
  let listed = Math.min(ranked.length, MAX_LISTED_FINDINGS)
  for (;;) {
    const text = compose(outcomes, ranked, listed)
    if (text.length <= options.maxLength) return text
    if (listed === 0) return `${text.slice(0, Math.max(0, options.maxLength - 2))}…\n`
    listed = Math.max(0, Math.floor(listed / 2))
  }
}
