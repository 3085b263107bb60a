import * as log from '../../core/log.js'
import { toIsoInstant } from '../../core/access-token.js'
import { errorMessage } from '../../core/errors.js'
import { DeadlineExceededError } from '../../core/request-deadline.js'
import type { S4EApi } from '../../core/s4e-api.js'
import { realTiming, type Timing } from '../../core/timing.js'
import { createScanOnce } from './create-scan-once.js'
import { gateFindings, skippedGate } from './gate-findings.js'
import { pollScan, TIMED_OUT_STATUS } from './poll-scan.js'
import { resolveAsset } from './resolve-asset.js'
import type { ScanReport } from '../scan-report.js'
import type { ScanAndGateRequest } from '../trigger-scan-inputs.js'

/** What a run knew when it stopped: the outputs a failed step still sets. */
export interface KnownSoFar {
  assetId?: string
  assetName?: string
  scanId?: string
  status?: string
}

/** A failure after work began, carrying what was known so the outputs can still be set. */
export class ScanRunError extends Error {
  override readonly name: string = 'ScanRunError'
  constructor(
    message: string,
    readonly known: KnownSoFar,
    readonly cause?: unknown
  ) {
    super(message)
  }
}

export interface RunScanOptions {
  timing?: Timing
  /** Aborted when the workflow is cancelled. */
  signal?: AbortSignal
}

/** "The token…" → "the token…", leaving acronyms such as "S4E" alone. */
function lowerFirst(sentence: string): string {
  return /^[A-Z][a-z]/.test(sentence) ? sentence[0].toLowerCase() + sentence.slice(1) : sentence
}

type ScanApi = Pick<S4EApi, 'apiUrl' | 'findAssetByName' | 'createScan' | 'listScans' | 'getScanStatus' | 'listFindings'>

/**
 * Resolves the asset, creates the scan once, waits for it (with wait: true), fetches every finding
 * and applies the gate. Sets no outputs and fails nothing: reportTriggerScan does that.
 */
export async function runScanAndGate(api: ScanApi, request: ScanAndGateRequest, options: RunScanOptions = {}): Promise<ScanReport> {
  const timing = options.timing ?? realTiming
  const known: KnownSoFar = {}
  const fail = (error: unknown): never => {
    if (error instanceof ScanRunError) throw error
    // The step's time ran out while the server held a request: the outcome is a timeout.
    if (error instanceof DeadlineExceededError && error.stepTimeRanOut) known.status = TIMED_OUT_STATUS
    const message = errorMessage(error)
    // Once a scan exists, every failure names it: it keeps running on S4E.
    throw new ScanRunError(known.scanId !== undefined ? `Scan ${known.scanId} was started on S4E, but ${lowerFirst(message)}` : message, { ...known }, error)
  }

  try {
    const asset = await resolveAsset(api, request.target)
    known.assetId = asset.id
    known.assetName = asset.name

    const createdAtMs = timing.now()
    const { scan } = await createScanOnce(
      api,
      { assetId: asset.id, scanType: request.scanType, options: request.scanOptions, priority: request.priority },
      // Half of timeout-minutes at most, so a scan adopted late still has time to run.
      { timing, settleWindowMs: request.timeoutMs / 2, signal: options.signal }
    )
    known.scanId = scan.scanId
    known.status = scan.status
    const estimate = scan.estimatedDurationSeconds !== undefined ? ` (estimated ${Math.round(scan.estimatedDurationSeconds)} s)` : ''
    log.info(`Started ${scan.scanType || request.scanType} scan ${scan.scanId} of asset ${asset.name ?? asset.id}${estimate}.`)

    const report: ScanReport = {
      apiUrl: api.apiUrl,
      asset: { id: asset.id, name: asset.name },
      scan: { scanId: scan.scanId, scanType: scan.scanType || request.scanType, status: scan.status, startedAt: scan.createdAt ?? toIsoInstant(createdAtMs) },
      gate: skippedGate(request.failOn),
      findings: [],
      generatedAt: toIsoInstant(timing.now())
    }
    if (!request.wait) return report

    // Remembers the last status seen, so a failure during the wait still reports it.
    const watched = {
      getScanStatus: async (scanId: string) => {
        const status = await api.getScanStatus(scanId)
        known.status = status.status
        return status
      }
    }
    const waited = await pollScan(watched, scan.scanId, {
      timing,
      intervalMs: request.pollIntervalMs,
      timeoutMs: request.timeoutMs,
      createdAtMs,
      estimatedDurationSeconds: scan.estimatedDurationSeconds,
      signal: options.signal
    })
    known.status = waited.status
    if (waited.cancelled) {
      throw new ScanRunError(
        `The workflow was cancelled while waiting for scan ${scan.scanId} (last status ${waited.status}); the scan keeps running on S4E, so check it there or re-run the job.`,
        { ...known }
      )
    }
    const finishedAtMs = timing.now()
    report.scan.status = waited.status
    report.scan.finishedAt = toIsoInstant(finishedAtMs)
    report.scan.durationSeconds = Math.round((finishedAtMs - createdAtMs) / 1000)
    if (waited.status === 'completed') {
      const { items } = await api.listFindings(scan.scanId)
      report.findings = items
      report.gate = gateFindings(items, { scanId: scan.scanId, failOn: request.failOn, ignore: request.ignore })
    }
    report.generatedAt = toIsoInstant(timing.now())
    return report
  } catch (error) {
    return fail(error)
  }
}
