import { tmpdir } from 'node:os'
import path from 'node:path'
import { writeFileAtomically } from '../../core/output-file.js'
import { resolveWorkspacePath } from '../output-paths.js'
import type { Finding } from '../../core/api-types.js'
import { redactSecrets } from '../../core/secrets.js'
import { redactFinding } from './redacted-finding.js'
import type { ScanReport } from '../scan-report.js'
import { previousSeverities, scansNamed } from './report-model.js'

export { findingsFileProbePath, resolveWorkspacePath } from '../output-paths.js'

const MAX_ID_IN_FILE_NAME = 100

/** The findings-file input, or `<RUNNER_TEMP>/s4e-findings-<scan-id>.json` when it is empty. */
export function findingsFilePath(given: string, scanId: string): string {
  if (given !== '') return resolveWorkspacePath(given)
  // A scan id is opaque: keep only characters that are safe in a file name, and no more than a file name holds.
  const safeId = scanId.slice(0, MAX_ID_IN_FILE_NAME).replace(/[^A-Za-z0-9._-]/g, '_')
  return path.join(process.env.RUNNER_TEMP || tmpdir(), `s4e-findings-${safeId}.json`)
}

/** What the findings file says of the baseline: the scan compared with and the counts, or why there was none. */
function baselineSection(report: ScanReport): Record<string, unknown> | undefined {
  const { baseline } = report
  if (baseline === undefined) return undefined
  if (baseline.state === 'missing') return { found: false, reason: redactSecrets(baseline.reason) }
  const { match } = baseline
  return {
    found: true,
    scanId: baseline.scanId,
    asset: baseline.assetLabel !== undefined ? redactSecrets(baseline.assetLabel) : undefined,
    gateOn: baseline.gateOn,
    newCount: match.new.length,
    worseCount: match.worse.length,
    existingCount: match.existing.length,
    fixedCount: match.fixed.length,
    fixed: match.fixed.map(redactFinding)
  }
}

/**
 * The findings file: `{"scan": {…}, "findings": […]}` with every finding of the scan, gated or not;
 * with a baseline, each open finding is marked `"baseline": "new"` or `"existing"`, and a new one
 * that got worse carries its baseline match's `"previousSeverity"`.
 */
export function findingsDocument(report: ScanReport): { scan: Record<string, unknown>; findings: unknown[] } {
  const compared = report.baseline?.state === 'compared' ? report.baseline.match : undefined
  const marks = new Map<Finding, 'new' | 'existing'>()
  for (const finding of compared?.new ?? []) marks.set(finding, 'new')
  for (const finding of compared?.existing ?? []) marks.set(finding, 'existing')
  const was = previousSeverities(report)
  return {
    scan: {
      scanId: report.scan.scanId,
      scanType: report.scan.scanType,
      status: report.scan.status,
      assetId: report.asset.id,
      assetName: report.asset.name,
      apiUrl: report.apiUrl,
      startedAt: report.scan.startedAt,
      finishedAt: report.scan.finishedAt,
      durationSeconds: report.scan.durationSeconds,
      gate: report.gate.verdict,
      failOn: report.gate.threshold,
      baseline: baselineSection(report),
      generatedAt: report.generatedAt
    },
    findings: report.findings.map((finding) => {
      const mark = marks.get(finding)
      if (mark === undefined) return redactFinding(finding)
      const previous = was.get(finding)
      return { ...redactFinding(finding), baseline: mark, ...(previous !== undefined ? { previousSeverity: previous } : {}) }
    })
  }
}

/** The findings file of a step: one asset keeps the single-scan shape, several assets get `{"scans": [{"scan": …, "findings": […]}, …]}`, in input order. */
export type FindingsFile = ReturnType<typeof findingsDocument> | { scans: ReturnType<typeof findingsDocument>[] }

/** The findings file of the completed scans; `assetCount` (the assets the step was given) chooses its shape. */
export function findingsFileOf(completed: readonly ScanReport[], assetCount: number): FindingsFile {
  const documents = completed.map(findingsDocument)
  const [only] = documents
  return assetCount === 1 && only !== undefined ? only : { scans: documents }
}

/** Writes the findings file of the completed scans (named after the first when findings-file is empty); returns its absolute path. */
export async function writeFindingsFile(given: string, completed: readonly ScanReport[], assetCount: number): Promise<string> {
  const file = findingsFilePath(given, completed[0]?.scan.scanId ?? 'none')
  await writeFileAtomically(file, `${JSON.stringify(findingsFileOf(completed, assetCount), null, 2)}\n`)
  return file
}

/**
 * The log line for a written findings file. It holds every finding, while findings-count counts
 * only what the gate counted, so the line says how the two numbers differ.
 */
export function findingsFileLine(completed: readonly ScanReport[], file: string): string {
  const sum = (pick: (report: ScanReport) => number) => completed.reduce((total, report) => total + pick(report), 0)
  const scans = scansNamed(completed.map((report) => report.scan.scanId))
  const total = sum((report) => report.findings.length)
  if (total === 0) return `Wrote the findings file of ${scans} to ${file}; ${completed.length === 1 ? 'the scan has' : 'the scans have'} no findings.`
  const counted = sum((report) => report.gate.counted.length)
  const triaged = sum((report) => report.gate.leftOut.triaged)
  const ignored = sum((report) => report.gate.leftOut.ignored)
  const existing = sum((report) => report.gate.leftOut.existing)
  const others = total - counted - triaged - ignored - existing
  const parts = [`${counted} counted by the gate`]
  if (triaged > 0) parts.push(`${triaged} triaged on S4E`)
  if (ignored > 0) parts.push(`${ignored} ignored by the ignore input`)
  if (existing > 0) parts.push(`${existing} already in the baseline`)
  if (others > 0) parts.push(`${others} naming another scan`)
  const all = total === 1 ? 'the 1 finding' : `all ${total} findings`
  return `Wrote ${all} of ${scans} to ${file} (${parts.join(', ')}).`
}
