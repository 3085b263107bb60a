import { toIsoInstant } from '../../core/access-token.js'
import * as log from '../../core/log.js'
import type { Scan } from '../../core/api-types.js'
import type { S4EApi } from '../../core/s4e-api.js'
import type { Timing } from '../../core/timing.js'
import { createScanOnce } from './create-scan-once.js'
import { resolveAsset, type ResolvedAsset } from './resolve-asset.js'
import type { KnownSoFar } from '../scan-outcome.js'
import type { ScanReport } from '../scan-report.js'
import type { AssetTarget, ScanAndGateRequest } from '../trigger-scan-inputs.js'

/** A scan this step created (or adopted), ready to be waited for. */
export interface StartedScan {
  readonly kind: 'started'
  readonly asset: ResolvedAsset
  readonly scan: Scan
  /** When its create was sent, on the timing clock. */
  readonly createdAtMs: number
  readonly report: ScanReport['scan']
}

/** An asset whose scan could not be started: the error, and what was known by then. */
export interface UnstartedScan {
  readonly kind: 'unstarted'
  readonly error: unknown
  readonly known: KnownSoFar
}

export interface StartScansOptions {
  timing: Timing
  signal?: AbortSignal
}

/** What is known of a target before anything is asked: the name or id it was given as. */
export function knownOfTarget(target: AssetTarget): KnownSoFar {
  return 'assetId' in target ? { assetId: target.assetId } : { assetName: target.assetName }
}

/** The error of an asset left unstarted because the workflow was cancelled during the creates. */
export class CancelledBeforeCreateError extends Error {}

async function startOne(api: ScanStartApi, target: AssetTarget, request: ScanAndGateRequest, options: StartScansOptions): Promise<StartedScan | UnstartedScan> {
  const { timing } = options
  let asset: ResolvedAsset
  try {
    asset = await resolveAsset(api, target)
  } catch (error) {
    return { kind: 'unstarted', error, known: knownOfTarget(target) }
  }
  const createdAtMs = timing.now()
  let scan: Scan
  try {
    const created = await createScanOnce(
      api,
      { assetId: asset.id, scanType: request.scanType, options: request.scanOptions, priority: request.priority },
      // Half of timeout-minutes at most, so a scan adopted late still has time to run.
      { timing, settleWindowMs: request.timeoutMs / 2, signal: options.signal }
    )
    scan = created.scan
  } catch (error) {
    return { kind: 'unstarted', error, known: { assetId: asset.id, assetName: asset.name } }
  }
  const estimate = scan.estimatedDurationSeconds !== undefined ? ` (estimated ${Math.round(scan.estimatedDurationSeconds)} s)` : ''
  log.info(`Started ${scan.scanType || request.scanType} scan ${scan.scanId} of asset ${asset.name ?? asset.id}${estimate}.`)
  const report: ScanReport['scan'] = {
    scanId: scan.scanId,
    scanType: scan.scanType || request.scanType,
    status: scan.status,
    startedAt: scan.createdAt ?? toIsoInstant(createdAtMs)
  }
  return { kind: 'started', asset, scan, createdAtMs, report }
}

type ScanStartApi = Pick<S4EApi, 'findAssetByName' | 'createScan' | 'listScans'>

/**
 * Resolves each asset and creates its scan exactly once, one asset after the other, in input order:
 * the create rate limit (429 with Retry-After) is waited out by the client between them. A cancel
 * stops the creates; the assets not reached yet are left unstarted.
 */
export async function startScans(api: ScanStartApi, request: ScanAndGateRequest, options: StartScansOptions): Promise<(StartedScan | UnstartedScan)[]> {
  const started: (StartedScan | UnstartedScan)[] = []
  for (const target of request.targets) {
    if (options.signal?.aborted === true) {
      const known = knownOfTarget(target)
      const error = new CancelledBeforeCreateError(
        `The workflow was cancelled before the scan of asset ${known.assetName ?? known.assetId} was created, so no scan of it was started.`
      )
      started.push({ kind: 'unstarted', error, known })
      continue
    }
    started.push(await startOne(api, target, request, options))
  }
  return started
}
