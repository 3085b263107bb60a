// Scans and how they progress: by elapsed time, or by the number of status requests.
import type { ScanStatus } from './emulator-options.js'
import type { AssetRecord } from './assets.js'
import { seedFindings, type FindingRecord } from './findings-seed.js'

export const SCAN_TYPES = ['full', 'quick', 'custom', 'api_discovery', 'ssl', 'dns', 'port', 'web_app', 'network', 'api'] as const
export const SCAN_PRIORITIES = ['low', 'normal', 'high'] as const

/** Assets whose name starts with these prefixes get scans that end `failed` or `cancelled`. */
export const FAILING_ASSET_PREFIX = 'fail-'
export const CANCELLED_ASSET_PREFIX = 'cancel-'
/** A scan of such an asset keeps running for good: a client waiting for it times out. */
export const NEVER_ENDING_ASSET_PREFIX = 'slow-'

const FIRST_SCAN_SERIAL = 2001
// The first tenth of a timed scan is spent queued.
const QUEUED_FRACTION = 0.1
const FAILED_SCAN_PROGRESS = 40
const MS_PER_MINUTE = 60_000

export interface ScanRecord {
  serial: number
  asset: AssetRecord
  scanType: string
  priority: string
  createdAtMs: number
  /** When the scan starts to show in GET /api/scans (createdAtMs plus the listing delay). */
  listedFromMs: number
  /** A seeded scan keeps this status instead of progressing. */
  fixedStatus?: ScanStatus
  statusRequests: number
  /** Set once the scan has reached a terminal status. */
  findings: FindingRecord[] | null
}

export interface ScanProgress {
  status: ScanStatus
  progress: number
  currentPhase: string
}

export interface ScanTimingOptions {
  scanDurationMs: number
  scanPollsToComplete: number | undefined
  seed: number | string
  findingsPerScan: number
  /** How long after its creation a scan starts to show in listings (default 0). */
  listingDelayMs?: number
  /** The first scan's serial (default 2001): distinct emulators of one workflow give distinct scan ids. */
  firstSerial?: number
  /** Findings chosen for the scans of an asset, instead of generated ones. */
  chosenFindings?: (scan: ScanRecord) => FindingRecord[] | undefined
}

export interface CreateScanDetails {
  /** Creation time; defaults to nowMs (a seeded scan may be older). */
  createdAtMs?: number
  fixedStatus?: ScanStatus
  /** A chosen serial (a scan another emulator made, seeded here for a fan-in job); later scans follow it. */
  serial?: number
}

export class ScanRegistry {
  private readonly scans: ScanRecord[] = []
  private nextSerial: number

  constructor(private readonly timing: ScanTimingOptions) {
    this.nextSerial = timing.firstSerial ?? FIRST_SCAN_SERIAL
  }

  create(asset: AssetRecord, scanType: string, priority: string, nowMs: number, details: CreateScanDetails = {}): ScanRecord {
    const createdAtMs = details.createdAtMs ?? nowMs
    const scan: ScanRecord = {
      serial: details.serial ?? this.nextSerial,
      asset,
      scanType,
      priority,
      createdAtMs,
      listedFromMs: nowMs + (this.timing.listingDelayMs ?? 0),
      fixedStatus: details.fixedStatus,
      statusRequests: 0,
      findings: null
    }
    this.nextSerial = Math.max(this.nextSerial, scan.serial + 1)
    this.scans.push(scan)
    return scan
  }

  all(): ScanRecord[] {
    return [...this.scans]
  }

  /** Newest first. */
  ofAsset(asset: AssetRecord): ScanRecord[] {
    return this.scans.filter((scan) => scan.asset === asset).reverse()
  }

  find(predicate: (scan: ScanRecord) => boolean): ScanRecord | undefined {
    return this.scans.find(predicate)
  }

  estimatedDurationSeconds(): number {
    return Math.ceil(this.timing.scanDurationMs / 1000)
  }

  estimatedDurationMinutes(): number {
    return Math.max(1, Math.ceil(this.timing.scanDurationMs / MS_PER_MINUTE))
  }

  /** Answers a status request: counts it, then reports the progress. */
  poll(scan: ScanRecord, nowMs: number): ScanProgress {
    scan.statusRequests += 1
    return this.progress(scan, nowMs, scan.statusRequests)
  }

  /** Progress without counting a status request (inspection, findings). */
  peek(scan: ScanRecord, nowMs: number): ScanProgress {
    return this.progress(scan, nowMs, scan.statusRequests)
  }

  private progress(scan: ScanRecord, nowMs: number, statusRequests: number): ScanProgress {
    if (scan.fixedStatus !== undefined) return this.fixed(scan, scan.fixedStatus)
    if (scan.asset.name.startsWith(NEVER_ENDING_ASSET_PREFIX)) return this.fixed(scan, 'running')
    const fraction = this.completedFraction(scan, nowMs, statusRequests)
    if (fraction >= 1) return this.finish(scan)
    if (fraction < QUEUED_FRACTION) return { status: 'queued', progress: 0, currentPhase: 'queued' }
    const progress = Math.min(99, Math.floor(fraction * 100))
    return { status: 'running', progress, currentPhase: runningPhase(progress) }
  }

  private completedFraction(scan: ScanRecord, nowMs: number, statusRequests: number): number {
    const polls = this.timing.scanPollsToComplete
    if (polls !== undefined) {
      if (statusRequests >= polls) return 1
      if (statusRequests <= 1) return 0
      return (statusRequests - 1) / (polls - 1)
    }
    if (this.timing.scanDurationMs <= 0) return statusRequests > 0 ? 1 : 0
    return (nowMs - scan.createdAtMs) / this.timing.scanDurationMs
  }

  private fixed(scan: ScanRecord, status: ScanStatus): ScanProgress {
    if (status === 'completed') return this.finish(scan, status)
    if (status === 'queued') return { status, progress: 0, currentPhase: 'queued' }
    if (status === 'running') return { status, progress: 50, currentPhase: runningPhase(50) }
    return { status, progress: FAILED_SCAN_PROGRESS, currentPhase: status }
  }

  private finish(scan: ScanRecord, status = terminalStatus(scan.asset.name)): ScanProgress {
    if (status !== 'completed') return { status, progress: FAILED_SCAN_PROGRESS, currentPhase: status }
    scan.findings ??=
      this.timing.chosenFindings?.(scan) ??
      seedFindings({
        seed: this.timing.seed,
        scanSerial: scan.serial,
        assetName: scan.asset.name,
        assetType: scan.asset.type,
        count: this.timing.findingsPerScan,
        scanCreatedAtMs: scan.createdAtMs
      })
    return { status, progress: 100, currentPhase: 'done' }
  }
}

function terminalStatus(assetName: string): ScanStatus {
  if (assetName.startsWith(FAILING_ASSET_PREFIX)) return 'failed'
  if (assetName.startsWith(CANCELLED_ASSET_PREFIX)) return 'cancelled'
  return 'completed'
}

function runningPhase(progress: number): string {
  if (progress < 30) return 'discovery'
  if (progress < 80) return 'vulnerability_scan'
  return 'reporting'
}
