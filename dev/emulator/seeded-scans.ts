// Findings chosen by a test or the demo, for a seeded baseline scan (ScanSeeder.addCompleted) or an asset's later scans.
import type { FindingPlacement, FindingRecord } from './findings-seed.js'
import type { Severity } from './emulator-options.js'
import type { FindingStatus } from './shapes.js'

/** A finding chosen by a test or the demo. */
export interface ChosenFinding {
  title: string
  severity: Severity
  /** Default `open`. */
  status?: FindingStatus
  /** Path (and query) on the asset's host; default `/`. */
  path?: string
  port?: number
  parameter?: string
  /** How the finding says where it was found; default `url` (a URL on the asset's host). */
  placement?: FindingPlacement
  /** The severity as sent, instead of the shape's spelling of `severity` (e.g. `crit`, `P1`, `ｈｉｇｈ`, the number `4`); `null` sends null, `missing` leaves it out. */
  severityAs?: string | number | null
  /** The CVSS score as sent; `null` leaves it out. Default: one that fits `severity`. */
  cvss?: number | null
  /** Fields added to the finding's answer as they are, e.g. one the API documents nowhere holding a secret. */
  extra?: Record<string, unknown>
}

/** A completed scan that existed before this run, e.g. the last scan of production. */
export interface SeededScan {
  /** Asset name; registered when it is not yet. */
  asset: string
  /** Default `quick`. */
  scanType?: string
  /** How long ago it was created; default 60. */
  ageMinutes?: number
  findings: ChosenFinding[]
}

const FINDING_SERIAL_FACTOR = 100
const CVSS: Record<Severity, number> = { critical: 9.8, high: 7.5, medium: 5.3, low: 3.1, info: 0 }

/** Emulator records of chosen findings, numbered after the scan like generated ones. */
export function chosenFindingRecords(findings: readonly ChosenFinding[], scanSerial: number, scanCreatedAtMs: number): FindingRecord[] {
  return findings.map((finding, index) => ({
    serial: scanSerial * FINDING_SERIAL_FACTOR + index + 1,
    title: finding.title,
    severity: finding.severity,
    cvss: finding.cvss === undefined ? CVSS[finding.severity] : finding.cvss,
    severityAs: finding.severityAs,
    status: finding.status ?? 'open',
    path: finding.path ?? '/',
    placement: finding.placement ?? 'url',
    port: finding.port,
    parameter: finding.parameter,
    description: `${finding.title} (chosen finding).`,
    remediation: 'Fix it.',
    references: [],
    discoveredAtMs: scanCreatedAtMs + (index + 1) * 1000,
    extra: finding.extra
  }))
}
