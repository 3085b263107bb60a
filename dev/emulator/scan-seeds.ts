// Scans that exist before a test starts, or that "another run" creates at a chosen moment.
import { classifyAsset } from './asset-validation.js'
import type { AssetRegistry } from './assets.js'
import type { ScanSeed, ScanStatus } from './emulator-options.js'
import { SCAN_TYPES, type ScanRecord, type ScanRegistry } from './scans.js'
import { chosenFindingRecords, type SeededScan } from './seeded-scans.js'

const DEFAULT_SEED_SCAN_TYPE = 'quick'
// A baseline seeded without an age was made a while before the run.
const DEFAULT_COMPLETED_AGE_MINUTES = 60
const SEED_STATUSES: readonly ScanStatus[] = ['queued', 'running', 'completed', 'failed', 'cancelled']

/** Checks a scan seed from a test or the command line; throws one sentence on a bad one. */
export function validateScanSeed(input: unknown): ScanSeed {
  if (typeof input !== 'object' || input === null) throw new Error('A scan seed must be a JSON object.')
  const seed = input as Partial<ScanSeed>
  if (typeof seed.asset !== 'string' || !classifyAsset(seed.asset).ok) throw new Error('A scan seed needs an asset name such as "app.example.com".')
  if (seed.scanType !== undefined && !(SCAN_TYPES as readonly string[]).includes(seed.scanType))
    throw new Error(`A scan seed type must be one of ${SCAN_TYPES.join(', ')}.`)
  if (seed.status !== undefined && !SEED_STATUSES.includes(seed.status)) throw new Error(`A scan seed status must be one of ${SEED_STATUSES.join(', ')}.`)
  if (seed.serial !== undefined && !(Number.isInteger(seed.serial) && seed.serial >= 1))
    throw new Error('A scan seed serial must be a whole number, 1 or more.')
  if (seed.serial !== undefined && seed.onRoute !== undefined) throw new Error('A scan seed has a serial or an onRoute, not both.')
  for (const key of ['ageSeconds', 'appearAfterMs'] as const) {
    const value = seed[key]
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) throw new Error(`A scan seed ${key} must be a number, 0 or more.`)
  }
  if (seed.onRoute !== undefined && !/^[A-Z]+ \/\S*$/.test(seed.onRoute))
    throw new Error('A scan seed onRoute must be a route such as "POST /api/scan/create".')
  return seed as ScanSeed
}

/**
 * Parses the command-line form `ASSET,KEY=VALUE…` with keys type, status, age (seconds), after (ms)
 * and on (a route). Example: `app.example.com,type=quick,status=completed,age=20`.
 */
export function parseScanSeedArgument(text: string): ScanSeed {
  const [asset, ...pairs] = text.split(',').map((part) => part.trim())
  const seed: Record<string, unknown> = { asset }
  for (const pair of pairs) {
    const match = /^(type|status|age|after|on|serial)=(.+)$/.exec(pair)
    if (!match) throw new Error(`The scan seed part "${pair}" is not one of type=, status=, age=, after=, on= or serial=.`)
    const [, key, value] = match
    if (key === 'type') seed.scanType = value
    else if (key === 'status') seed.status = value
    else if (key === 'age') seed.ageSeconds = Number(value)
    else if (key === 'after') seed.appearAfterMs = Number(value)
    else if (key === 'serial') seed.serial = Number(value)
    else seed.onRoute = value
  }
  return validateScanSeed(seed)
}

export class ScanSeeder {
  private readonly waiting = new Map<string, ScanSeed[]>()

  constructor(
    private readonly assets: AssetRegistry,
    private readonly scans: ScanRegistry,
    private readonly now: () => number,
    private readonly later: (ms: number, work: () => void) => void
  ) {}

  /** Creates the scan now, after its delay, or once its route is first requested. */
  add(input: ScanSeed): void {
    const seed = validateScanSeed(input)
    if (seed.onRoute !== undefined) {
      this.waiting.set(seed.onRoute, [...(this.waiting.get(seed.onRoute) ?? []), seed])
      return
    }
    this.schedule(seed)
  }

  /** Called for every API request, before it is answered. */
  routeRequested(routeKey: string): void {
    const due = this.waiting.get(routeKey)
    if (due === undefined) return
    this.waiting.delete(routeKey)
    for (const seed of due) this.schedule(seed)
  }

  private schedule(seed: ScanSeed): void {
    if ((seed.appearAfterMs ?? 0) > 0) this.later(seed.appearAfterMs ?? 0, () => this.create(seed))
    else this.create(seed)
  }

  /** A completed scan with chosen findings that existed before the run (a baseline), created now. */
  addCompleted(spec: SeededScan): ScanRecord {
    const scan = this.create({
      asset: spec.asset,
      scanType: spec.scanType,
      status: 'completed',
      ageSeconds: (spec.ageMinutes ?? DEFAULT_COMPLETED_AGE_MINUTES) * 60
    })
    if (scan === undefined) throw new Error(`The seeded scan's asset "${spec.asset}" is not a valid asset name.`)
    scan.findings = chosenFindingRecords(spec.findings, scan.serial, scan.createdAtMs)
    return scan
  }

  private create(seed: ScanSeed): ScanRecord | undefined {
    const nowMs = this.now()
    const name = seed.asset.toLowerCase()
    let asset = this.assets.find((candidate) => candidate.name === name)
    if (asset === undefined) {
      const classified = classifyAsset(name)
      if (!classified.ok) return undefined
      this.assets.register([{ name: classified.name, type: classified.type }], { description: null, source: 'manuel', nowMs })
      asset = this.assets.find((candidate) => candidate.name === classified.name)
      if (asset === undefined) return undefined
    }
    return this.scans.create(asset, seed.scanType ?? DEFAULT_SEED_SCAN_TYPE, 'normal', nowMs, {
      createdAtMs: nowMs - (seed.ageSeconds ?? 0) * 1000,
      fixedStatus: seed.status,
      serial: seed.serial
    })
  }
}
