import * as log from '../../core/log.js'
import type { Scan } from '../../core/api-types.js'
import { AmbiguousRequestError, S4EApiError } from '../../core/errors.js'
import { causeOf, sentenceOf } from '../../core/problem.js'
import type { CreateScanRequest, S4EApi } from '../../core/s4e-api.js'
import type { Timing } from '../../core/timing.js'
import { decideAdoption, type AdoptionDecision, type ScansBefore } from './adoption-decision.js'

/** The longest wait for a scan of an ambiguous create to show in the asset's listing before creating again. */
export const MAX_SETTLE_WINDOW_MS = 60_000
/** Pause between two listings inside the settle window. */
export const SETTLE_LIST_INTERVAL_MS = 2_000
/** Never more than this many create requests, whatever the server does. */
export const MAX_CREATES = 2

export interface CreatedScan {
  scan: Scan
  /** True when the create answered ambiguously and the scan was found in the asset's scan list. */
  adopted: boolean
}

export interface CreateScanOnceOptions {
  timing: Pick<Timing, 'now' | 'sleep'>
  /** How long to keep listing after an ambiguous create (capped at MAX_SETTLE_WINDOW_MS). */
  settleWindowMs: number
  signal?: AbortSignal
}

type ScanListingApi = Pick<S4EApi, 'createScan' | 'listScans'>

async function listBefore(api: ScanListingApi, assetId: string): Promise<ScansBefore> {
  const { items, serverDateMs } = await api.listScans(assetId)
  return { ids: new Set(items.map((scan) => scan.scanId)), serverDateMs }
}

/** Lists the asset's scans until a scan of ours shows up, several do, or the settle window ends. */
async function settle(api: ScanListingApi, request: CreateScanRequest, before: ScansBefore, options: CreateScanOnceOptions): Promise<AdoptionDecision> {
  const { timing } = options
  const endsAt = timing.now() + Math.min(MAX_SETTLE_WINDOW_MS, Math.max(0, options.settleWindowMs))
  for (;;) {
    const { items } = await api.listScans(request.assetId)
    const decision = decideAdoption({ request, before, after: items })
    const left = endsAt - timing.now()
    if (decision.kind !== 'none' || left <= 0 || options.signal?.aborted === true) return decision
    await timing.sleep(Math.min(SETTLE_LIST_INTERVAL_MS, left), options.signal)
  }
}

/**
 * Creates the scan exactly once. POST /api/scan/create is not idempotent, so the asset's scans are
 * listed before it is sent; after an ambiguous failure (timeout, reset, 5xx once sent) the one new
 * scan is adopted, several are refused, and only when none shows up within the settle window is the
 * create sent a second (and last) time.
 */
export async function createScanOnce(api: ScanListingApi, request: CreateScanRequest, options: CreateScanOnceOptions): Promise<CreatedScan> {
  const before = await listBefore(api, request.assetId)
  for (let create = 1; ; create++) {
    let scan: Scan
    try {
      scan = await api.createScan(request)
    } catch (error) {
      if (!(error instanceof AmbiguousRequestError)) throw error
      log.info(
        sentenceOf({
          what: `Creating the scan of asset ${request.assetId} answered ambiguously, so this step looks for a new scan among its scans before creating another`,
          cause: causeOf(error)
        })
      )
      const decision = await settle(api, request, before, options)
      if (decision.kind === 'adopt') {
        log.info(`Found new scan ${decision.scan.scanId} (${decision.scan.scanType || request.scanType}); carrying on with it instead of creating another.`)
        return { scan: decision.scan, adopted: true }
      }
      if (decision.kind === 'several') {
        const ids = decision.scans.map((candidate) => candidate.scanId).join(', ')
        throw new S4EApiError(
          {
            what: `Creating the scan of asset ${request.assetId} answered ambiguously and ${decision.scans.length} new ${request.scanType} scans of it appeared (${ids}), so this step cannot tell which is its own`,
            fix: 'make sure only one workflow scans this asset at a time, then re-run the job'
          },
          error.status,
          error.code
        )
      }
      if (create >= MAX_CREATES) {
        throw new AmbiguousRequestError(
          {
            what: `Creating the scan of asset ${request.assetId} failed ambiguously ${create} times and no new scan of it appeared`,
            fix: 'check the S4E status page and re-run the job'
          },
          error.status,
          error.code
        )
      }
      log.info(`No new scan of asset ${request.assetId} appeared, so the create did not happen; sending it again.`)
      continue
    }
    if (create > 1) await warnOfLateFirstScan(api, request, before, scan)
    return { scan, adopted: false }
  }
}

/** After a second create, a first create that landed late shows as one more new scan: say so, naming both. */
async function warnOfLateFirstScan(api: ScanListingApi, request: CreateScanRequest, before: ScansBefore, ours: Scan): Promise<void> {
  const { items } = await api.listScans(request.assetId)
  const late = decideAdoption({ request, before, after: items, known: new Set([ours.scanId]) })
  const others = late.kind === 'adopt' ? [late.scan] : late.kind === 'several' ? late.scans : []
  if (others.length === 0) return
  log.warning(
    `The first request to create the scan of asset ${request.assetId} landed late, so two scans were started: this step follows ${ours.scanId} and leaves ${others.map((scan) => scan.scanId).join(', ')} running on S4E.`
  )
}
