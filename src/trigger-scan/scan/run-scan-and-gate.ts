import { toIsoInstant } from '../../core/access-token.js'
import { errorMessage } from '../../core/errors.js'
import * as log from '../../core/log.js'
import { DeadlineExceededError } from '../../core/request-deadline.js'
import type { S4EApi } from '../../core/s4e-api.js'
import { realTiming, type Timing } from '../../core/timing.js'
import { createScanOnce } from './create-scan-once.js'
import type { Finding } from '../../core/api-types.js'
import { matchBaseline } from './baseline-match.js'
import { gateFindings, ofScan, skippedGate } from './gate-findings.js'
import { resolveBaseline, type BaselineLookup, type CurrentScan } from './resolve-baseline.js'
import { pollScan, TIMED_OUT_STATUS } from './poll-scan.js'
import { resolveAsset } from './resolve-asset.js'
import type { KnownSoFar, ScanOutcome } from '../scan-outcome.js'
import type { BaselineOutcome, ScanReport } from '../scan-report.js'
import type { ScanAndGateRequest } from '../trigger-scan-inputs.js'

export interface RunScanOptions {
  timing?: Timing
  /** Aborted when the workflow is cancelled. */
  signal?: AbortSignal
}

/** "The token…" → "the token…", leaving acronyms such as "S4E" alone. */
function lowerFirst(sentence: string): string {
  return /^[A-Z][a-z]/.test(sentence) ? sentence.charAt(0).toLowerCase() + sentence.slice(1) : sentence
}

/** A failure after work began; once a scan exists, its sentence names it: the scan keeps running on S4E. */
function broken(error: unknown, knownBefore: KnownSoFar): ScanOutcome {
  const message = errorMessage(error)
  // The step's time ran out while the server held a request: the outcome is a timeout.
  const known = error instanceof DeadlineExceededError && error.stepTimeRanOut ? { ...knownBefore, status: TIMED_OUT_STATUS } : knownBefore
  return { kind: 'broken', message: known.scanId !== undefined ? `Scan ${known.scanId} was started on S4E, but ${lowerFirst(message)}` : message, known }
}

async function settle<T>(work: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await work }
  } catch (error) {
    return { ok: false, error }
  }
}

type ScanApi = Pick<S4EApi, 'apiUrl' | 'findAssetByName' | 'createScan' | 'listScans' | 'getScanStatus' | 'listFindings'>

/**
 * Resolves the asset, creates the scan once, waits for it (with wait: true), fetches every finding
 * and applies the gate. Never throws and writes no output: it returns the outcome, which
 * reportTriggerScanRun reports.
 */
export async function runScanAndGate(api: ScanApi, request: ScanAndGateRequest, options: RunScanOptions = {}): Promise<ScanOutcome> {
  const timing = options.timing ?? realTiming

  const resolved = await settle(resolveAsset(api, request.target))
  if (!resolved.ok) return broken(resolved.error, {})
  const asset = resolved.value
  const assetKnown: KnownSoFar = { assetId: asset.id, assetName: asset.name }

  const createdAtMs = timing.now()
  const created = await settle(
    createScanOnce(
      api,
      { assetId: asset.id, scanType: request.scanType, options: request.scanOptions, priority: request.priority },
      // Half of timeout-minutes at most, so a scan adopted late still has time to run.
      { timing, settleWindowMs: request.timeoutMs / 2, signal: options.signal }
    )
  )
  if (!created.ok) return broken(created.error, assetKnown)
  const { scan } = created.value
  const estimate = scan.estimatedDurationSeconds !== undefined ? ` (estimated ${Math.round(scan.estimatedDurationSeconds)} s)` : ''
  log.info(`Started ${scan.scanType || request.scanType} scan ${scan.scanId} of asset ${asset.name ?? asset.id}${estimate}.`)

  const started: ScanReport['scan'] = {
    scanId: scan.scanId,
    scanType: scan.scanType || request.scanType,
    status: scan.status,
    startedAt: scan.createdAt ?? toIsoInstant(createdAtMs)
  }
  const reportOf = (scanPart: ScanReport['scan'], rest: Pick<ScanReport, 'gate' | 'findings' | 'baseline'>): ScanOutcome => ({
    kind: 'reported',
    report: { apiUrl: api.apiUrl, asset: { id: asset.id, name: asset.name }, scan: scanPart, ...rest, generatedAt: toIsoInstant(timing.now()) }
  })
  if (!request.wait) return reportOf(started, { gate: skippedGate(request.failOn), findings: [] })

  const waited = await pollScan(api, scan.scanId, {
    timing,
    intervalMs: request.pollIntervalMs,
    timeoutMs: request.timeoutMs,
    createdAtMs,
    estimatedDurationSeconds: scan.estimatedDurationSeconds,
    signal: options.signal
  })
  const lastStatus = waited.last?.status ?? scan.status
  if (waited.error !== undefined) return broken(waited.error, { ...assetKnown, scanId: scan.scanId, status: lastStatus })
  if (waited.cancelled) {
    return {
      kind: 'broken',
      message: `The workflow was cancelled while waiting for scan ${scan.scanId} (last status ${lastStatus}); the scan keeps running on S4E, so check it there or re-run the job.`,
      known: { ...assetKnown, scanId: scan.scanId, status: lastStatus }
    }
  }
  const finishedAtMs = timing.now()
  const finished: ScanReport['scan'] = {
    ...started,
    status: waited.status,
    finishedAt: toIsoInstant(finishedAtMs),
    durationSeconds: Math.round((finishedAtMs - createdAtMs) / 1000)
  }
  if (waited.status !== 'completed') return reportOf(finished, { gate: skippedGate(request.failOn), findings: [] })

  const listed = await settle(api.listFindings(scan.scanId))
  if (!listed.ok) return broken(listed.error, { ...assetKnown, scanId: scan.scanId, status: waited.status })
  const findings = listed.value.items
  const current: CurrentScan = { assetId: asset.id, assetLabel: asset.name ?? asset.id, scanId: scan.scanId, scanType: started.scanType, createdAt: scan.createdAt }
  const baseline = request.baseline !== undefined ? compareWithBaseline(await resolveBaseline(api, request.baseline, current), findings, current, request) : undefined
  const existing = baseline?.state === 'compared' && baseline.gateOn === 'new' ? new Set(baseline.match.existing) : undefined
  const gate = gateFindings(findings, { scanId: scan.scanId, failOn: request.failOn, ignore: request.ignore, existing })
  return reportOf(finished, { gate, findings, baseline })
}

/** The comparison of this scan's findings with the baseline's, or why there is none. */
function compareWithBaseline(lookup: BaselineLookup, findings: readonly Finding[], current: CurrentScan, request: ScanAndGateRequest): BaselineOutcome {
  if ('missing' in lookup) return { state: 'missing', reason: lookup.missing }
  const { found } = lookup
  const match = matchBaseline(ofScan(findings, current.scanId), ofScan(found.findings, found.scanId), { ignore: request.ignore })
  return { state: 'compared', scanId: found.scanId, assetLabel: found.assetLabel, gateOn: request.gateOn, match }
}
