import * as log from './log.js'
import type { IncomingHttpHeaders } from 'node:http'
import { toAsset, toFinding, toScan, toScanProgress, type Asset, type Finding, type Scan, type ScanProgress } from './api-types.js'
import { S4EApiError } from './errors.js'
import { isJsonObject, unwrapBody } from './response-body.js'
import { rateLimitResetWaitMs, retryAfterMs } from './retry-policy.js'
import { HttpStatusError, type S4EHttp } from './s4e-http.js'
import { KNOWN_SCOPES, type Scope } from './scopes.js'
import type { TokenProvider } from './token-provider.js'

export const PAGE_SIZE = 100
/** docs/api.md, "Paging": never page forever, whatever meta says. */
export const MAX_PAGES = 200

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
  /** True when the page cap stopped the listing early. */
  truncated: boolean
  /** The server's clock (its Date header) when the listing began, in ms since the epoch. */
  serverDateMs?: number
}

function listOf(raw: unknown): unknown[] {
  if (Array.isArray(raw)) return raw
  if (!isJsonObject(raw)) return []
  const list = raw.items ?? raw.findings ?? raw.data
  return Array.isArray(list) ? list : []
}

/** `meta` at the top level (wrapped) or beside the list inside the payload (bare, envelope). */
function metaOf(body: unknown, raw: unknown): Record<string, unknown> | undefined {
  if (isJsonObject(body) && isJsonObject(body.meta)) return body.meta
  if (isJsonObject(raw) && isJsonObject(raw.meta)) return raw.meta
  return undefined
}

/** Pages still to read according to meta (total_pages, else total), or undefined when meta says neither. */
function pagesRemaining(meta: Record<string, unknown> | undefined, page: number, entriesSoFar: number): number | undefined {
  if (meta === undefined) return undefined
  const totalPages = Number(meta.total_pages)
  if (meta.total_pages !== undefined && meta.total_pages !== null && Number.isFinite(totalPages)) return totalPages - page
  const total = Number(meta.total)
  if (meta.total !== undefined && meta.total !== null && Number.isFinite(total)) return total - entriesSoFar
  return undefined
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

  /** Turns an HTTP failure into one sentence that says what to do. */
  private explain(error: unknown, method: string, path: string, scope: Scope | undefined): unknown {
    if (!(error instanceof HttpStatusError)) return error
    const what = `${method} ${path}`
    const detail = error.serverMessage !== undefined ? ` (${error.serverMessage})` : ''
    switch (error.status) {
      case 401:
        return new S4EApiError(this.rejectedTokenSentence(what, detail), 401, error.code)
      case 403: {
        // Only a server that says so (insufficient_scope, or a scope's name) gets the missing scope blamed.
        const named = KNOWN_SCOPES.find((name) => `${error.code ?? ''} ${error.serverMessage ?? ''}`.includes(name))
        const missing = named ?? (error.code === 'insufficient_scope' ? scope : undefined)
        return new S4EApiError(
          missing !== undefined
            ? `The S4E API refused ${what} because the token lacks the ${missing} scope${detail}: request it with \`scope: ${missing}\` or use credentials that have it.`
            : `The S4E API refused ${what}${detail}: check that these credentials may use this S4E workspace.`,
          403,
          error.code
        )
      }
      case 404:
        return new S4EApiError(
          `The S4E API has no ${method} ${error.shownUrl}${detail}: check the api-url input and that the resource exists.`,
          404,
          error.code
        )
      case 429:
        return new S4EApiError(`The S4E API kept rate limiting ${what} after every retry${detail}: wait a minute and re-run the job.`, 429, error.code)
      default:
        if (error.status !== undefined && error.status >= 500) {
          return new S4EApiError(
            `The S4E API failed on ${what} with HTTP ${error.status} after every retry${detail}: try again later, or check the S4E status page.`,
            error.status,
            error.code
          )
        }
        return new S4EApiError(`The S4E API refused ${what} with HTTP ${error.status}${detail}: check the inputs of this step.`, error.status, error.code)
    }
  }

  private rejectedTokenSentence(what: string, detail: string): string {
    switch (this.tokens.method) {
      case 'api-key':
        return `The S4E API rejected the API key on ${what}${detail}: check that the api-key secret is current and not revoked.`
      case 'client-credentials':
        return `The S4E API rejected a freshly issued access token on ${what}${detail}: check that token-url and api-url belong to the same S4E installation.`
      default:
        return `The S4E API rejected the access token on ${what} as invalid or expired${detail}: give this step client-id and client-secret so it can renew the token, or run s4e-auth in the same job right before it.`
    }
  }

  /**
   * Every item of a paged listing (docs/api.md, "Paging"): `meta` decides when it is present,
   * because a server may cap the page size below per_page; only without it does a short or empty page end it.
   */
  async listPaged<T>(path: string, query: Record<string, string>, requiredScope: Scope, convert: (raw: unknown) => T | undefined): Promise<PageResult<T>> {
    const items: T[] = []
    let serverDateMs: number | undefined
    let seen = 0
    for (let page = 1; page <= MAX_PAGES; page++) {
      const { body, headers } = await this.call('GET', path, { query: { ...query, page, per_page: PAGE_SIZE }, idempotent: true, requiredScope })
      serverDateMs ??= serverDateOf(headers)
      const raw = unwrapBody(body)
      const list = listOf(raw)
      seen += list.length
      for (const entry of list) {
        const item = convert(entry)
        if (item !== undefined) items.push(item)
      }
      const remaining = pagesRemaining(metaOf(body, raw), page, seen)
      const done = remaining === undefined ? list.length < PAGE_SIZE : remaining <= 0 || list.length === 0
      if (done) return { items, truncated: false, serverDateMs }
    }
    log.warning(`Stopped reading ${path} after ${MAX_PAGES} pages; the rest was not read.`)
    return { items, truncated: true, serverDateMs }
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
    const { items } = await this.listPaged('/api/assets', { search: name }, 'assets:read', toAsset)
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
      throw new S4EApiError('The S4E API created a scan but its answer names no scan_id: report this to S4E support.', undefined, undefined)
    return { ...scan, assetId: scan.assetId || request.assetId, scanType: scan.scanType || request.scanType }
  }

  async getScanStatus(scanId: string): Promise<ScanStatusResult> {
    const { body, headers } = await this.call('GET', `/api/scan/${encodeURIComponent(scanId)}/status`, { idempotent: true, requiredScope: 'scans:read' })
    const progress = toScanProgress(unwrapBody(body), scanId)
    if (progress === undefined)
      throw new S4EApiError(`The S4E API answered the status of scan ${scanId} without a status: report this to S4E support.`, undefined, undefined)
    const now = this.http.timing.now()
    const waits = [retryAfterMs(headers, now), rateLimitResetWaitMs(headers, now)].filter((w): w is number => w !== undefined)
    return { ...progress, waitHintMs: waits.length > 0 ? Math.max(...waits) : undefined }
  }

  /** Scans of one asset, with the server's clock (to tell a scan this step made from an older one). */
  async listScans(assetId: string): Promise<PageResult<Scan>> {
    return this.listPaged('/api/scans', { asset_id: assetId }, 'scans:read', toScan)
  }

  async listFindings(scanId: string): Promise<PageResult<Finding>> {
    return this.listPaged('/api/findings', { scan_id: scanId }, 'findings:read', toFinding)
  }
}
