// The emulator's HTTP server: request pipeline (faults → rate limit → auth → handler → shape) over real state.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { createApiRoutes } from './api-routes.js'
import { AssetRegistry, assetSnapshot } from './assets.js'
import { createControlRoutes, CONTROL_PREFIX, isLoopbackAddress } from './control-routes.js'
import { DEMO_API_KEY, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, READ_ONLY_CLIENT_ID, READ_ONLY_CLIENT_SECRET } from './demo-credentials.js'
import {
  SEVERITIES,
  type Emulator,
  type EmulatorOptions,
  type EmulatorStateSnapshot,
  type FaultSpec,
  type ResponseShape,
  type Severity
} from './emulator-options.js'
import { EmulatorHttpError, notFound, type EmulatorResponse } from './emulator-response.js'
import { faultOutcome, FaultBook } from './faults.js'
import { altersAnswer, alterAnswer, HostileBodyBook, writeHostileBody } from './hostile-bodies.js'
import { TokenAuthority } from './oauth.js'
import { RateLimiter, rateLimitedBody } from './rate-limits.js'
import { matchRoute, routeKey, type RequestContext, type RouteDefinition } from './routing.js'
import { ScanRegistry } from './scans.js'
import { ScanSeeder } from './scan-seeds.js'
import { chosenFindingRecords } from './seeded-scans.js'
import { KNOWN_SCOPES as ALL_SCOPES } from '../../src/core/scopes.js'
import { idText, OPEN_FINDING_STATUSES, renderError } from './shapes.js'

export type { Emulator, EmulatorCredentials, EmulatorOptions, EmulatorStateSnapshot, FaultKind, FaultSpec, ResponseShape } from './emulator-options.js'
export { DEMO_API_KEY, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, READ_ONLY_CLIENT_ID, READ_ONLY_CLIENT_SECRET } from './demo-credentials.js'

export const LOOPBACK_HOST = '127.0.0.1'
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600
export const DEFAULT_FINDINGS_PER_SCAN = 12
export const DEFAULT_SEED = 's4e'
const MAX_BODY_BYTES = 1024 * 1024
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8'

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const runnerNow = options.now ?? Date.now
  const clockOffsetMs = options.clockOffsetMs ?? 0
  // The emulator's own clock: Date headers, created_at and scan progress all read it.
  const now = () => runnerNow() + clockOffsetMs
  const shape: ResponseShape = options.shape ?? 'wrapped'
  const log = options.log ?? (() => {})
  const tokens = new TokenAuthority(
    [
      { clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET, scopes: [...ALL_SCOPES] },
      { clientId: READ_ONLY_CLIENT_ID, clientSecret: READ_ONLY_CLIENT_SECRET, scopes: ['assets:read'] },
      ...(options.clients ?? [])
    ],
    DEMO_API_KEY,
    options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS,
    now
  )
  const assets = new AssetRegistry()
  const chosen = new Map(Object.entries(options.chosenFindings ?? {}).map(([name, findings]) => [name.toLowerCase(), findings]))
  const scans = new ScanRegistry({
    scanDurationMs: options.scanDurationMs ?? 0,
    scanPollsToComplete: options.scanPollsToComplete,
    seed: options.seed ?? DEFAULT_SEED,
    findingsPerScan: options.findingsPerScan ?? DEFAULT_FINDINGS_PER_SCAN,
    listingDelayMs: options.scanListingDelayMs,
    firstSerial: options.firstScanSerial,
    chosenFindings: (scan) => {
      const findings = chosen.get(scan.asset.name)
      return findings !== undefined ? chosenFindingRecords(findings, scan.serial, scan.createdAtMs) : undefined
    }
  })
  const rateLimiter = new RateLimiter(options.rateLimits, options.rateLimitWindowMs)
  const faults = new FaultBook()
  for (const fault of options.faults ?? []) faults.arm(fault)
  const hostileBodies = new HostileBodyBook(options.hostileBodies)
  const requestCounts: Record<string, number> = {}

  const snapshot = (): EmulatorStateSnapshot => ({
    assets: assets.all().map((asset) => assetSnapshot(asset, idText(shape, 'asset', asset.serial))),
    scans: scans.all().map((scan) => {
      const progress = scans.peek(scan, now())
      const open = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>
      for (const finding of scan.findings ?? []) {
        if (OPEN_FINDING_STATUSES.includes(finding.status)) open[finding.severity] += 1
      }
      return {
        scan_id: idText(shape, 'scan', scan.serial),
        asset_id: idText(shape, 'asset', scan.asset.serial),
        asset_name: scan.asset.name,
        scan_type: scan.scanType,
        status: progress.status,
        created_at: new Date(scan.createdAtMs).toISOString(),
        findings: { total: scan.findings?.length ?? 0, open }
      }
    }),
    tokenExchanges: tokens.issuedCount,
    tokenRequests: tokens.requests.map((request) => ({ ...request })),
    requestCounts: { ...requestCounts },
    faults: faults.pending()
  })

  const apiRoutes = createApiRoutes({
    shape,
    tokens,
    assets,
    scans,
    pageSizeCap: options.pageSizeCap,
    pageMeta: options.pageMeta,
    ignorePage: options.ignorePage,
    findingsAnswer: options.findingsAnswer,
    scanIdSpelling: options.scanIdSpelling,
    scanStatusText: options.scanStatusText,
    assetIdSuffix: options.assetIdSuffix
  })
  const controlRoutes = createControlRoutes(faults, snapshot)
  const stopping = new AbortController()
  // Runs work later unless the emulator stops first.
  const later = (ms: number, work: () => void): void => {
    void pause(ms, stopping.signal).then((alive) => {
      if (alive) work()
    })
  }
  const seeds = new ScanSeeder(assets, scans, now, later)
  for (const seed of options.scans ?? []) seeds.add(seed)
  for (const spec of options.seededScans ?? []) seeds.addCompleted(spec)

  const processApiRequest = (route: RouteDefinition | undefined, context: RequestContext, key: string): EmulatorResponse => {
    let rateHeaders: Record<string, string> = {}
    try {
      if (!route) throw notFound(`No route answers ${key}.`)
      const decision = rateLimiter.take(key, context.nowMs)
      rateHeaders = decision.headers
      if (!decision.allowed) {
        return {
          status: 429,
          headers: { ...rateHeaders, 'Retry-After': String(decision.retryAfterSeconds) },
          body: rateLimitedBody(decision.retryAfterSeconds)
        }
      }
      if (route.auth === 'bearer') context.bearer = tokens.authorize(context.headers, route.scope)
      const response = route.handle(context)
      return { ...response, headers: { ...rateHeaders, ...response.headers } }
    } catch (error) {
      if (!(error instanceof EmulatorHttpError)) throw error
      const response = renderError(shape, error)
      return { ...response, headers: { ...rateHeaders, ...response.headers } }
    }
  }

  const handleRequest = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const startedAt = performance.now()
    const method = request.method ?? 'GET'
    const url = new URL(request.url ?? '/', `http://${LOOPBACK_HOST}`)
    const rawBody = await readBody(request)
    const finish = (answer: EmulatorResponse, note = '') => {
      writeResponse(response, answer, now())
      log(`${method} ${url.pathname} → ${answer.status}${note} (${Math.round(performance.now() - startedAt)} ms)`)
    }
    if (rawBody === undefined) {
      finish({ status: 413, body: { error: { code: 'payload_too_large', message: `The request body exceeds ${MAX_BODY_BYTES} bytes.` } } })
      return
    }
    const context: RequestContext = { method, url, headers: request.headers, rawBody, params: {}, nowMs: now() }

    if (url.pathname.startsWith(CONTROL_PREFIX)) {
      if (!isLoopbackAddress(request.socket.remoteAddress)) {
        finish({ status: 403, body: { error: { code: 'forbidden', message: 'The control routes answer loopback clients only.' } } })
        return
      }
      const control = matchRoute(controlRoutes, method, url.pathname)
      try {
        finish(
          control
            ? control.route.handle({ ...context, params: control.params })
            : { status: 404, body: { error: { code: 'not_found', message: `No control route answers ${method} ${url.pathname}.` } } }
        )
      } catch (error) {
        if (!(error instanceof EmulatorHttpError)) throw error
        finish(renderError('wrapped', error))
      }
      return
    }

    const matched = matchRoute(apiRoutes, method, url.pathname)
    const key = matched ? routeKey(matched.route) : `${method} ${url.pathname}`
    requestCounts[key] = (requestCounts[key] ?? 0) + 1
    seeds.routeRequested(key)
    context.params = matched?.params ?? {}
    const hostile = hostileBodies.take(method, url.pathname)
    if (hostile !== undefined && !altersAnswer(hostile)) {
      await writeHostileBody(response, hostile, rawBody, stopping.signal)
      return log(`${method} ${url.pathname} → [hostile ${hostile.kind}] (${Math.round(performance.now() - startedAt)} ms)`)
    }
    const fault = faults.take(method, url.pathname)
    const outcome = fault ? faultOutcome(fault) : undefined

    if (fault?.landAfterMs !== undefined && outcome) {
      later(fault.landAfterMs, () => {
        const landed = processApiRequest(matched?.route, { ...context, nowMs: now() }, key)
        log(`${method} ${url.pathname} landed late → ${landed.status}`)
      })
      if (outcome.action === 'drop') return dropConnection(request, log, `${method} ${url.pathname}`)
      if (outcome.action === 'respond') return finish(outcome.response, ` [fault ${fault.kind}, lands in ${fault.landAfterMs} ms]`)
    }
    if (fault && outcome?.action === 'trickle') {
      const answer = processApiRequest(matched?.route, context, key)
      await writeTrickled(response, answer, now(), outcome.ms, stopping.signal)
      log(`${method} ${url.pathname} → ${answer.status} [fault trickle] (${Math.round(performance.now() - startedAt)} ms)`)
      return
    }
    if (fault && !fault.after && outcome) {
      if (outcome.action === 'drop') return dropConnection(request, log, `${method} ${url.pathname}`)
      if (outcome.action === 'respond') return finish(outcome.response, ` [fault ${fault.kind}]`)
      if (!(await pause(outcome.ms, stopping.signal))) return
      context.nowMs = now()
    }
    const answer = processApiRequest(matched?.route, context, key)
    if (fault?.after && outcome) {
      if (outcome.action === 'drop') return dropConnection(request, log, `${method} ${url.pathname}`)
      if (outcome.action === 'respond') return finish(outcome.response, ` [fault ${fault.kind} after processing]`)
      if (!(await pause(outcome.ms, stopping.signal))) return
    }
    finish(hostile !== undefined ? alterAnswer(hostile, answer, rawBody) : answer, fault ? ` [fault ${fault.kind}]` : '')
  }

  const server = createServer((request, response) => {
    handleRequest(request, response).catch((error: unknown) => {
      log(`Internal error: ${(error as Error).message}`)
      if (!response.headersSent)
        writeResponse(response, { status: 500, body: { error: { code: 'internal_error', message: 'The emulator failed to answer.' } } }, now())
      else response.destroy()
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `Port ${options.port} on ${LOOPBACK_HOST} is already in use; choose another with --port, or 0 for a free one.`
            : `The emulator could not listen: ${error.message}.`
        )
      )
    })
    server.listen(options.port ?? 0, LOOPBACK_HOST, () => resolve())
  })
  const { port } = server.address() as AddressInfo

  let stopped: Promise<void> | undefined
  return {
    url: `http://${LOOPBACK_HOST}:${port}`,
    credentials: { clientId: DEMO_CLIENT_ID, clientSecret: DEMO_CLIENT_SECRET, apiKey: DEMO_API_KEY },
    readOnlyCredentials: { clientId: READ_ONLY_CLIENT_ID, clientSecret: READ_ONLY_CLIENT_SECRET },
    state: snapshot,
    injectFault: (fault: FaultSpec) => faults.arm(fault),
    clearFaults: () => faults.clear(),
    seedScan: (spec) => idText(shape, 'scan', seeds.addCompleted(spec).serial),
    chooseFindings: (asset, findings) => {
      chosen.set(asset.toLowerCase(), findings)
    },
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        stopping.abort()
        server.close(() => resolve())
        server.closeAllConnections()
      })
      return stopped
    }
  }
}

async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY_BYTES) return undefined
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function payloadOf(answer: EmulatorResponse): string {
  return answer.rawBody ?? (answer.body === undefined ? '' : JSON.stringify(answer.body))
}

/** Status line and headers, the Date header on the emulator's own clock included. */
function writeHead(response: ServerResponse, answer: EmulatorResponse, payload: string, nowMs: number): void {
  response.writeHead(answer.status, {
    Date: new Date(nowMs).toUTCString(),
    'Content-Type': answer.contentType ?? JSON_CONTENT_TYPE,
    'Content-Length': String(Buffer.byteLength(payload)),
    ...answer.headers
  })
}

function writeResponse(response: ServerResponse, answer: EmulatorResponse, nowMs: number): void {
  const payload = payloadOf(answer)
  writeHead(response, answer, payload, nowMs)
  response.end(payload)
}

/** Sends the headers at once, then the body one byte every `intervalMs`, until done, the client leaves or the emulator stops. */
async function writeTrickled(response: ServerResponse, answer: EmulatorResponse, nowMs: number, intervalMs: number, signal: AbortSignal): Promise<void> {
  const payload = Buffer.from(payloadOf(answer))
  writeHead(response, answer, payload.toString(), nowMs)
  response.flushHeaders()
  for (const byte of payload) {
    if (response.destroyed || !(await pause(intervalMs, signal)) || response.destroyed) {
      response.destroy()
      return
    }
    response.write(Buffer.from([byte]))
  }
  response.end()
}

function dropConnection(request: IncomingMessage, log: (line: string) => void, label: string): void {
  request.socket.destroy()
  log(`${label} → connection dropped [fault drop]`)
}

/** Waits `ms`; false when the emulator stopped meanwhile. */
async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal })
    return true
  } catch {
    return false
  }
}
