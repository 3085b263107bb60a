import * as log from '../../core/log.js'
import type { Finding, Scan } from '../../core/api-types.js'
import { S4EApiError } from '../../core/errors.js'
import type { PullRequestOpening } from '../../core/github-event.js'
import { causeOf, sentenceOf } from '../../core/problem.js'
import type { PageResult, S4EApi } from '../../core/s4e-api.js'
import type { BaselineSpec } from '../trigger-scan-inputs.js'

/** The scan this one is compared with, and its findings. */
export interface FoundBaseline {
  scanId: string
  /** The asset it belongs to, for the report: its name when known, else its id. */
  assetLabel?: string
  findings: Finding[]
}

/** Found, or the sentence that says why not (the step then gates on every finding). */
export type BaselineLookup = { found: FoundBaseline } | { missing: string }

export interface CurrentScan {
  assetId: string
  assetLabel: string
  scanId: string
  scanType: string
  createdAt?: string
  /** On a pull-request event: when the pull request was opened (`baseline: previous` looks only before it). */
  pullRequest?: PullRequestOpening
}

/**
 * How much earlier than the pull request's opening (placed on the server's clock) a scan must be to
 * count as made before it: the Date header's one-second resolution and the unknown skew between
 * GitHub's clock and the runner's. Too large only picks an older baseline, which is stricter.
 */
export const PULL_REQUEST_CLOCK_SLACK_MS = 60_000

type BaselineApi = Pick<S4EApi, 'findAssetByName' | 'listScans' | 'getScanStatus' | 'listFindings'>

const STRICTER = 'so the gate counts every open finding of this scan'

const isNotFound = (error: unknown) => error instanceof S4EApiError && error.status === 404
const timeOf = (scan: Scan) => (scan.createdAt !== undefined ? Date.parse(scan.createdAt) : Number.NaN)

/**
 * The newest completed scan of the type, created before `before` when both instants are known; the
 * list is newest first. With `strictlyBeforeMs` (ms on the server's clock), only a scan whose
 * created_at shows it was made earlier counts: one without a date is left out.
 */
export function latestCompletedScan(
  scans: readonly Scan[],
  scanType: string,
  options: { excludeScanId?: string; before?: string; strictlyBeforeMs?: number } = {}
): Scan | undefined {
  const beforeMs = options.before !== undefined ? Date.parse(options.before) : Number.NaN
  const { strictlyBeforeMs } = options
  const candidates = scans.filter(
    (scan) =>
      scan.status === 'completed' &&
      scan.scanId !== options.excludeScanId &&
      (scan.scanType === '' || scan.scanType === scanType) &&
      !(Number.isFinite(beforeMs) && timeOf(scan) >= beforeMs) &&
      (strictlyBeforeMs === undefined || timeOf(scan) < strictlyBeforeMs)
  )
  // Stable: scans without an instant keep the server's newest-first order.
  return [...candidates].sort((a, b) => (Number.isFinite(timeOf(a)) && Number.isFinite(timeOf(b)) ? timeOf(b) - timeOf(a) : 0))[0]
}

async function findBaselineScan(
  api: BaselineApi,
  spec: BaselineSpec,
  current: CurrentScan
): Promise<{ scanId: string; assetLabel?: string } | { missing: string }> {
  if (spec.kind === 'scan') {
    let status: string
    try {
      status = (await api.getScanStatus(spec.scanId)).status
    } catch (error) {
      if (isNotFound(error)) return { missing: `The baseline scan ${spec.scanId} does not exist on S4E, ${STRICTER}: fix the baseline input.` }
      throw error
    }
    if (status !== 'completed')
      return { missing: `The baseline scan ${spec.scanId} is ${status}, not completed, ${STRICTER}: wait for it to complete or choose another baseline.` }
    return { scanId: spec.scanId }
  }

  if (spec.kind === 'previous') return findPreviousScan(await api.listScans(current.assetId), current)

  // asset:<name or id>: a registered name first, else the text as an asset id.
  const named = await api.findAssetByName(spec.asset)
  const assetId = named?.id ?? spec.asset
  let scans: Scan[]
  try {
    scans = (await api.listScans(assetId)).items
  } catch (error) {
    if (isNotFound(error))
      return {
        missing: `No asset named or numbered "${spec.asset}" is registered in this S4E workspace (baseline: asset:${spec.asset}), ${STRICTER}: register and scan it, or fix the baseline input.`
      }
    throw error
  }
  const latest = latestCompletedScan(scans, current.scanType, { excludeScanId: current.scanId })
  if (latest === undefined) {
    return {
      missing: `The baseline asset ${named?.name ?? spec.asset} has no completed ${current.scanType} scan yet, ${STRICTER}: scan it (for example after each production deploy), or fix the baseline input.`
    }
  }
  return { scanId: latest.scanId, assetLabel: named?.name ?? spec.asset }
}

/**
 * `baseline: previous`: the latest completed scan before this one; on a pull request, before the
 * pull request was opened, so a finding it brings stays new on every re-run and push
 * (docs/design.md, "Re-runs of a pull request").
 */
function findPreviousScan(listing: PageResult<Scan>, current: CurrentScan): { scanId: string; assetLabel?: string } | { missing: string } {
  const { pullRequest } = current
  let strictlyBeforeMs: number | undefined
  if (pullRequest !== undefined) {
    if (pullRequest.openedAtMs === undefined) {
      return {
        missing: sentenceOf({
          what: `The event payload gives no valid pull_request.created_at, so baseline: previous cannot tell the scans made before this pull request from its own, ${STRICTER}`,
          fix: 'run the step on an event GitHub sends with the pull request, or set baseline: asset:<name> or scan:<id>'
        })
      }
    }
    if (listing.serverClockAheadMs === undefined) {
      return {
        missing: sentenceOf({
          what: `The S4E API sent no Date header, so baseline: previous cannot place the opening of this pull request on its clock, ${STRICTER}`,
          fix: 'set baseline: asset:<name> or scan:<id>, or report the missing header to S4E support'
        })
      }
    }
    strictlyBeforeMs = pullRequest.openedAtMs + listing.serverClockAheadMs - PULL_REQUEST_CLOCK_SLACK_MS
  }
  const previous = latestCompletedScan(listing.items, current.scanType, { excludeScanId: current.scanId, before: current.createdAt, strictlyBeforeMs })
  if (previous !== undefined) return { scanId: previous.scanId, assetLabel: current.assetLabel }
  if (pullRequest !== undefined) {
    return {
      missing: sentenceOf({
        what: `No completed ${current.scanType} scan of ${current.assetLabel} was made before this pull request was opened (baseline: previous), ${STRICTER}`,
        fix: 'this is expected when the asset was first scanned for this pull request; scan it from the base branch to have a baseline'
      })
    }
  }
  return {
    missing: `No earlier completed ${current.scanType} scan of ${current.assetLabel} exists to compare with (baseline: previous), ${STRICTER}: this is expected on the first scan of an asset.`
  }
}

/**
 * Finds the baseline scan and reads its findings. Never throws: a baseline that cannot be found or
 * read comes back as `missing`, with the sentence to warn with, and the gate counts every finding.
 */
export async function resolveBaseline(api: BaselineApi, spec: BaselineSpec, current: CurrentScan): Promise<BaselineLookup> {
  try {
    const scan = await findBaselineScan(api, spec, current)
    if ('missing' in scan) return scan
    const { items } = await api.listFindings(scan.scanId)
    // A scan named by id says nothing of its asset; its findings do.
    const assetLabel = scan.assetLabel ?? items.find((finding) => finding.assetName !== undefined)?.assetName
    log.info(
      `Comparing scan ${current.scanId} with baseline scan ${scan.scanId}${assetLabel !== undefined ? ` of ${assetLabel}` : ''} (${items.length} finding(s)).`
    )
    return { found: { scanId: scan.scanId, assetLabel, findings: items } }
  } catch (error) {
    return { missing: sentenceOf({ what: `The baseline could not be read, ${STRICTER}`, cause: causeOf(error), fix: 'fix the cause, or set baseline: none' }) }
  }
}
