import { SEVERITIES, TERMINAL_SCAN_STATUSES, type Finding, type Severity } from '../../core/api-types.js'
import { outsideText } from '../../core/markdown-text.js'
import { compareBySeverity, SEVERITY_LABEL } from '../../core/severity.js'
import { cutAtLineEnd } from './comment-size.js'
import { plural } from '../../core/plural.js'
import { gotWorseNote, previousSeverities, type RunReport, type ScanFacts } from './report-model.js'
import type { ScanReport } from '../scan-report.js'

/**
 * The job summary's share of GitHub's 1 MiB: at most 3 UTF-8 bytes per character (every escape is
 * ASCII), so 200,000 characters stay under 600 KB and leave room for other steps.
 */
export const SUMMARY_MAX_LENGTH = 200_000
/** GitHub refuses comments over 65,536 characters; the comment adds a marker and a footer. */
export const PR_COMMENT_MAX_LENGTH = 60_000
/** Findings listed by name at most; the table of assets counts the rest. */
export const MAX_LISTED_FINDINGS = 30
/** Shown length of a finding title, an asset name; ids and statuses are shorter. */
const SHOWN_TITLE = 160
const SHOWN_ID = 80
const SHOWN_SENTENCE = 2000

export interface RenderOptions {
  maxLength: number
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`
}

/** A counted finding, with the asset it was found on and whether the baseline has it. */
interface ListedFinding {
  readonly finding: Finding
  readonly asset: string
  readonly existing: boolean
  /** The baseline match's severity, when the finding got worse since. */
  readonly was?: Severity
}

const isRunning = (status: string) => !TERMINAL_SCAN_STATUSES.has(status) && status !== 'timed-out'

/** ` new` when the gate counted only findings the baseline does not have. */
function newOnly(reports: readonly ScanReport[]): string {
  return reports.some((report) => report.baseline?.state === 'compared' && report.baseline.gateOn === 'new') ? ' new' : ''
}

/** The headline of the set; with several assets it says on how many the verdict holds. */
function headline(model: RunReport): string {
  const { facts, reports } = model
  const total = facts.length
  const failed = reports.filter((report) => report.gate.verdict === 'failed')
  const threshold = reports[0]?.gate.threshold ?? 'none'
  const fresh = newOnly(reports)
  const of = (count: number) => (total > 1 ? ` on ${count} of ${total} assets` : '')
  if (failed.length > 0) {
    const count = failed.reduce((sum, report) => sum + report.gate.atOrAboveThreshold.length, 0)
    const worse = failed.reduce((sum, report) => {
      const was = previousSeverities(report)
      return sum + report.gate.atOrAboveThreshold.filter((finding) => was.has(finding)).length
    }, 0)
    return `❌ S4E gate failed: ${count}${fresh} ${count === 1 ? 'finding' : 'findings'}${gotWorseNote(worse)} at or above ${threshold}${of(failed.length)}`
  }
  const notEvaluated = facts.filter((fact) => fact.gate === 'skipped')
  if (notEvaluated.length === 0) {
    const all = total > 1 ? ` on all ${total} assets` : ''
    return threshold === 'none' ? `✅ S4E gate passed (fail-on: none)${all}` : `✅ S4E gate passed: no${fresh} open findings at or above ${threshold}${all}`
  }
  // Still queued or running: the step did not wait (wait: false).
  if (notEvaluated.every((fact) => fact.report !== undefined && isRunning(fact.status)))
    return `⏭️ S4E scan started: gate not evaluated${of(notEvaluated.length)}`
  return `⚠️ S4E gate not evaluated${of(notEvaluated.length)}`
}

function gateCell(fact: ScanFacts): string {
  const gate = fact.report?.gate
  if (gate === undefined || gate.verdict === 'skipped') return 'not evaluated'
  if (gate.threshold === 'none') return `**${gate.verdict}** (fail-on none)`
  return `**${gate.verdict}** (${gate.atOrAboveThreshold.length} at or above ${gate.threshold})`
}

function baselineCell(fact: ScanFacts): string {
  const baseline = fact.report?.baseline
  if (baseline === undefined || fact.gate === 'skipped') return '—'
  if (baseline.state === 'missing') return 'not found: every open finding counted'
  const { match } = baseline
  return `scan ${outsideText(baseline.scanId, SHOWN_ID)}: ${match.new.length} new${gotWorseNote(match.worse.length)}, ${match.existing.length} existing, ${match.fixed.length} fixed`
}

function assetRow(fact: ScanFacts, withBaseline: boolean): string {
  const gated = fact.gate !== 'skipped'
  const scan = fact.scanId === '' ? '—' : outsideText(fact.scanId, SHOWN_ID)
  const cells = [
    `**${outsideText(fact.asset || '—', SHOWN_TITLE)}**`,
    fact.scanType !== '' ? `${scan} (${outsideText(fact.scanType, SHOWN_ID)})` : scan,
    outsideText(fact.status || 'not started', SHOWN_ID),
    fact.durationSeconds !== undefined ? formatDuration(fact.durationSeconds) : '—',
    gateCell(fact),
    ...SEVERITIES.map((severity) => (gated ? String(fact.counts[severity]) : '—')),
    ...(withBaseline ? [baselineCell(fact)] : [])
  ]
  return `| ${cells.join(' | ')} |`
}

/** One row per asset, in input order: its scan, status, duration, gate and counts by severity. */
function assetsTable(model: RunReport, withBaseline: boolean, shown: number): string[] {
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
  const rows = model.facts.slice(0, shown).map((fact) => assetRow(fact, withBaseline))
  const lines = [`| ${header.join(' | ')} |`, `|${align.join('|')}|`, ...rows]
  const rest = model.facts.length - shown
  if (rest > 0) lines.push('', `_${plural(rest, 'more asset')} not listed here (see the scans output and the findings file)._`)
  return lines
}

/** What is new compared with each baseline, then how many exist already and how many are fixed. */
function baselineLead(report: ScanReport): string | undefined {
  const { baseline } = report
  if (baseline?.state !== 'compared' || report.gate.verdict === 'skipped') return undefined
  const { match } = baseline
  const asset = outsideText(report.asset.name ?? report.asset.id, SHOWN_TITLE)
  const of = baseline.assetLabel !== undefined ? ` of ${outsideText(baseline.assetLabel, SHOWN_TITLE)}` : ''
  const counts = `**${match.new.length} new** open finding${match.new.length === 1 ? '' : 's'}${gotWorseNote(match.worse.length)} compared with baseline scan ${outsideText(baseline.scanId, SHOWN_ID)}${of}; ${match.existing.length} existing, ${match.fixed.length} fixed.`
  const rule = baseline.gateOn === 'new' ? 'The gate counts the new findings only (gate-on: new).' : 'The gate counts every open finding (gate-on: all).'
  return `${asset}: ${counts} ${rule}`
}

/** The sentences of scans that broke (an error, a cancel) and of baselines that could not be found. */
function warnings(model: RunReport): string[] {
  const sentences: string[] = []
  for (const fact of model.facts) {
    if (fact.broken !== undefined) sentences.push(fact.broken)
    else if (fact.report?.baseline?.state === 'missing' && fact.gate !== 'skipped') sentences.push(fact.report.baseline.reason)
  }
  return sentences.map((sentence) => `> [!WARNING]\n> ${outsideText(sentence, SHOWN_SENTENCE)}`)
}

/** Every counted finding of every asset: new ones first, then most severe first. */
function rankedFindings(reports: readonly ScanReport[]): ListedFinding[] {
  const listed: ListedFinding[] = []
  for (const report of reports) {
    const existing = report.baseline?.state === 'compared' ? new Set(report.baseline.match.existing) : undefined
    const was = previousSeverities(report)
    const asset = report.asset.name ?? report.asset.id
    for (const finding of report.gate.counted) listed.push({ finding, asset, existing: existing?.has(finding) === true, was: was.get(finding) })
  }
  const rank = (item: ListedFinding) => (item.existing ? 1 : 0)
  return listed.sort((a, b) => rank(a) - rank(b) || compareBySeverity(a.finding, b.finding) || a.asset.localeCompare(b.asset))
}

/** A finding row, from named fields only; the id is what the ignore input takes. */
function findingRow(item: ListedFinding, marked: boolean): string {
  const { finding } = item
  const cells = [
    SEVERITY_LABEL[finding.severity],
    outsideText(item.asset, SHOWN_TITLE),
    outsideText(finding.title, SHOWN_TITLE),
    outsideText(finding.id, SHOWN_ID),
    finding.cvss !== undefined && Number.isFinite(finding.cvss) ? finding.cvss.toFixed(1) : '—'
  ]
  if (marked) cells.push(item.existing ? 'existing' : item.was !== undefined ? `**new** (was ${item.was})` : '**new**')
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

function compose(model: RunReport, ranked: readonly ListedFinding[], listedFindings: number, listedAssets: number): string {
  const { reports } = model
  const withBaseline = model.withBaseline || reports.some((report) => report.baseline !== undefined)
  const lines = [`### ${headline(model)}`, '']
  for (const report of reports) {
    const lead = baselineLead(report)
    if (lead !== undefined) lines.push(lead, '')
  }
  for (const warning of warnings(model)) lines.push(warning, '')
  lines.push(...assetsTable(model, withBaseline, listedAssets), '')
  if (listedFindings > 0) {
    const marked = reports.some((report) => report.baseline?.state === 'compared')
    const header = marked
      ? ['| Severity | Asset | Title | Finding id | CVSS | Baseline |', '|---|---|---|---|---:|---|']
      : ['| Severity | Asset | Title | Finding id | CVSS |', '|---|---|---|---|---:|']
    lines.push('#### Top findings', '', ...header, ...ranked.slice(0, listedFindings).map((item) => findingRow(item, marked)), '')
  }
  const note = leftOutNote(reports, ranked.length - listedFindings)
  if (note !== undefined) lines.push(note, '')
  const last = reports.at(-1)
  if (last !== undefined) lines.push(`<sub>S4E API ${outsideText(last.apiUrl, SHOWN_TITLE)} · report of ${outsideText(last.generatedAt, SHOWN_ID)}</sub>`, '')
  return lines.join('\n')
}

export const CUT_NOTE = "> [!NOTE]\n> This report was cut to fit GitHub's size limit: the findings file of the workflow run holds every scan and finding."

/**
 * The one Markdown report of a step, for the job summary and the PR comment alike, whatever the
 * number of assets: a headline, one row per asset, then the top findings across all of them,
 * within maxLength characters. Every piece of outside text goes through outsideText. To fit, it
 * lists fewer findings, then fewer assets, and says so; only then is the text cut, with a note.
 */
export function renderRunMarkdown(model: RunReport, options: RenderOptions): string {
  const ranked = rankedFindings(model.reports)
  let findings = Math.min(ranked.length, MAX_LISTED_FINDINGS)
  let assets = model.facts.length
  for (;;) {
    const text = compose(model, ranked, findings, assets)
    if (text.length <= options.maxLength) return text
    if (findings > 0) findings = Math.floor(findings / 2)
    else if (assets > 1) assets = Math.floor(assets / 2)
    else return `${cutAtLineEnd(text, options.maxLength - CUT_NOTE.length - 2)}\n\n${CUT_NOTE}\n`
  }
}
