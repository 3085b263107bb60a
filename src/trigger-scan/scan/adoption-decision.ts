import type { Scan } from '../../core/api-types.js'

/**
 * A Date header has one-second resolution and is stamped a moment before the scan is made, so a scan
 * of ours may carry a created_at this much earlier than the header of the listing taken before the create.
 */
export const SERVER_CLOCK_SLACK_MS = 2_000

/** The asset's scans, listed just before this step sent its create request. */
export interface ScansBefore {
  ids: ReadonlySet<string>
  /** The server's clock (its Date header) when they were listed; never the runner's clock. */
  serverDateMs?: number
}

export interface AdoptionInput {
  request: { assetId: string; scanType: string }
  before: ScansBefore
  /** The asset's scans listed after the ambiguous create. */
  after: readonly Scan[]
  /** Scans already accounted for (the one a second create made). */
  known?: ReadonlySet<string>
}

export type AdoptionDecision = { kind: 'adopt'; scan: Scan } | { kind: 'several'; scans: Scan[] } | { kind: 'none' }

/** created_at earlier than the listing taken before the create, both read on the server's clock. */
function predatesSnapshot(scan: Scan, before: ScansBefore): boolean {
  if (before.serverDateMs === undefined || scan.createdAt === undefined) return false
  const createdMs = Date.parse(scan.createdAt)
  return Number.isFinite(createdMs) && createdMs < before.serverDateMs - SERVER_CLOCK_SLACK_MS
}

/**
 * Which scan, if any, an ambiguous create made. A candidate is a scan
 * of the same asset and type that was not in the listing taken before the create and, where the server
 * dates both, was not created before that listing. One candidate is adopted; several are refused.
 */
export function decideAdoption({ request, before, after, known }: AdoptionInput): AdoptionDecision {
  const candidates = after.filter(
    (scan) =>
      !before.ids.has(scan.scanId) &&
      !(known?.has(scan.scanId) ?? false) &&
      (scan.assetId === '' || scan.assetId === request.assetId) &&
      (scan.scanType === '' || scan.scanType === request.scanType) &&
      !predatesSnapshot(scan, before)
  )
  const unique = [...new Map(candidates.map((scan) => [scan.scanId, scan])).values()]
  const [only] = unique
  if (unique.length === 1 && only !== undefined) return { kind: 'adopt', scan: only }
  if (unique.length > 1) return { kind: 'several', scans: unique }
  return { kind: 'none' }
}
