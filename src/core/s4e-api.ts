import type { IncomingHttpHeaders } from 'node:http'
import { toAsset, toFinding, toScan, toScanProgress, type Asset, type Finding, type Scan, type ScanProgress } from './api-types.js'
import { S4EApiError } from './errors.js'
import type { Problem } from './problem.js'
import { isLastPage, MAX_LISTED_ITEMS, metaOf, readPage, TOO_MANY_ITEMS, type ListingReader } from './listing.js'
import { quoted } from './quoted.js'
import { unwrapBody } from './response-body.js'
import { StringPool } from './string-pool.js'
import { rateLimitResetWaitMs, retryAfterMs } from './retry-policy.js'
import { HttpStatusError, type S4EHttp } from './s4e-http.js'
import { KNOWN_SCOPES, type Scope } from './scopes.js'
import type { TokenProvider } from './token-provider.js'

export const PAGE_SIZE = 100

interface CallOptions {
  query?: Record<string, string | number>
  json?: Record<string, unknown>
  /** Endpoints whose documentation puts the token in the JSON body too. */
  tokenInBody?: boolean
  idempotent: boolean
  /** Named in the message when the server answers 403; absent where no scope applies. */
  requiredScope?: Scope
}

export interface CallResult {
  body: unknown
  headers: IncomingHttpHeaders
}

export interface PageResult<T> {
  items: T[]
  /** The server's clock (its Date header) when the listing began, in ms since the epoch. */
  serverDateMs?: number
  /** How far the server's clock ran ahead of this step's (negative: behind) when the listing began. */
  serverClockAheadMs?: number
}

/** What a listing is of, for its sentences: `Scan s-1` lists findings, `Asset a-1` scans. */
interface ListingOptions<T> {
  reader: ListingReader<T>
  /** Who owns the items, starting with a capital: `Scan s-1`. */
  owner: string
  requiredScope: Scope
}

const ASSET_READER: ListingReader<Asset> = { noun: 'asset', nouns: 'assets', needs: 'id and name', read: toAsset, idOf: (asset) => asset.id }
const SCAN_READER: ListingReader<Scan> = { noun: 'scan', nouns: 'scans', needs: 'scan_id', read: toScan, idOf: (scan) => scan.scanId }
/** Each findings listing shares its repeated strings in a pool of its own. */
function findingReader(): ListingReader<Finding> {
  const pool = new StringPool()
  return { noun: 'finding', nouns: 'findings', needs: 'id', read: (raw) => toFinding(raw, pool), idOf: (finding) => finding.id }
}

/** The Date header as ms since the epoch, when the server sent a valid one. */
export function serverDateOf(headers: IncomingHttpHeaders): number | undefined {
  const text = headers.date
  if (typeof text !== 'string') return undefined
  const ms = Date.parse(text)
  return Number.isFinite(ms) ? ms : undefined
}

export interface CreateScanRequest {
  assetId: string
  scanType: string
  options?: Record<string, unknown>
  priority?: string
}

export interface ScanStatusResult extends ScanProgress {
  /** How long the server asked us to wait before the next request (Retry-After, exhausted rate limit). */
  waitHintMs?: number
}

/** Typed, tolerant calls for the endpoints of docs/api.md. Knows nothing of any single action. */
export class S4EApi {
  constructor(
    readonly apiUrl: string,
    readonly tokens: TokenProvider,
    private readonly http: S4EHttp
  ) {}

  /** Sends one API request with a Bearer token, renewing once on 401 invalid_token. */
  async call(method: 'GET' | 'POST', path: string, options: CallOptions): Promise<CallResult> {
    const url = new URL(`${this.apiUrl}${path}`)
    for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, String(value))
    let token = await this.tokens.getToken()
    for (let renewed = false; ; renewed = true) {
      const json = options.tokenInBody === true ? { ...options.json, token: token.value } : options.json
      try {
        const { body, headers } = await this.http.send({ method, url: url.toString(), json, bearerToken: token.value, idempotent: options.idempotent })
        return { body, headers }
      } catch (error) {
        if (error instanceof HttpStatusError && error.status === 401 && !renewed) {
          const fresh = await this.tokens.renewAfterRejection()
          if (fresh !== undefined) {
            token = fresh
            continue
          }
        }
        throw this.explain(error, method, path, options.requiredScope)
      }
    }
  }

  /** Turns an HTTP failure into one sentence that says what to do; the server's message is its cause. */
  private explain(error: unknown, method: string, path: string, scope: Scope | undefined): unknown {
    if (!(error instanceof HttpStatusError)) return error
    const what = `${method} ${path}`
    const cause = error.serverMessage
    const fail = (problem: Omit<Problem, 'cause'>, status = error.status) => new S4EApiError({ ...problem, cause }, status, error.code)
    switch (error.status) {
      case 401:
        return fail(this.rejectedToken(what))
      case 403: {
        // Only a server that says so (insufficient_scope, or a scope's name) gets the missing scope blamed.
        const named = KNOWN_SCOPES.find((name) => `${error.code ?? ''} ${error.serverMessage ?? ''}`.includes(name))
        const missing = named ?? (error.code === 'insufficient_scope' ? scope : undefined)
        return fail(
          missing !== undefined
            ? {
                what: `The S4E API refused ${what} because the token lacks the ${missing} scope`,
                fix: `request it with \`scope: ${missing}\` or use credentials that have it`
              }
            : { what: `The S4E API refused ${what}`, fix: 'check that these credentials may use this S4E workspace' }
        )
      }
      case 404:
        return fail({ what: `The S4E API has no ${method} ${error.shownUrl}`, fix: 'check the api-url input and that the resource exists' })
      case 429:
        return fail({ what: `The S4E API kept rate limiting ${what} after every retry`, fix: 'wait a minute and re-run the job' })
      default:
        if (error.status !== undefined && error.status >= 500) {
          return fail({
            what: `The S4E API failed on ${what} with HTTP ${error.status} after every retry`,
            fix: 'try again later, or check the S4E status page'
          })
        }
        return fail({ what: `The S4E API refused ${what} with HTTP ${error.status}`, fix: 'check the inputs of this step' })
    }
  }

  private rejectedToken(what: string): Omit<Problem, 'cause'> {
    switch (this.tokens.method) {
      case 'api-key':
        return { what: `The S4E API rejected the API key on ${what}`, fix: 'check that the api-key secret is current and not revoked' }
      case 'client-credentials':
        return {
          what: `The S4E API rejected a freshly issued access token on ${what}`,
          fix: 'check that token-url and api-url belong to the same S4E installation'
        }
      default:
        return {
          what: `The S4E API rejected the access token on ${what} as invalid or expired`,
          fix: 'give this step client-id and client-secret so it can renew the token, or run s4e-auth in the same job right before it'
        }
    }
  }

  /**
   * Every item of a paged listing (docs/api.md, "Paging"), failing closed: it ends only at an empty
   * page, or at a short page when meta agrees; a body that is not a listing, an entry without an id,
   * a page repeating ids already read and more than MAX_LISTED_ITEMS items each throw one sentence.
   */
  async listPaged<T>(path: string, query: Record<string, string>, options: ListingOptions<T>): Promise<PageResult<T>> {
    const { reader, requiredScope } = options
    const items: T[] = []
    const seen = new Set<string>()
    let serverDateMs: number | undefined
    let serverClockAheadMs: number | undefined
    for (let page = 1; ; page++) {
      const { body, headers } = await this.call('GET', path, { query: { ...query, page, per_page: PAGE_SIZE }, idempotent: true, requiredScope })
      if (serverDateMs === undefined) {
        serverDateMs = serverDateOf(headers)
        if (serverDateMs !== undefined) serverClockAheadMs = serverDateMs - this.http.timing.now()
      }
      const read = readPage(reader, body, { request: `GET ${path}`, page }, seen)
      if ('problem' in read) throw new S4EApiError(read.problem, undefined, 'not_a_listing')
      for (const item of read.items) items.push(item)
      if (items.length > MAX_LISTED_ITEMS) {
        throw new S4EApiError(
          {
            what: `${options.owner} has more than ${MAX_LISTED_ITEMS.toLocaleString('en-US')} ${reader.nouns}, more than this step reads`,
            fix: `split the asset into smaller assets, or triage ${reader.nouns} on S4E, so that fewer remain`
          },
          undefined,
          TOO_MANY_ITEMS
        )
      }
      if (isLastPage({ length: read.items.length, asked: PAGE_SIZE, page, readSoFar: items.length, meta: metaOf(body) })) {
        return { items, serverDateMs, serverClockAheadMs }
      }
    }
  }

  /** POST /auth/check: proves an API key or token is accepted. */
  async checkToken(): Promise<void> {
    const token = await this.tokens.getToken()
    await this.call('POST', '/auth/check', { json: { token: token.value }, idempotent: true })
  }

  /** POST /asset/handler/bulk-asset-add; idempotent on the S4E side, so retries cannot duplicate. */
  async addAssets(assets: string[], extra: { description?: string; source?: string }): Promise<void> {
    const json: Record<string, unknown> = { assets }
    if (extra.description !== undefined) json.description = extra.description
    if (extra.source !== undefined) json.source = extra.source
    await this.call('POST', '/asset/handler/bulk-asset-add', { json, tokenInBody: true, idempotent: true, requiredScope: 'assets:write' })
  }

  /** The asset whose name matches exactly (case-insensitive), over every page of the search. */
  async findAssetByName(name: string): Promise<Asset | undefined> {
    const wanted = name.toLowerCase()
    const { items } = await this.listPaged(
      '/api/assets',
      { search: name },
      { reader: ASSET_READER, owner: `The asset search for ${quoted(name, 64)}`, requiredScope: 'assets:read' }
    )
    return items.find((asset) => asset.name.toLowerCase() === wanted)
  }

  /** POST /api/scan/create. Not idempotent: an ambiguous failure surfaces as AmbiguousRequestError. */
  async createScan(request: CreateScanRequest): Promise<Scan> {
    const json: Record<string, unknown> = { asset_id: request.assetId, scan_type: request.scanType }
    if (request.options !== undefined) json.options = request.options
    if (request.priority !== undefined) json.priority = request.priority
    const { body } = await this.call('POST', '/api/scan/create', { json, idempotent: false, requiredScope: 'scans:write' })
    const scan = toScan(unwrapBody(body))
    if (scan === undefined)
      throw new S4EApiError({ what: 'The S4E API created a scan but its answer names no scan_id', fix: 'report this to S4E support' }, undefined, undefined)
    return { ...scan, assetId: scan.assetId || request.assetId, scanType: scan.scanType || request.scanType }
  }

  async getScanStatus(scanId: string): Promise<ScanStatusResult> {
    const { body, headers } = await this.call('GET', `/api/scan/${encodeURIComponent(scanId)}/status`, { idempotent: true, requiredScope: 'scans:read' })
    const progress = toScanProgress(unwrapBody(body), scanId)
    if (progress === undefined)
      throw new S4EApiError(
        { what: `The S4E API answered the status of scan ${scanId} without a status`, fix: 'report this to S4E support' },
        undefined,
        undefined
      )
    const now = this.http.timing.now()
    const waits = [retryAfterMs(headers, now), rateLimitResetWaitMs(headers, now)].filter((w): w is number => w !== undefined)
    return { ...progress, waitHintMs: waits.length > 0 ? Math.max(...waits) : undefined }
  }

  /** Scans of one asset, with the server's clock (to tell a scan this step made from an older one). */
  async listScans(assetId: string): Promise<PageResult<Scan>> {
    return this.listPaged('/api/scans', { asset_id: assetId }, { reader: SCAN_READER, owner: `Asset ${assetId}`, requiredScope: 'scans:read' })
  }

  async listFindings(scanId: string): Promise<PageResult<Finding>> {
    return this.listPaged('/api/findings', { scan_id: scanId }, { reader: findingReader(), owner: `Scan ${scanId}`, requiredScope: 'findings:read' })
  }
}
