/**
 * The one report model of a step that scanned: N outcomes (N = 1 for one asset), each with the
 * facts every format shows of it. The renderers (job summary and PR comment, findings file,
 * outputs) and the writers all start from here. See docs/design.md, section "The report".
 */
import { SEVERITIES, type Finding, type Severity } from '../../core/api-types.js'
import { emptySeverityCounts } from '../../core/severity.js'
import type { ScanOutcome } from '../scan-outcome.js'
import type { GateVerdict, ScanReport } from '../scan-report.js'

/** What every format shows of one asset's scan, whether it was reported or broke. */
export interface ScanFacts {
  /** The asset's name, else its id. */
  readonly asset: string
  readonly assetId: string
  readonly scanId: string
  readonly scanType: string
  readonly status: string
  readonly durationSeconds?: number
  readonly gate: GateVerdict
  readonly counts: Readonly<Record<Severity, number>>
  readonly counted: number
  readonly baselineScanId: string
  readonly newCount: number
  readonly existingCount: number
  readonly fixedCount: number
  /** The completed or not-completed report, when the scan did not break. */
  readonly report?: ScanReport
  /** The sentence a broken scan ended with. */
  readonly broken?: string
}

/** One step's report: its outcomes in input order, with their facts, and the reports of the scans that did not break. */
export interface RunReport {
  readonly outcomes: readonly ScanOutcome[]
  readonly facts: readonly ScanFacts[]
  readonly reports: readonly ScanReport[]
  /** The scans that completed: the ones with findings to write. */
  readonly completed: readonly ScanReport[]
  /** A baseline input was given: the outputs and the tables show the comparison. */
  readonly withBaseline: boolean
}

/**
 * The findings of this scan that got worse since the baseline (they count as new), each with the
 * severity its baseline match had: what every format shows as "new (was low)".
 */
export function previousSeverities(report: ScanReport): ReadonlyMap<Finding, Severity> {
  const worse = report.baseline?.state === 'compared' ? report.baseline.match.worse : []
  return new Map(worse.map((item) => [item.finding, item.baselineSeverity]))
}

/** ` (1 got worse)` after a count of new findings, when some did. */
export function gotWorseNote(count: number): string {
  return count > 0 ? ` (${count} got worse)` : ''
}

/** `scan s-1` or `scans s-1, s-2`. */
export function scansNamed(ids: readonly string[]): string {
  return `${ids.length === 1 ? 'scan' : 'scans'} ${ids.join(', ')}`
}

function factsOf(outcome: ScanOutcome): ScanFacts {
  if (outcome.kind === 'broken') {
    const { known } = outcome
    return {
      asset: known.assetName ?? known.assetId ?? '',
      assetId: known.assetId ?? '',
      scanId: known.scanId ?? '',
      scanType: '',
      status: known.status ?? '',
      gate: 'skipped',
      counts: emptySeverityCounts(),
      counted: 0,
      baselineScanId: '',
      newCount: 0,
      existingCount: 0,
      fixedCount: 0,
      broken: outcome.message
    }
  }
  const { report } = outcome
  const compared = report.baseline?.state === 'compared' ? report.baseline : undefined
  const gated = report.gate.verdict !== 'skipped'
  return {
    asset: report.asset.name ?? report.asset.id,
    assetId: report.asset.id,
    scanId: report.scan.scanId,
    scanType: report.scan.scanType,
    status: report.scan.status,
    durationSeconds: report.scan.durationSeconds,
    gate: report.gate.verdict,
    counts: report.gate.countsBySeverity,
    counted: report.gate.counted.length,
    baselineScanId: compared?.scanId ?? '',
    // Without a baseline to compare with, every open finding is new.
    newCount: compared !== undefined ? compared.match.new.length : gated ? report.gate.counted.length : 0,
    existingCount: compared?.match.existing.length ?? 0,
    fixedCount: compared?.match.fixed.length ?? 0,
    report
  }
}

/** The report model of a step's outcomes. */
export function runReportOf(outcomes: readonly ScanOutcome[], withBaseline: boolean): RunReport {
  const reports = outcomes.flatMap((outcome) => (outcome.kind === 'reported' ? [outcome.report] : []))
  return {
    outcomes,
    facts: outcomes.map(factsOf),
    reports,
    completed: reports.filter((report) => report.scan.status === 'completed'),
    withBaseline
  }
}

const STATUS_PRECEDENCE = ['timed-out', 'failed', 'cancelled']

/** One status for the set: completed when all completed, else the most telling one. */
export function overallStatus(statuses: readonly string[]): string {
  if (statuses.length <= 1) return statuses[0] ?? ''
  if (statuses.every((status) => status === 'completed')) return 'completed'
  return STATUS_PRECEDENCE.find((status) => statuses.includes(status)) ?? statuses.find((status) => status !== 'completed') ?? ''
}

/** One verdict for the set: failed if any failed, else skipped if any was skipped, else passed. */
export function overallGate(gates: readonly GateVerdict[]): GateVerdict {
  if (gates.includes('failed')) return 'failed'
  if (gates.length === 0 || gates.includes('skipped')) return 'skipped'
  return 'passed'
}

/** The counts of every severity as an object, in severity order. */
export function countsObject(counts: Readonly<Record<Severity, number>>): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((severity) => [severity, counts[severity]])) as Record<Severity, number>
}
