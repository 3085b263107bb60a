import { isJsonObject } from './response-body.js'
import { redactSecrets } from './secrets.js'
import { cvssOf, readSeverity, type Severity } from './severity.js'
import type { StringPool } from './string-pool.js'

export { SEVERITIES, type Severity } from './severity.js'

/** The `source` values docs/api.md ("Endpoints used") lists for bulk-asset-add (`manuel` is S4E's spelling). */
export const ASSET_SOURCES = [
  'manuel',
  's4e_subdomain_finder',
  's4e_iprange_extender',
  'digitalocean_integration',
  'cloudflare_integration',
  'wordpress_integration'
] as const
export type AssetSource = (typeof ASSET_SOURCES)[number]

/** Characters bulk-asset-add accepts in `description`. */
export const ASSET_DESCRIPTION_LENGTH = { min: 3, max: 300 } as const

export const TERMINAL_SCAN_STATUSES = new Set(['completed', 'failed', 'cancelled'])

export interface Asset {
  id: string
  name: string
  type?: string
  status?: string
}

export interface Scan {
  scanId: string
  assetId: string
  scanType: string
  status: string
  createdAt?: string
  /** Seconds, from estimated_duration or estimated_duration_minutes (docs/api.md, "Durations and locations"). */
  estimatedDurationSeconds?: number
}

export interface ScanProgress {
  scanId: string
  status: string
  progress?: number
  phase?: string
}

export interface Finding {
  id: string
  title: string
  /** Fails closed: see readSeverity in severity.ts. */
  severity: Severity
  /** Set only when the server's severity is one the API documents nowhere: its spelling (cut short) and how the severity was read instead. */
  undocumentedSeverity?: { readonly spelling: string; readonly from: 'cvss' | 'assumed' }
  cvss?: number
  /** Normalised: lower case, any run of spaces, hyphens and underscores as one underscore (`False Positive` → `false_positive`). */
  status: string
  scanId?: string
  assetName?: string
  /** Where it was found, when the server says: a URL, a path, a port, a parameter. */
  url?: string
  path?: string
  port?: string
  parameter?: string
  description?: string
  remediation?: string
  references: string[]
  discoveredAt?: string
}

/** docs/api.md, "Ids": ids may be strings or integers; they are opaque strings here, trimmed, their case kept. */
export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim()
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return undefined
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
}

function numberOf(value: unknown): number | undefined {
  if (value === null || value === undefined || value === '') return undefined
  const n = Number(value)
  return Number.isFinite(n) ? n : undefined
}

/** docs/api.md, "Severities and statuses": the documented words in any case; anything else is `critical` (no CVSS to read it from here). */
export function normaliseSeverity(value: unknown): Severity {
  return readSeverity(value, undefined).severity
}

/** docs/api.md, "Severities and statuses": finding and scan statuses in any case, with spaces, hyphens or underscores. */
export function normaliseStatus(value: unknown): string {
  if (typeof value !== 'string') return 'open'
  // Redacted first: folding case and separators would turn a secret the server echoes into a spelling redaction no longer knows.
  return (
    redactSecrets(value)
      .trim()
      .toLowerCase()
      .replace(/[\s_-]+/g, '_') || 'open'
  )
}

export function toAsset(raw: unknown): Asset | undefined {
  if (!isJsonObject(raw)) return undefined
  const id = idOf(raw.id ?? raw.asset_id)
  const name = textOf(raw.name ?? raw.asset ?? raw.value)
  if (id === undefined || name === undefined) return undefined
  return { id, name, type: textOf(raw.type), status: textOf(raw.status) }
}

export function toScan(raw: unknown): Scan | undefined {
  if (!isJsonObject(raw)) return undefined
  const scanId = idOf(raw.scan_id ?? raw.id)
  if (scanId === undefined) return undefined
  const minutes = numberOf(raw.estimated_duration_minutes)
  const seconds = numberOf(raw.estimated_duration)
  return {
    scanId,
    assetId: idOf(raw.asset_id) ?? '',
    scanType: textOf(raw.scan_type) ?? '',
    status: normaliseStatus(raw.status),
    createdAt: textOf(raw.created_at),
    estimatedDurationSeconds: seconds ?? (minutes !== undefined ? minutes * 60 : undefined)
  }
}

export function toScanProgress(raw: unknown, scanId: string): ScanProgress | undefined {
  if (!isJsonObject(raw) || typeof raw.status !== 'string') return undefined
  return {
    scanId: idOf(raw.scan_id) ?? scanId,
    status: normaliseStatus(raw.status),
    progress: numberOf(raw.progress),
    phase: textOf(raw.current_phase ?? raw.phase)
  }
}

/** A finding as the API sends it; with a pool, its repeated strings are shared with earlier findings of the listing. */
export function toFinding(raw: unknown, pool?: StringPool): Finding | undefined {
  if (!isJsonObject(raw)) return undefined
  const id = idOf(raw.id ?? raw.finding_id)
  if (id === undefined) return undefined
  const asset = isJsonObject(raw.asset) ? raw.asset : undefined
  // A `location` may be the URL itself, or an object holding url, path, port and parameter.
  const location = isJsonObject(raw.location) ? raw.location : {}
  const shared = <T extends string | undefined>(text: T): T => (pool !== undefined ? pool.intern(text) : text)
  const references = Array.isArray(raw.references) ? raw.references.filter((r): r is string => typeof r === 'string').map(shared) : []
  const cvss = cvssOf(raw.cvss ?? raw.cvss_score)
  const severity = readSeverity(raw.severity, cvss)
  return {
    id,
    title: shared(textOf(raw.title ?? raw.name) ?? `Finding ${id}`),
    severity: severity.severity,
    ...(severity.from !== 'severity' ? { undocumentedSeverity: { spelling: severity.spelling, from: severity.from } } : {}),
    cvss,
    status: shared(normaliseStatus(raw.status)),
    scanId: shared(idOf(raw.scan_id)),
    assetName: shared(textOf(asset?.name ?? raw.asset)),
    url: textOf(raw.url ?? location.url ?? raw.location),
    path: textOf(raw.path ?? location.path),
    port: idOf(raw.port ?? location.port),
    parameter: shared(textOf(raw.parameter ?? location.parameter)),
    description: shared(textOf(raw.description)),
    remediation: shared(textOf(raw.remediation ?? raw.solution)),
    references,
    discoveredAt: textOf(raw.discovered_at)
  }
}
