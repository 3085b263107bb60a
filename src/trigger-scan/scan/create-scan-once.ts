import * as log from '../../core/log.js'
import type { Scan } from '../../core/api-types.js'
import { AmbiguousRequestError } from '../../core/errors.js'
import type { CreateScanRequest, S4EApi } from '../../core/s4e-api.js'
import type { Timing } from '../../core/timing.js'

/** Server and runner clocks differ: a scan stamped this much before our request may still be ours. */
export const CLOCK_SKEW_TOLERANCE_MS = 60_000
/** Ambiguous creates in a row before giving up. */
const MAX_CREATE_ATTEMPTS = 3
const NOT_STARTED_STATUSES = new Set(['queued', 'pending', 'created'])

export interface CreatedScan {
  scan: Scan
  /** True when the create answered ambiguously and the scan was found in the asset's scan list. */
  adopted: boolean
}

/**
 * The scan of this asset that our ambiguous create most likely made: same scan type, created no
 * earlier than just before the request (clock skew allowed). Newest first.
 */
export function findAdoptableScan(scans: readonly Scan[], request: CreateScanRequest, requestedAtMs: number): Scan | undefined {
  const candidates = scans.filter((scan) => {
    if (scan.assetId !== '' && scan.assetId !== request.assetId) return false
    if (scan.scanType !== '' && scan.scanType !== request.scanType) return false
    if (scan.createdAt === undefined) return NOT_STARTED_STATUSES.has(scan.status)
    const createdMs = Date.parse(scan.createdAt)
    return Number.isFinite(createdMs) && createdMs >= requestedAtMs - CLOCK_SKEW_TOLERANCE_MS
  })
  return candidates.sort((a, b) => (Date.parse(b.createdAt ?? '') || 0) - (Date.parse(a.createdAt ?? '') || 0))[0]
}

/**
 * Creates the scan exactly once. POST /api/scan/create is not idempotent, so after an ambiguous
 * failure (timeout, reset, 5xx once sent) it adopts the scan the server made instead of creating
 * a second one, and creates again only when the asset has no such scan.
 */
export async function createScanOnce(
  api: Pick<S4EApi, 'createScan' | 'listScans'>,
  request: CreateScanRequest,
  timing: Pick<Timing, 'now'>
): Promise<CreatedScan> {
  for (let attempt = 1; ; attempt++) {
    const requestedAtMs = timing.now()
    try {
      return { scan: await api.createScan(request), adopted: false }
    } catch (error) {
      if (!(error instanceof AmbiguousRequestError)) throw error
      log.info(`${error.message.replace(/\.$/, '')}; looking for the scan among the scans of asset ${request.assetId} before creating another.`)
      const adopted = findAdoptableScan(await api.listScans(request.assetId), request, requestedAtMs)
      if (adopted !== undefined) {
        log.info(`Found scan ${adopted.scanId} (${adopted.scanType || request.scanType}, created ${adopted.createdAt ?? 'just now'}); carrying on with it instead of creating another.`)
        return { scan: adopted, adopted: true }
      }
      if (attempt >= MAX_CREATE_ATTEMPTS) {
        throw new AmbiguousRequestError(
          `Creating the scan of asset ${request.assetId} failed ambiguously ${attempt} times and no new scan of it appeared: check the S4E status page and re-run the job.`,
          error.status,
          error.code
        )
      }
      log.info(`No new scan of asset ${request.assetId} was found, so the create did not happen; trying again.`)
    }
  }
}
