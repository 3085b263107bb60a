// Scans seeded as already finished (a production baseline) and findings chosen for an asset's scans.
import { classifyAsset } from './asset-validation.js'
import type { AssetRegistry } from './assets.js'
import type { FindingPlacement, FindingRecord } from './findings-seed.js'
import type { ScanRegistry } from './scans.js'
import type { ResponseShape, Severity } from './emulator-options.js'
import { idText, type FindingStatus } from './shapes.js'

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
    cvss: CVSS[finding.severity],
    status: finding.status ?? 'open',
    path: finding.path ?? '/',
    placement: finding.placement ?? 'url',
    port: finding.port,
    parameter: finding.parameter,
    description: `${finding.title} (chosen finding).`,
    remediation: 'Fix it.',
    references: [],
    discoveredAtMs: scanCreatedAtMs + (index + 1) * 1000
  }))
}

const DEFAULT_AGE_MINUTES = 60

/** Adds a completed scan of the asset (registering it when needed) and returns its id as clients see it. */
export function seedScan(state: { assets: AssetRegistry; scans: ScanRegistry; shape: ResponseShape }, spec: SeededScan, nowMs: number): string {
  const classified = classifyAsset(spec.asset)
  if (!classified.ok) throw new Error(`The seeded scan's asset "${spec.asset}" ${classified.reason}.`)
  state.assets.register([{ name: classified.name, type: classified.type }], { description: null, source: 'manuel', nowMs })
  const asset = state.assets.find((record) => record.name === classified.name)
  if (asset === undefined) throw new Error(`The seeded scan's asset "${spec.asset}" could not be registered.`)
  const createdAtMs = nowMs - (spec.ageMinutes ?? DEFAULT_AGE_MINUTES) * 60_000
  const scan = state.scans.addSettled(asset, spec.scanType ?? 'quick', createdAtMs, 'completed', (serial) =>
    chosenFindingRecords(spec.findings, serial, createdAtMs)
  )
  return idText(state.shape, 'scan', scan.serial)
}
