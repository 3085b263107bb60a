import { createHash } from 'node:crypto'
import type { Log, ReportingDescriptor, Result, Run } from 'sarif'
import { SEVERITIES, type Finding, type Severity } from '../../core/api-types.js'
import { writeFileAtomically } from '../../core/output-file.js'
import { redactSecrets } from '../../core/secrets.js'
import { PROJECT_VERSION } from '../../core/version.js'
import { redactFinding } from './redacted-finding.js'
import type { ScanReport } from '../scan-report.js'

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json'
export const TOOL_NAME = 'S4E'
export const TOOL_INFORMATION_URI = 'https://docs.s4e.io'
/** Folder of the placeholder paths results point at: a finding has a URL, not a file in the repository. */
export const PLACEHOLDER_FOLDER = '.github/s4e'
/** GitHub stores only the 5,000 most severe results of a run (and rejects runs over 25,000). */
export const MAX_SARIF_RESULTS = 5000
export const FINGERPRINT_KEY = 's4eFinding/v1'

// Keeps one huge description from pushing the file towards GitHub's 10 MB upload limit.
const MAX_TEXT_LENGTH = 4000
const RULE_ID_PREFIX = 's4e/'
const MAX_SLUG_LENGTH = 80

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

/**
 * One rule per kind of finding: S4E findings have no type field, so the kind is the title. Titles
 * that differ only in case or punctuation are the same kind; a title with no letters or digits
 * (another script) gets a hash instead of an empty slug.
 */
export function ruleIdFor(title: string): string {
  const slug = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  if (slug === '') return `${RULE_ID_PREFIX}${shortHash(title.trim().toLowerCase())}`
  if (slug.length <= MAX_SLUG_LENGTH) return `${RULE_ID_PREFIX}${slug}`
  // Two long titles sharing their first 80 characters must still be two rules.
  return `${RULE_ID_PREFIX}${slug.slice(0, MAX_SLUG_LENGTH).replace(/-+$/, '')}-${shortHash(slug)}`
}

/** A path segment for the asset: names are domains, IPs or CIDR ranges, so `/` and `:` are replaced. */
export function assetPathSegment(report: Pick<ScanReport, 'asset'>): string {
  const label = report.asset.name ?? report.asset.id
  return label.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_') || '_'
}

/**
 * Same finding on the same asset → same value on every run, so GitHub keeps one alert open instead
 * of opening a new one each time. Finding ids are left out on purpose: they change with every scan.
 * Two findings of one kind at one URL therefore share a value, and GitHub shows them as one alert.
 */
export function findingFingerprint(assetId: string, ruleId: string, url: string | undefined): string {
  return createHash('sha256')
    .update([assetId, ruleId, url ?? ''].join('\u0000'))
    .digest('hex')
}

function clip(text: string): string {
  return text.length <= MAX_TEXT_LENGTH ? text : `${text.slice(0, MAX_TEXT_LENGTH - 1)}…`
}

const severityRank = (severity: Severity): number => SEVERITIES.indexOf(severity)

function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    (b.cvss ?? -1) - (a.cvss ?? -1) ||
    a.title.localeCompare(b.title) ||
    (a.url ?? '').localeCompare(b.url ?? '') ||
    a.id.localeCompare(b.id)
  )
}

function helpFor(finding: Finding): { text: string; markdown: string } {
  const text: string[] = []
  const markdown: string[] = []
  if (finding.description !== undefined) {
    text.push(finding.description)
    markdown.push(finding.description)
  }
  if (finding.remediation !== undefined) {
    text.push(`Remediation: ${finding.remediation}`)
    markdown.push(`**Remediation**\n\n${finding.remediation}`)
  }
  if (finding.references.length > 0) {
    text.push(`References: ${finding.references.join(' ')}`)
    markdown.push(`**References**\n\n${finding.references.map((reference) => `- ${reference}`).join('\n')}`)
  }
  if (text.length === 0) {
    text.push(`${finding.title} (reported by S4E).`)
    markdown.push(`${finding.title} (reported by S4E).`)
  }
  return { text: clip(text.join('\n\n')), markdown: clip(markdown.join('\n\n')) }
}

function ruleFor(ruleId: string, findings: Finding[]): ReportingDescriptor {
  // findings are sorted most severe first, so the first one speaks for the rule.
  const first = findings[0]
  if (first === undefined) throw new Error(`SARIF rule ${ruleId} has no findings.`)
  const highestScore = findings
    .map((finding) => securitySeverity(finding))
    .filter((score): score is string => score !== undefined)
    .sort((a, b) => Number(b) - Number(a))[0]
  const helpUri = first.references.find((reference) => /^https?:\/\/\S+$/i.test(reference))
  return {
    id: ruleId,
    name: first.title,
    shortDescription: { text: clip(first.title) },
    fullDescription: { text: clip(first.description ?? first.title) },
    help: helpFor(first),
    ...(helpUri !== undefined ? { helpUri } : {}),
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

function resultFor(finding: Finding, ruleId: string, ruleIndex: number, report: ScanReport, assetLabel: string, uri: string): Result {
  const score = securitySeverity(finding)
  return {
    ruleId,
    ruleIndex,
    level: sarifLevel(finding.severity),
    kind: 'fail',
    message: { text: messageFor(finding, assetLabel) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri },
          region: { startLine: 1 }
        },
        message: { text: finding.url ?? assetLabel }
      }
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: findingFingerprint(report.asset.id, ruleId, finding.url) },
    properties: {
      findingId: finding.id,
      severity: finding.severity,
      ...(finding.cvss !== undefined ? { cvss: finding.cvss } : {}),
      ...(score !== undefined ? { 'security-severity': score } : {}),
      status: finding.status,
      ...(finding.url !== undefined ? { url: finding.url } : {}),
      asset: assetLabel,
      assetId: report.asset.id,
      scanId: finding.scanId ?? report.scan.scanId,
      ...(finding.discoveredAt !== undefined ? { discoveredAt: finding.discoveredAt } : {})
    }
  }
}

/**
 * A SARIF 2.1.0 log of the findings the gate counted (with a baseline: every open finding, each
 * with its `baselineState`), shaped for GitHub code scanning: one run,
 * one rule per kind of finding, a placeholder file location per result (see PLACEHOLDER_FOLDER),
 * and fingerprints that stay the same across runs. Every registered secret is redacted.
 */
export function buildSarifLog(report: ScanReport): Log {
  const assetLabel = redactSecrets(report.asset.name ?? report.asset.id)
  const uri = `${PLACEHOLDER_FOLDER}/${assetPathSegment({ asset: { id: report.asset.id, name: assetLabel } })}`
  // With a baseline, every open finding goes in (the ones already there as `unchanged`), so code
  // scanning keeps their alerts open instead of closing them as fixed.
  const compared = report.baseline?.state === 'compared' ? report.baseline.match : undefined
  const states = new Map<Finding, BaselineState>()
  for (const finding of compared?.new ?? []) states.set(finding, 'new')
  for (const finding of compared?.existing ?? []) states.set(finding, 'unchanged')
  const reported = compared !== undefined ? [...compared.new, ...compared.existing] : report.gate.counted
  const stateOf = new Map<Finding, BaselineState>()
  const counted = reported
    .map((finding) => {
      const clean = redactFinding(finding)
      const state = states.get(finding)
      if (state !== undefined) stateOf.set(clean, state)
      return clean
    })
    .sort(compareFindings)
  const kept = counted.slice(0, MAX_SARIF_RESULTS)

  const findingsByRule = new Map<string, Finding[]>()
  for (const finding of kept) {
    const ruleId = ruleIdFor(finding.title)
    const group = findingsByRule.get(ruleId)
    if (group === undefined) findingsByRule.set(ruleId, [finding])
    else group.push(finding)
  }
  const ruleIds = [...findingsByRule.keys()]
  const rules = ruleIds.map((ruleId) => ruleFor(ruleId, findingsByRule.get(ruleId) ?? []))
  const ruleIndex = new Map(ruleIds.map((ruleId, index) => [ruleId, index]))

  const results = kept.map((finding) => {
    const ruleId = ruleIdFor(finding.title)
    const result = resultFor(finding, ruleId, ruleIndex.get(ruleId) ?? 0, report, assetLabel, uri)
    const baselineState = stateOf.get(finding)
    return baselineState !== undefined ? { ...result, baselineState } : result
  })

  const run: Run = {
    tool: {
      driver: {
        name: TOOL_NAME,
        fullName: 'S4E security scan (s4e-trigger-scan)',
        informationUri: TOOL_INFORMATION_URI,
        version: PROJECT_VERSION,
        semanticVersion: PROJECT_VERSION,
        rules
      }
    },
    // One category per asset, so the logs of several assets upload side by side instead of replacing each other.
    automationDetails: { id: `s4e/${assetPathSegment({ asset: { id: report.asset.id, name: assetLabel } })}/` },
    invocations: [
      {
        executionSuccessful: true,
        ...(report.scan.startedAt !== undefined ? { startTimeUtc: report.scan.startedAt } : {}),
        endTimeUtc: report.scan.finishedAt ?? report.generatedAt
      }
    ],
    results,
    properties: {
      apiUrl: report.apiUrl,
      assetId: report.asset.id,
      asset: assetLabel,
      scanId: report.scan.scanId,
      scanType: report.scan.scanType,
      scanStatus: report.scan.status,
      gate: report.gate.verdict,
      failOn: report.gate.threshold,
      ...(report.baseline?.state === 'compared' ? { baselineScanId: report.baseline.scanId, gateOn: report.baseline.gateOn } : {}),
      generatedAt: report.generatedAt,
      ...(counted.length > kept.length ? { resultsLeftOut: counted.length - kept.length } : {})
    }
  }
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] }
}

/** Writes the SARIF log of the report to an absolute path, creating missing folders; a symlink there is replaced. */
export async function writeSarifLog(path: string, report: ScanReport): Promise<void> {
  await writeFileAtomically(path, `${JSON.stringify(buildSarifLog(report), null, 2)}\n`)
}

/** One SARIF log of several scans: one run per scan, each with its own category (s4e/<asset>/). */
export function buildSarifLogOfScans(reports: readonly ScanReport[]): Log {
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: reports.flatMap((report) => buildSarifLog(report).runs) }
}

/** Writes the SARIF log of several scans to an absolute path, as writeSarifLog does for one. */
export async function writeSarifLogOfScans(path: string, reports: readonly ScanReport[]): Promise<void> {
  await writeFileAtomically(path, `${JSON.stringify(buildSarifLogOfScans(reports), null, 2)}\n`)
}
