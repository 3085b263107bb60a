// Public option and snapshot types of the local S4E API emulator.
import type { HostileBodySpec } from './hostile-bodies.js'
import type { ChosenFinding, SeededScan } from './seeded-scans.js'

export type { ChosenFinding, SeededScan } from './seeded-scans.js'

export type ResponseShape = 'wrapped' | 'bare' | 'envelope'

/** How GET /api/findings misbehaves instead of answering a listing (see dev/emulator/README.md, "Findings that are not a listing"). */
export type FindingsAnswer = 'empty-body' | 'no-content' | 'null' | 'null-list' | 'unknown-wrapper' | 'entry-not-object' | 'entry-without-id'

export const FINDINGS_ANSWERS: readonly FindingsAnswer[] = [
  'empty-body',
  'no-content',
  'null',
  'null-list',
  'unknown-wrapper',
  'entry-not-object',
  'entry-without-id'
]

/** What `meta` says on listings: the truth (default), nothing at all, or a lie that would end paging early. */
export type PageMetaMode = 'truthful' | 'none' | 'total-pages-minus-one' | 'low-total'

export const PAGE_META_MODES: readonly PageMetaMode[] = ['truthful', 'none', 'total-pages-minus-one', 'low-total']

/** How findings spell the scan id they belong to: as the scan's id (default), with a trailing space, or upper-cased. */
export type ScanIdSpelling = 'exact' | 'trailing-space' | 'upper-case'

export const RESPONSE_SHAPES: readonly ResponseShape[] = ['wrapped', 'bare', 'envelope']

export type FaultKind = 'status' | 'delay' | 'drop' | 'malformed-json' | 'html' | 'trickle' | 'redirect'

export const FAULT_KINDS: readonly FaultKind[] = ['status', 'delay', 'drop', 'malformed-json', 'html', 'trickle', 'redirect']

/** For the next `count` requests matching `route`, answer with a fault instead of (or after) the real handler. */
export interface FaultSpec {
  /** Method and path pattern, e.g. `POST /api/scan/create` or `GET /api/scan/:id/status`; method `*` matches any. */
  route: string
  count: number
  kind: FaultKind
  /** HTTP status for `status` (required), `html` (default 502) and `malformed-json` (default 200). */
  status?: number
  /** Seconds sent in `Retry-After` (default 1 for 429 and 503). */
  retryAfter?: number
  /** Milliseconds to wait for `delay` (default 1000), or between two bytes for `trickle` (default 1000). */
  delayMs?: number
  /** Process the request for real first (state changes), then send the fault instead of the real answer. */
  after?: boolean
  /**
   * Answer the fault at once but process the request for real this many milliseconds later: a request
   * that lands after the client gave up.
   */
  landAfterMs?: number
}

/** A scan that exists before the test starts, or that "another run" creates at a chosen moment. */
export interface ScanSeed {
  /** Asset name; registered (as by bulk-asset-add) when it is not yet. */
  asset: string
  /** Default `quick`. */
  scanType?: string
  /** Kept for good; default: the scan progresses like any other. */
  status?: ScanStatus
  /** How old the scan is when it appears: its created_at lies this far in the past (default 0). */
  ageSeconds?: number
  /** The scan appears this long after `onRoute` is first requested (or after the start); default 0. */
  appearAfterMs?: number
  /** A route key such as `POST /api/scan/create`: the moment counts from its first request, before it is answered. */
  onRoute?: string
  /** The scan's serial (its id is `s-<serial>` in the wrapped shape), e.g. a scan another emulator made. */
  serial?: number
}

export interface ClientCredentialsSpec {
  clientId: string
  clientSecret: string
  /** Scopes the client may be granted. */
  scopes: string[]
}

export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. Default 0 in-process (the CLI defaults to 4010). */
  port?: number
  /** Lifetime of OAuth access tokens in seconds (default 3600). */
  tokenLifetimeSeconds?: number
  /** Time a scan takes from creation to its end; 0 means it is finished at the first status request. */
  scanDurationMs?: number
  /** When set, a scan advances by status requests instead of time: terminal at the Nth status request. */
  scanPollsToComplete?: number
  /** The first scan's serial (default 2001), so the emulators of several jobs give distinct scan ids. */
  firstScanSerial?: number
  shape?: ResponseShape
  /** Seed of the deterministic findings. */
  seed?: number | string
  /** Findings generated per completed scan (default 12). */
  findingsPerScan?: number
  /** Requests per window by route key (`POST /api/scan/create`) or `default` for every other route. */
  rateLimits?: Record<string, number>
  /** Length of the rate-limit window in milliseconds (default 60000). */
  rateLimitWindowMs?: number
  /** Items per page whatever per_page asks for; `meta` then tells the truth in every shape (unless `pageMeta` says otherwise). */
  pageSizeCap?: number
  /** What `meta` says on listings; `none` drops it even with a page-size cap, the others lie. */
  pageMeta?: PageMetaMode
  /** Every listing answers page 1 whatever `page` asks (a server that ignores it). */
  ignorePage?: boolean
  /** GET /api/findings answers this instead of a listing. */
  findingsAnswer?: FindingsAnswer
  /** How findings spell their scan_id. */
  scanIdSpelling?: ScanIdSpelling
  /** The emulator's clock runs this far ahead of the runner's (negative: behind); seen in Date headers and created_at. */
  clockOffsetMs?: number
  /** A new scan shows in GET /api/scans only this long after it was created (default 0). */
  scanListingDelayMs?: number
  /** Scans that exist before the test starts, or that another run creates at a chosen moment. */
  scans?: ScanSeed[]
  /** Extra OAuth clients, next to the demo clients. */
  clients?: ClientCredentialsSpec[]
  /** Faults armed at start. */
  faults?: FaultSpec[]
  /** Hostile answers (hostile-bodies.ts): huge, deep, compressed bombs, dots, escapes, echoed secrets. */
  hostileBodies?: HostileBodySpec[]
  /** Completed scans that exist from the start (e.g. production's last scan, as a baseline). */
  seededScans?: SeededScan[]
  /** Findings every completed scan of these assets (by name) gets, instead of generated ones. */
  chosenFindings?: Record<string, ChosenFinding[]>
  /** Status text (any text, e.g. HTML) every answer about a scan of these assets (by name) carries instead of the real status. */
  scanStatusText?: Record<string, string>
  /** Text every asset id ends with (ids become strings), e.g. a secret echoed in an id. */
  assetIdSuffix?: string
  /** Clock in milliseconds since the epoch (default Date.now). */
  now?: () => number
  /** Receives one line per request (method, path, status, duration); never secrets. Default: silent. */
  log?: (line: string) => void
}

export type AssetType = 'domain' | 'ipv4' | 'ipv6' | 'cidr'

export type ScanStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled'

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info'

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info']

export interface AssetSnapshot {
  id: string
  name: string
  type: AssetType
  status: string
  created_at: string
}

export interface ScanSnapshot {
  scan_id: string
  asset_id: string
  asset_name: string
  scan_type: string
  status: ScanStatus
  created_at: string
  /** Findings of the scan once it has completed: total, and the still-open ones by severity. */
  findings: { total: number; open: Record<Severity, number> }
}

export interface TokenRequestSnapshot {
  clientId: string | null
  requestedScope: string | null
  grantedScope: string | null
  outcome: 'issued' | 'rejected'
}

export interface EmulatorStateSnapshot {
  assets: AssetSnapshot[]
  scans: ScanSnapshot[]
  /** Number of access tokens issued by `POST /oauth/token`. */
  tokenExchanges: number
  /** Every token request (client id and scopes only, never a secret or a token). */
  tokenRequests: TokenRequestSnapshot[]
  /** Requests by route key (`POST /oauth/token`), faulted and rejected ones included. */
  requestCounts: Record<string, number>
  /** Faults still armed. */
  faults: FaultSpec[]
}

export interface EmulatorCredentials {
  clientId: string
  clientSecret: string
  apiKey: string
}

export interface Emulator {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string
  credentials: EmulatorCredentials
  /** A client that may only be granted `assets:read`, to provoke `403 insufficient_scope`. */
  readOnlyCredentials: { clientId: string; clientSecret: string }
  state(): EmulatorStateSnapshot
  injectFault(fault: FaultSpec): void
  clearFaults(): void
  /** Adds a completed scan (registering its asset when needed); returns the scan id clients see. */
  seedScan(scan: SeededScan): string
  /** Findings every later completed scan of the asset gets, instead of generated ones. */
  chooseFindings(asset: string, findings: ChosenFinding[]): void
  stop(): Promise<void>
}
