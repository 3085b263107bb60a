// The S4E endpoints of docs/api.md ("Endpoints used"), over the emulator's state.
import { ASSET_DESCRIPTION_LENGTH as DESCRIPTION_LENGTH, ASSET_SOURCES } from '../../src/core/api-types.js'
import type { FindingsAnswer, PageMetaMode, ResponseShape, ScanIdSpelling } from './emulator-options.js'
import { EmulatorHttpError, badRequest, notFound, type EmulatorResponse } from './emulator-response.js'
import { classifyAsset } from './asset-validation.js'
import type { AssetRecord, AssetRegistry } from './assets.js'
import { findingUrl, type FindingRecord } from './findings-seed.js'
import { spelledEveryWay } from './hostile-bodies.js'
import type { TokenAuthority } from './oauth.js'
import { pageMeta, paginate, parsePaging } from './pagination.js'
import { parseJsonBody, type RequestContext, type RouteDefinition } from './routing.js'
import { SCAN_PRIORITIES, SCAN_TYPES, type ScanRecord, type ScanRegistry } from './scans.js'
import { findingStatusLabel, formatId, idText, renderItem, renderList, renderMessage, renderNotAListing, severityLabel } from './shapes.js'

const DEFAULT_ASSET_SOURCE = 'manuel'
const MAX_ASSETS_PER_REQUEST = 1000
/** Replaced, in a chosen scan status text, by the request's bearer token in every spelling. */
export const ACCESS_TOKEN_ECHO = '{access-token}'

export interface ApiState {
  shape: ResponseShape
  tokens: TokenAuthority
  assets: AssetRegistry
  scans: ScanRegistry
  /** Items per page whatever per_page asks (undefined: as asked). */
  pageSizeCap?: number
  pageMeta?: PageMetaMode
  ignorePage?: boolean
  findingsAnswer?: FindingsAnswer
  scanIdSpelling?: ScanIdSpelling
  /** Status text every answer about a scan of these assets (by name) carries instead of the real one. */
  scanStatusText?: Record<string, string>
  /** Text every asset id ends with (ids become strings), e.g. a secret the server echoes. */
  assetIdSuffix?: string
}

export function createApiRoutes(state: ApiState): RouteDefinition[] {
  const { shape, tokens, assets, scans, pageSizeCap } = state
  const metaMode = state.pageMeta ?? 'truthful'
  // meta goes beside the list in bare and envelope when the page size is capped, or when it lies.
  const capped = pageSizeCap !== undefined || (metaMode !== 'truthful' && metaMode !== 'none')
  const paging = { cap: pageSizeCap, ignorePage: state.ignorePage }
  /** One page of a listing, its meta as the server's misbehaviour has it. */
  const listPage = <T, U>(items: readonly T[], url: URL, present: (item: T) => U, listKey?: string) => {
    const { page, perPage } = parsePaging(url)
    const result = paginate(items, page, perPage, paging)
    return renderList(shape, result.items.map(present), pageMeta(metaMode, result.meta, result.items.length), listKey, capped)
  }
  const scanIdOf = (scan: ScanRecord) => {
    const id = formatId(shape, 'scan', scan.serial)
    if (state.scanIdSpelling === 'trailing-space') return `${id} `
    if (state.scanIdSpelling === 'upper-case') return String(id).toUpperCase()
    return id
  }
  /** `{access-token}` in a chosen status text echoes the bearer token of the request, plain and spelled every other way. */
  const statusText = (scan: ScanRecord, real: string, token = ''): string =>
    state.scanStatusText?.[scan.asset.name]?.replaceAll(ACCESS_TOKEN_ECHO, `plain ${token} ${spelledEveryWay(token, token)}`) ?? real

  /** An asset's id as sent, with the chosen suffix (text any id may carry, e.g. a secret echoed). */
  const assetIdOf = (asset: AssetRecord) =>
    state.assetIdSuffix === undefined ? formatId(shape, 'asset', asset.serial) : `${idText(shape, 'asset', asset.serial)}${state.assetIdSuffix}`
  const assetById = (id: unknown): AssetRecord | undefined => assets.find((asset) => String(assetIdOf(asset)) === String(id))
  const scanById = (id: unknown): ScanRecord | undefined => scans.find((scan) => idText(shape, 'scan', scan.serial) === String(id))

  const presentAsset = (asset: AssetRecord) => ({
    id: assetIdOf(asset),
    name: asset.name,
    type: asset.type,
    status: asset.status,
    created_at: new Date(asset.createdAtMs).toISOString()
  })

  const presentScan = (scan: ScanRecord, nowMs: number, token?: string) => {
    const durationKey =
      shape === 'wrapped'
        ? { estimated_duration_minutes: scans.estimatedDurationMinutes() }
        : { estimated_duration: shape === 'envelope' ? null : scans.estimatedDurationSeconds() }
    return {
      scan_id: formatId(shape, 'scan', scan.serial),
      asset_id: assetIdOf(scan.asset),
      scan_type: scan.scanType,
      status: statusText(scan, scans.peek(scan, nowMs).status, token),
      created_at: new Date(scan.createdAtMs).toISOString(),
      ...durationKey
    }
  }

  const presentFinding = (finding: FindingRecord, scan: ScanRecord) => ({
    id: formatId(shape, 'finding', finding.serial),
    title: finding.title,
    ...(finding.severityAs === 'missing' ? {} : { severity: finding.severityAs !== undefined ? finding.severityAs : severityLabel(shape, finding.severity) }),
    ...(finding.cvss !== null ? { cvss: finding.cvss } : {}),
    status: findingStatusLabel(shape, finding.status),
    asset: { id: assetIdOf(scan.asset), name: scan.asset.name },
    scan_id: scanIdOf(scan),
    description: finding.description,
    remediation: finding.remediation,
    references: finding.references,
    discovered_at: new Date(finding.discoveredAtMs).toISOString(),
    ...findingPlace(finding, findingUrl(scan.asset.name, scan.asset.type, finding.path)),
    ...finding.extra
  })

  return [
    {
      method: 'POST',
      pattern: '/oauth/token',
      auth: 'none',
      handle: (context) => tokens.exchange(context.headers, context.rawBody)
    },
    {
      method: 'POST',
      pattern: '/auth/check',
      auth: 'none',
      handle: (context) => checkToken(context, tokens, shape)
    },
    {
      method: 'POST',
      pattern: '/asset/handler/bulk-asset-add',
      auth: 'bearer',
      scope: 'assets:write',
      handle: (context) => {
        const body = parseJsonBody(context)
        requireMatchingBodyToken(body, context)
        const entries = validateAssetList(body.assets)
        const description = validateDescription(body.description)
        const source = validateSource(body.source)
        const { added, existing } = assets.register(entries, { description, source, nowMs: context.nowMs })
        return renderMessage(shape, `${added} asset(s) added, ${existing} already registered.`)
      }
    },
    {
      method: 'GET',
      pattern: '/api/assets',
      auth: 'bearer',
      scope: 'assets:read',
      handle: (context) => listPage(assets.search(context.url.searchParams.get('search') ?? ''), context.url, presentAsset)
    },
    {
      method: 'POST',
      pattern: '/api/scan/create',
      auth: 'bearer',
      scope: 'scans:write',
      handle: (context) => {
        const body = parseJsonBody(context)
        if (body.asset_id === undefined || body.asset_id === null || body.asset_id === '') throw badRequest('asset_id is required.')
        const scanType = body.scan_type
        if (typeof scanType !== 'string' || !(SCAN_TYPES as readonly string[]).includes(scanType)) {
          throw badRequest(`scan_type must be one of ${SCAN_TYPES.join(', ')}.`)
        }
        const priority = body.priority ?? 'normal'
        if (typeof priority !== 'string' || !(SCAN_PRIORITIES as readonly string[]).includes(priority)) {
          throw badRequest(`priority must be one of ${SCAN_PRIORITIES.join(', ')}.`)
        }
        if (body.options !== undefined && (typeof body.options !== 'object' || body.options === null || Array.isArray(body.options))) {
          throw badRequest('options must be a JSON object.')
        }
        const asset = assetById(body.asset_id)
        if (!asset) throw notFound(`No asset with id ${JSON.stringify(body.asset_id)} is registered.`)
        const scan = scans.create(asset, scanType, priority, context.nowMs)
        return renderItem(shape, presentScan(scan, context.nowMs, context.bearer?.token), 201)
      }
    },
    {
      method: 'GET',
      pattern: '/api/scan/:id/status',
      auth: 'bearer',
      scope: 'scans:read',
      handle: (context) => {
        const scan = scanById(context.params.id)
        if (!scan) throw notFound(`No scan with id ${context.params.id} exists.`)
        const progress = scans.poll(scan, context.nowMs)
        return renderItem(shape, {
          scan_id: formatId(shape, 'scan', scan.serial),
          status: statusText(scan, progress.status, context.bearer?.token),
          progress: progress.progress,
          current_phase: progress.currentPhase
        })
      }
    },
    {
      method: 'GET',
      pattern: '/api/scans',
      auth: 'bearer',
      scope: 'scans:read',
      handle: (context) => {
        const assetId = context.url.searchParams.get('asset_id')
        let list = scans.all().reverse()
        if (assetId !== null && assetId !== '') {
          const asset = assetById(assetId)
          if (!asset) throw notFound(`No asset with id ${assetId} is registered.`)
          list = scans.ofAsset(asset)
        }
        // A scan shows in listings only once its listing delay has passed (an eventually consistent server).
        list = list.filter((scan) => context.nowMs >= scan.listedFromMs)
        return listPage(list, context.url, (scan) => presentScan(scan, context.nowMs, context.bearer?.token))
      }
    },
    {
      method: 'GET',
      pattern: '/api/findings',
      auth: 'bearer',
      scope: 'findings:read',
      handle: (context) => {
        const scanId = context.url.searchParams.get('scan_id')
        if (scanId === null || scanId === '') throw badRequest('scan_id is required.')
        const scan = scanById(scanId)
        if (!scan) throw notFound(`No scan with id ${scanId} exists.`)
        scans.peek(scan, context.nowMs)
        // Findings appear once the scan has completed.
        const findings = scan.findings ?? []
        if (state.findingsAnswer !== undefined) {
          parsePaging(context.url)
          return renderNotAListing(
            shape,
            state.findingsAnswer,
            findings.slice(0, 3).map((finding) => presentFinding(finding, scan))
          )
        }
        return listPage(findings, context.url, (finding) => presentFinding(finding, scan), 'findings')
      }
    }
  ]
}

/** Where the finding was found, in the form its placement asks for. */
function findingPlace(finding: FindingRecord, url: string): Record<string, unknown> {
  const extra = { ...(finding.port !== undefined ? { port: finding.port } : {}), ...(finding.parameter !== undefined ? { parameter: finding.parameter } : {}) }
  if (finding.placement === 'url') return { url, ...extra }
  if (finding.placement === 'location') return { location: { url, ...extra } }
  if (finding.placement === 'fields') return { path: finding.path, ...extra }
  return {}
}

function checkToken(context: RequestContext, tokens: TokenAuthority, shape: ResponseShape): EmulatorResponse {
  let token: string | undefined
  const contentType = context.headers['content-type'] ?? ''
  if (context.rawBody.trim() !== '' && contentType.includes('json')) {
    const body = parseJsonBody(context)
    if (typeof body.token === 'string') token = body.token
  }
  token ??= /^Bearer\s+(\S+)\s*$/i.exec(context.headers.authorization ?? '')?.[1]
  if (token === undefined) throw badRequest('Send the token to check as {"token": "…"} or as a bearer token.')
  tokens.verify(token)
  return renderMessage(shape, 'The token is valid.')
}

function requireMatchingBodyToken(body: Record<string, unknown>, context: RequestContext): void {
  if (body.token === undefined) return
  if (body.token !== context.bearer?.token) {
    throw new EmulatorHttpError(401, 'invalid_token', 'The token in the body differs from the bearer token.', 'bearer')
  }
}

function validateAssetList(input: unknown) {
  if (!Array.isArray(input) || input.length === 0) throw badRequest('assets must be a non-empty JSON array of strings.')
  if (input.length > MAX_ASSETS_PER_REQUEST) throw badRequest(`A request may carry at most ${MAX_ASSETS_PER_REQUEST} assets.`)
  return input.map((entry, index) => {
    const result = classifyAsset(entry)
    if (!result.ok) throw badRequest(`Asset ${index + 1} (${JSON.stringify(entry)}) ${result.reason}.`)
    return { name: result.name, type: result.type }
  })
}

function validateDescription(input: unknown): string | null {
  if (input === undefined || input === null) return null
  if (typeof input !== 'string' || input.length < DESCRIPTION_LENGTH.min || input.length > DESCRIPTION_LENGTH.max) {
    throw badRequest(`description must be a string of ${DESCRIPTION_LENGTH.min} to ${DESCRIPTION_LENGTH.max} characters.`)
  }
  return input
}

function validateSource(input: unknown): string {
  if (input === undefined || input === null) return DEFAULT_ASSET_SOURCE
  if (typeof input !== 'string' || !(ASSET_SOURCES as readonly string[]).includes(input)) {
    throw badRequest(`source must be one of ${ASSET_SOURCES.join(', ')}.`)
  }
  return input
}
