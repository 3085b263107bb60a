import * as log from '../../core/log.js'
import type { Finding, Scan } from '../../core/api-types.js'
import { errorMessage, S4EApiError } from '../../core/errors.js'
import type { S4EApi } from '../../core/s4e-api.js'
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
}

type BaselineApi = Pick<S4EApi, 'findAssetByName' | 'listScans' | 'getScanStatus' | 'listFindings'>

const STRICTER = 'so the gate counts every open finding of this scan'

const isNotFound = (error: unknown) => error instanceof S4EApiError && error.status === 404
const timeOf = (scan: Scan) => (scan.createdAt !== undefined ? Date.parse(scan.createdAt) : Number.NaN)

/** The newest completed scan of the type, created before `before` when both instants are known; the list is newest first. */
export function latestCompletedScan(scans: readonly Scan[], scanType: string, options: { excludeScanId?: string; before?: string } = {}): Scan | undefined {
  const beforeMs = options.before !== undefined ? Date.parse(options.before) : Number.NaN
  const candidates = scans.filter(
    (scan) =>
      scan.status === 'completed' &&
      scan.scanId !== options.excludeScanId &&
      (scan.scanType === '' || scan.scanType === scanType) &&
      !(Number.isFinite(beforeMs) && timeOf(scan) >= beforeMs)
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

  if (spec.kind === 'previous') {
    const previous = latestCompletedScan((await api.listScans(current.assetId)).items, current.scanType, {
      excludeScanId: current.scanId,
      before: current.createdAt
    })
    if (previous === undefined) {
      return {
        missing: `No earlier completed ${current.scanType} scan of ${current.assetLabel} exists to compare with (baseline: previous), ${STRICTER}: this is expected on the first scan of an asset.`
      }
    }
    return { scanId: previous.scanId, assetLabel: current.assetLabel }
  }

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
    const reason = errorMessage(error).replace(/[.…]+$/, '')
    // Inside the sentence: "The S4E API…" → "the S4E API…", acronyms left alone.
    const inner = /^[A-Z][a-z]/.test(reason) ? reason.charAt(0).toLowerCase() + reason.slice(1) : reason
    return { missing: `The baseline could not be read (${inner}), ${STRICTER}: fix the cause, or set baseline: none.` }
  }
}
