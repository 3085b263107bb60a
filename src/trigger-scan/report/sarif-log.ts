// The SARIF log of a step's scans, shaped for GitHub code scanning: docs/design.md, section "SARIF for code scanning",
// and docs/api.md, section "What GitHub accepts in an uploaded SARIF file".
import { createHash } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import type { Invocation, Log, ReportingDescriptor, Result, Run } from 'sarif'
import type { Finding, Severity } from '../../core/api-types.js'
import { compareBySeverity } from '../../core/severity.js'
import { writeFileAtomically } from '../../core/output-file.js'
import { redactSecrets } from '../../core/secrets.js'
import { PROJECT_VERSION } from '../../core/version.js'
import { redactFinding } from './redacted-finding.js'
import { previousSeverities } from './report-model.js'
import { outsideParagraphs } from '../../core/markdown-text.js'
import type { ScanReport } from '../scan-report.js'

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json'
export const TOOL_NAME = 'S4E'
export const TOOL_INFORMATION_URI = 'https://docs.s4e.io'
/** Folder of the placeholder paths results point at: a finding has a URL, not a file in the repository. */
export const PLACEHOLDER_FOLDER = '.github/s4e'
/** GitHub refuses a file with more runs than this. */
export const MAX_SARIF_RUNS = 20
/** GitHub refuses a run with more than 25,000 results and stores only the 5,000 most severe: we choose those 5,000 ourselves. */
export const MAX_SARIF_RESULTS = 5000
/** GitHub refuses an upload of 10 MB or more; upload-sarif sends the gzip as Base64, so the Base64 text is held under it. */
export const MAX_SARIF_UPLOAD_BYTES = 10 * 1000 * 1000
/** The key of the fingerprint; v2 since the value takes every location field and a duplicate's rank. */
export const FINGERPRINT_KEY = 's4eFinding/v2'
/** Every run's category starts with this; the scan type follows. */
export const CATEGORY_PREFIX = 's4e/'

// Keeps one huge description from pushing the file towards GitHub's 10 MB upload limit.
const MAX_TEXT_LENGTH = 4000
// Bounds the JSON text built before it is gzipped, whatever the server sent (the step's memory stays small).
const MAX_RAW_BYTES = 64 * 1024 * 1024
const RULE_ID_PREFIX = 's4e/'
const MAX_SLUG_LENGTH = 80
const MAX_SCAN_TYPE_SLUG_LENGTH = 40

type SarifLevel = 'error' | 'warning' | 'note'
type BaselineState = 'new' | 'unchanged'

const LEVEL_BY_SEVERITY: Record<Severity, SarifLevel> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note'
}

/**
 * Used when a finding has no CVSS score: a value inside GitHub's band for the severity
 * (critical > 9.0, high 7.0–8.9, medium 4.0–6.9, low 0.1–3.9). `info` has no band, so no value.
 */
const FALLBACK_SECURITY_SEVERITY: Record<Severity, string | undefined> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '2.0',
  info: undefined
}

export function sarifLevel(severity: Severity): SarifLevel {
  return LEVEL_BY_SEVERITY[severity]
}

/** GitHub's `security-severity`: the CVSS score as a string with one decimal, else a severity-derived value. */
export function securitySeverity(finding: Pick<Finding, 'severity' | 'cvss'>): string | undefined {
  if (finding.cvss !== undefined && Number.isFinite(finding.cvss)) {
    return Math.min(10, Math.max(0, finding.cvss)).toFixed(1)
  }
  return FALLBACK_SECURITY_SEVERITY[finding.severity]
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12)
}

function slugOf(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
}

/**
 * One rule per kind of finding: S4E findings have no type field, so the kind is the title. Titles
 * that differ only in case or punctuation are the same kind; a title with no letters or digits
 * (another script) gets a hash instead of an empty slug.
 */
export function ruleIdFor(title: string): string {
  const slug = slugOf(title)
  if (slug === '') return `${RULE_ID_PREFIX}${shortHash(title.trim().toLowerCase())}`
  if (slug.length <= MAX_SLUG_LENGTH) return `${RULE_ID_PREFIX}${slug}`
  // Two long titles sharing their first 80 characters must still be two rules.
  return `${RULE_ID_PREFIX}${slug.slice(0, MAX_SLUG_LENGTH).replace(/-+$/, '')}-${shortHash(slug)}`
}

/**
 * The category of a scan type's run, `s4e/<scan type>/`. Scan types that differ only in case or
 * punctuation share one (upload-sarif folds those characters when it checks a job's categories);
 * one without letters or digits gets a hash.
 */
export function categoryFor(scanType: string): string {
  const slug = slugOf(scanType)
  const part =
    slug === '' ? shortHash(scanType) : slug.length <= MAX_SCAN_TYPE_SLUG_LENGTH ? slug : `${slug.slice(0, MAX_SCAN_TYPE_SLUG_LENGTH)}-${shortHash(slug)}`
  return `${CATEGORY_PREFIX}${part}/`
}

/** A path segment for the asset: names are domains, IPs or CIDR ranges, so `/` and `:` are replaced. */
export function assetPathSegment(report: Pick<ScanReport, 'asset'>): string {
  const label = report.asset.name ?? report.asset.id
  return label.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_') || '_'
}

/** What tells two findings of one asset apart: the kind and every location field the API gives. */
function fingerprintFields(finding: Finding): string[] {
  return [finding.title.trim(), finding.url ?? '', finding.path ?? '', finding.port ?? '', finding.parameter ?? '']
}

/**
 * Same finding on the same asset → same value in every scan, so GitHub keeps one alert open instead
 * of opening a new one each time; distinct findings → distinct values. Finding and scan ids are left
 * out on purpose (they change with every scan): findings equal in every field are told apart by
 * their rank among themselves, which is the same in the next scan that reports them all again.
 */
export function findingFingerprint(assetId: string, finding: Finding, rank = 0): string {
  return createHash('sha256')
    .update([assetId, ...fingerprintFields(finding), String(rank)].join('\u0000'))
    .digest('hex')
}

/** The fingerprint of each finding of one asset, ranks given in an order that does not depend on ids or order. */
export function fingerprintsOf(assetId: string, findings: readonly Finding[]): Map<Finding, string> {
  const byKey = new Map<string, Finding[]>()
  for (const finding of findings) {
    const key = fingerprintFields(finding).join('\u0000')
    const same = byKey.get(key)
    if (same === undefined) byKey.set(key, [finding])
    else same.push(finding)
  }
  const fingerprints = new Map<Finding, string>()
  for (const same of byKey.values()) {
    same.sort((a, b) => contentOf(a).localeCompare(contentOf(b)))
    same.forEach((finding, rank) => fingerprints.set(finding, findingFingerprint(assetId, finding, rank)))
  }
  return fingerprints
}

function contentOf(finding: Finding): string {
  return [finding.severity, finding.cvss ?? '', finding.description ?? '', finding.remediation ?? '', ...finding.references].join('\u0000')
}

function clip(text: string): string {
  return text.length <= MAX_TEXT_LENGTH ? text : `${text.slice(0, MAX_TEXT_LENGTH - 1)}…`
}

function compareFindings(a: Finding, b: Finding): number {
  return compareBySeverity(a, b) || (a.url ?? '').localeCompare(b.url ?? '') || a.id.localeCompare(b.id)
}

/** A server string as Markdown paragraphs, through the one renderer of outside text: never a tag, a link, a mention or a cross-reference. */
function markdownOf(text: string): string {
  return outsideParagraphs(text, MAX_TEXT_LENGTH)
}

/** A reference (a URL or an id such as CWE-79) as code: shown, never followed. */
function referenceMarkdown(reference: string): string {
  return `\`${reference.replace(/[`\s]+/g, ' ').trim()}\``
}

// Built from named fields only (description, remediation, references).
function helpFor(finding: Finding): { text: string; markdown: string } {
  const text: string[] = []
  const markdown: string[] = []
  if (finding.description !== undefined) {
    text.push(finding.description)
    markdown.push(markdownOf(finding.description))
  }
  if (finding.remediation !== undefined) {
    text.push(`Remediation: ${finding.remediation}`)
    markdown.push(`**Remediation**\n\n${markdownOf(finding.remediation)}`)
  }
  if (finding.references.length > 0) {
    text.push(`References: ${finding.references.join(' ')}`)
    markdown.push(`**References**\n\n${finding.references.map((reference) => `- ${referenceMarkdown(reference)}`).join('\n')}`)
  }
  if (text.length === 0) {
    text.push(`${finding.title} (reported by S4E).`)
    markdown.push(`${markdownOf(finding.title)} (reported by S4E).`)
  }
  return { text: clip(text.join('\n\n')), markdown: clip(markdown.join('\n\n')) }
}

function ruleFor(ruleId: string, findings: readonly Finding[]): ReportingDescriptor {
  // findings are sorted most severe first, so the first one speaks for the rule.
  const first = findings[0]
  if (first === undefined) throw new Error(`SARIF rule ${ruleId} has no findings.`)
  const highestScore = findings
    .map((finding) => securitySeverity(finding))
    .filter((score): score is string => score !== undefined)
    .sort((a, b) => Number(b) - Number(a))[0]
  return {
    id: ruleId,
    name: first.title,
    shortDescription: { text: clip(first.title) },
    fullDescription: { text: clip(first.description ?? first.title) },
    help: helpFor(first),
    defaultConfiguration: { level: sarifLevel(first.severity) },
    properties: {
      // GitHub reads security-severity from the rule, and only for rules tagged `security`.
      tags: ['security', 's4e'],
      ...(highestScore !== undefined ? { 'security-severity': highestScore } : {}),
      precision: 'high',
      'problem.severity': LEVEL_BY_SEVERITY[first.severity] === 'note' ? 'recommendation' : LEVEL_BY_SEVERITY[first.severity]
    }
  }
}

function messageFor(finding: Finding, assetLabel: string): string {
  const cvss = finding.cvss !== undefined ? `, CVSS ${finding.cvss}` : ''
  const where = finding.url !== undefined ? ` at ${finding.url}` : ''
  return clip(`${finding.title} (${finding.severity}${cvss})${where} on asset ${assetLabel}.`)
}

/** One finding on its way into a run. */
interface Entry {
  readonly finding: Finding
  readonly report: ScanReport
  readonly assetLabel: string
  readonly fingerprint: string
  readonly baselineState?: BaselineState
  /** The baseline match's severity, when the finding got worse since (it is new). */
  readonly previousSeverity?: Severity
}

/** The scans of one scan type: one run, one category. */
interface ScanTypeGroup {
  readonly category: string
  readonly scanType: string
  readonly reports: ScanReport[]
}

function compareEntries(a: Entry, b: Entry): number {
  return compareFindings(a.finding, b.finding) || a.report.asset.id.localeCompare(b.report.asset.id) || a.fingerprint.localeCompare(b.fingerprint)
}

/** The findings of a report that go into SARIF: with a baseline every open one (the existing ones as `unchanged`, so their alerts stay open). */
function entriesOf(report: ScanReport): Entry[] {
  const assetLabel = redactSecrets(report.asset.name ?? report.asset.id)
  const compared = report.baseline?.state === 'compared' ? report.baseline.match : undefined
  const states = new Map<Finding, BaselineState>()
  for (const finding of compared?.new ?? []) states.set(finding, 'new')
  for (const finding of compared?.existing ?? []) states.set(finding, 'unchanged')
  const was = previousSeverities(report)
  const reported = compared !== undefined ? [...compared.new, ...compared.existing] : report.gate.counted
  const fingerprints = fingerprintsOf(report.asset.id, reported)
  return reported.map((raw) => {
    const state = states.get(raw)
    const previous = was.get(raw)
    return {
      finding: redactFinding(raw),
      report,
      assetLabel,
      fingerprint: fingerprints.get(raw) ?? findingFingerprint(report.asset.id, raw),
      ...(state !== undefined ? { baselineState: state } : {}),
      ...(previous !== undefined ? { previousSeverity: previous } : {})
    }
  })
}

function resultFor(entry: Entry, ruleId: string, ruleIndex: number): Result {
  const { finding, report, assetLabel } = entry
  const score = securitySeverity(finding)
  const uri = `${PLACEHOLDER_FOLDER}/${assetPathSegment({ asset: { id: report.asset.id, name: assetLabel } })}`
  return {
    ruleId,
    ruleIndex,
    level: sarifLevel(finding.severity),
    kind: 'fail',
    message: { text: messageFor(finding, assetLabel) },
    locations: [
      {
        physicalLocation: { artifactLocation: { uri }, region: { startLine: 1 } },
        message: { text: clip(finding.url ?? assetLabel) }
      }
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: entry.fingerprint },
    ...(entry.baselineState !== undefined ? { baselineState: entry.baselineState } : {}),
    properties: {
      findingId: finding.id,
      severity: finding.severity,
      ...(finding.cvss !== undefined ? { cvss: finding.cvss } : {}),
      ...(score !== undefined ? { 'security-severity': score } : {}),
      status: finding.status,
      ...(finding.url !== undefined ? { url: clip(finding.url) } : {}),
      ...(finding.path !== undefined ? { path: clip(finding.path) } : {}),
      ...(finding.port !== undefined ? { port: clip(finding.port) } : {}),
      ...(finding.parameter !== undefined ? { parameter: clip(finding.parameter) } : {}),
      asset: assetLabel,
      assetId: report.asset.id,
      scanId: finding.scanId ?? report.scan.scanId,
      ...(finding.discoveredAt !== undefined ? { discoveredAt: finding.discoveredAt } : {}),
      // Still baselineState "new" (it counts as new); the properties say it got worse, and from what.
      ...(entry.previousSeverity !== undefined ? { baseline: 'worse', previousSeverity: entry.previousSeverity } : {})
    }
  }
}

/** A server's instant as SARIF takes it (ISO 8601 in UTC), or nothing when it is not one. */
function instantOf(text: string | undefined): number | undefined {
  const ms = text === undefined ? Number.NaN : Date.parse(text)
  return Number.isFinite(ms) ? ms : undefined
}

function invocationFor(report: ScanReport): Invocation {
  const end = instantOf(report.scan.finishedAt) ?? instantOf(report.generatedAt) ?? Date.now()
  // Two clocks (the server's and the runner's) may disagree: a start after the end is left out.
  const start = instantOf(report.scan.startedAt)
  return {
    executionSuccessful: true,
    ...(start !== undefined && start <= end ? { startTimeUtc: new Date(start).toISOString() } : {}),
    endTimeUtc: new Date(end).toISOString(),
    properties: {
      asset: redactSecrets(report.asset.name ?? report.asset.id),
      assetId: report.asset.id,
      scanId: report.scan.scanId,
      gate: report.gate.verdict,
      failOn: report.gate.threshold,
      ...(report.baseline?.state === 'compared' ? { baselineScanId: report.baseline.scanId, gateOn: report.baseline.gateOn } : {})
    }
  }
}

function runFor(group: ScanTypeGroup, entries: readonly Entry[]): Run {
  const findingsByRule = new Map<string, Finding[]>()
  const ruleIdOf = new Map<Entry, string>()
  for (const entry of entries) {
    const ruleId = ruleIdFor(entry.finding.title)
    ruleIdOf.set(entry, ruleId)
    const same = findingsByRule.get(ruleId)
    if (same === undefined) findingsByRule.set(ruleId, [entry.finding])
    else same.push(entry.finding)
  }
  const ruleIds = [...findingsByRule.keys()]
  const ruleIndex = new Map(ruleIds.map((ruleId, index) => [ruleId, index]))
  const results = entries.map((entry) => {
    const ruleId = ruleIdOf.get(entry) ?? ruleIdFor(entry.finding.title)
    return resultFor(entry, ruleId, ruleIndex.get(ruleId) ?? 0)
  })
  const first = group.reports[0]
  return {
    tool: {
      driver: {
        name: TOOL_NAME,
        fullName: 'S4E security scan (s4e-trigger-scan)',
        informationUri: TOOL_INFORMATION_URI,
        version: PROJECT_VERSION,
        semanticVersion: PROJECT_VERSION,
        rules: ruleIds.map((ruleId) => ruleFor(ruleId, findingsByRule.get(ruleId) ?? []))
      }
    },
    // One category per scan type, whatever assets were scanned: an asset no longer scanned has its alerts closed.
    automationDetails: { id: group.category },
    invocations: group.reports.map(invocationFor),
    results,
    properties: {
      ...(first !== undefined ? { apiUrl: first.apiUrl, generatedAt: first.generatedAt } : {}),
      scanType: group.scanType,
      assets: group.reports.length
    }
  }
}

/** What the log leaves out, for the warnings and notes of the step. */
export interface SarifLeftOut {
  /** Findings left out to stay within GitHub's limits, the least severe. */
  readonly results: number
  /** Findings that would have gone in. */
  readonly resultsTotal: number
  /** Scan types left out because the file holds at most 20 runs. */
  readonly scanTypes: readonly string[]
  /** Scan types left out because one of their scans did not complete (their alerts must not close). */
  readonly incomplete: readonly string[]
}

export interface SarifLogOfScans {
  readonly log: Log
  readonly leftOut: SarifLeftOut
}

function groupsOf(reports: readonly ScanReport[]): ScanTypeGroup[] {
  const groups = new Map<string, ScanTypeGroup>()
  for (const report of reports) {
    const category = categoryFor(report.scan.scanType)
    const group = groups.get(category)
    if (group === undefined) groups.set(category, { category, scanType: redactSecrets(report.scan.scanType), reports: [report] })
    else group.reports.push(report)
  }
  return [...groups.values()].sort((a, b) => a.category.localeCompare(b.category))
}

/** The JSON text of a log as upload-sarif sends it (before gzip): compact. */
function serialise(log: Log): string {
  return JSON.stringify(log)
}

function uploadBytes(text: string): number {
  // Base64 length of the gzip, as upload-sarif sends it.
  return Math.ceil(gzipSync(text).length / 3) * 4
}

/**
 * The one SARIF 2.1.0 log of a step's scans, shaped for GitHub code scanning (docs/design.md,
 * "SARIF for code scanning"): one run per scan type holding every asset's results, category
 * `s4e/<scan type>/`; one rule per kind of finding; a placeholder location per asset; fingerprints
 * stable per finding. Within GitHub's limits: at most 20 runs, 5,000 results per run (the most
 * severe) and 10 MB uploaded; what is left out is counted in `leftOut`. A scan type with a scan that
 * did not complete is left out whole, so code scanning does not close alerts nobody looked at.
 * Every registered secret is redacted.
 */
export function buildSarifLog(reports: readonly ScanReport[]): SarifLogOfScans {
  const incomplete: string[] = []
  const complete: ScanTypeGroup[] = []
  for (const group of groupsOf(reports)) {
    if (group.reports.every((report) => report.scan.status === 'completed')) complete.push(group)
    else incomplete.push(group.scanType)
  }
  const entriesOfGroup = new Map(complete.map((group) => [group, group.reports.flatMap(entriesOf).sort(compareEntries)]))
  // Over 20 scan types: the runs with the most severe findings stay.
  const worst = (group: ScanTypeGroup) => entriesOfGroup.get(group)?.[0]
  const byWorst = [...complete].sort((a, b) => {
    const [x, y] = [worst(a), worst(b)]
    if (x === undefined || y === undefined) return (x === undefined ? 1 : 0) - (y === undefined ? 1 : 0) || a.category.localeCompare(b.category)
    return compareEntries(x, y)
  })
  const kept = new Set(byWorst.slice(0, MAX_SARIF_RUNS))
  const groups = complete.filter((group) => kept.has(group))
  const scanTypesLeftOut = complete.filter((group) => !kept.has(group)).map((group) => group.scanType)

  // Candidates of every run, most severe first across the file, so a cut drops the least severe anywhere.
  const groupOf = new Map<Entry, ScanTypeGroup>()
  for (const group of groups) for (const entry of entriesOfGroup.get(group) ?? []) groupOf.set(entry, group)
  const candidates = [...groupOf.keys()].sort(compareEntries)
  const perRun = new Map<ScanTypeGroup, number>()
  const accepted: Entry[] = []
  let rawBytes = 0
  for (const entry of candidates) {
    const group = groupOf.get(entry)
    if (group === undefined) continue
    const count = perRun.get(group) ?? 0
    if (count >= MAX_SARIF_RESULTS) continue
    // A result's size with its rule (counted for every result: an upper bound).
    const size = JSON.stringify(resultFor(entry, ruleIdFor(entry.finding.title), 0)).length + JSON.stringify(helpFor(entry.finding)).length
    if (rawBytes + size > MAX_RAW_BYTES) break
    rawBytes += size
    perRun.set(group, count + 1)
    accepted.push(entry)
  }

  const assemble = (entries: readonly Entry[]): Log => {
    const inRun = new Set(entries)
    const runs = groups.map((group) =>
      runFor(
        group,
        (entriesOfGroup.get(group) ?? []).filter((entry) => inRun.has(entry))
      )
    )
    return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs }
  }
  let count = accepted.length
  let log = assemble(accepted)
  for (let bytes = uploadBytes(serialise(log)); bytes >= MAX_SARIF_UPLOAD_BYTES && count > 0; bytes = uploadBytes(serialise(log))) {
    count = Math.floor((count * 0.9 * MAX_SARIF_UPLOAD_BYTES) / bytes)
    log = assemble(accepted.slice(0, count))
  }
  return { log, leftOut: { results: candidates.length - count, resultsTotal: candidates.length, scanTypes: scanTypesLeftOut, incomplete } }
}

/** What writing the log did: whether a file was written, warnings for the step, and lines for the log. */
export interface SarifWritten {
  readonly written: boolean
  readonly warnings: readonly string[]
  readonly notes: readonly string[]
}

function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`
}

/** The warnings and notes of what the log leaves out. */
export function leftOutSentences(leftOut: SarifLeftOut): { warnings: string[]; notes: string[] } {
  const warnings: string[] = []
  const notes: string[] = []
  if (leftOut.results > 0) {
    warnings.push(
      `The SARIF log leaves out ${plural(leftOut.results, 'finding', 'findings')} of ${leftOut.resultsTotal.toLocaleString('en-US')}, the least severe, to stay within GitHub's upload limits (${MAX_SARIF_RESULTS.toLocaleString('en-US')} results per run, 10 MB per file): the findings file has them all.`
    )
  }
  if (leftOut.scanTypes.length > 0) {
    warnings.push(
      `The SARIF log leaves out the findings of ${plural(leftOut.scanTypes.length, 'scan type', 'scan types')} (${leftOut.scanTypes.join(', ')}): GitHub takes at most ${MAX_SARIF_RUNS} runs per file, one per scan type here, so the scan types with the most severe findings were kept; the findings file has them all.`
    )
  }
  if (leftOut.incomplete.length > 0) {
    notes.push(
      `The SARIF log leaves out scan type ${leftOut.incomplete.join(', ')}: a scan of it did not complete, so code scanning keeps those alerts as they were instead of closing them.`
    )
  }
  return { warnings, notes }
}

/**
 * Writes the one SARIF log of the scans to an absolute path, creating missing folders; a symlink
 * there is replaced. Writes nothing when no scan type has a run (an empty log would close every alert).
 */
export async function writeSarifLog(path: string, reports: readonly ScanReport[]): Promise<SarifWritten> {
  const { log, leftOut } = buildSarifLog(reports)
  const { warnings, notes } = leftOutSentences(leftOut)
  if (log.runs.length === 0) return { written: false, warnings, notes }
  await writeFileAtomically(path, `${serialise(log)}\n`)
  return { written: true, warnings, notes }
}
