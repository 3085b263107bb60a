import { toIsoInstant } from '../../core/access-token.js'
import { errorMessage, S4EApiError } from '../../core/errors.js'
import { pullRequestOpening } from '../../core/github-event.js'
import * as log from '../../core/log.js'
import { causeOf, clauseOf, ProblemError, sentenceOf } from '../../core/problem.js'
import { DeadlineExceededError } from '../../core/request-deadline.js'
import type { S4EApi } from '../../core/s4e-api.js'
import { realTiming, type Timing } from '../../core/timing.js'
import type { Finding } from '../../core/api-types.js'
import { TOO_MANY_ITEMS } from '../../core/listing.js'
import { matchBaseline } from './baseline-match.js'
import { findingsWarnings } from './findings-warnings.js'
import { gateFindings, ofScan, skippedGate } from './gate-findings.js'
import { resolveBaseline, type BaselineLookup, type CurrentScan } from './resolve-baseline.js'
import { pollScans, type PollScanResult } from './poll-scan.js'
import { startScans, type StartedScan, type UnstartedScan } from './start-scans.js'
import type { KnownSoFar, ScanOutcome } from '../scan-outcome.js'
import { TIMED_OUT_STATUS, type BaselineOutcome, type ScanReport } from '../scan-report.js'
import type { ScanAndGateRequest } from '../trigger-scan-inputs.js'

export interface RunScanOptions {
  timing?: Timing
  /** Aborted when the workflow is cancelled. */
  signal?: AbortSignal
  /** Scans started elsewhere, to wait for and gate instead of creating any (started-elsewhere.ts). */
  starts?: readonly (StartedScan | UnstartedScan)[]
}

/** A failure after work began; once a scan exists, its sentence names it, with the failure as its cause: the scan keeps running on S4E. */
function broken(error: unknown, knownBefore: KnownSoFar): ScanOutcome {
  // The step's time ran out while the server held a request: the outcome is a timeout.
  const known = error instanceof DeadlineExceededError && error.stepTimeRanOut ? { ...knownBefore, status: TIMED_OUT_STATUS } : knownBefore
  return { kind: 'broken', message: brokenMessage(error, known), known }
}

function brokenMessage(error: unknown, known: KnownSoFar): string {
  if (known.scanId === undefined) return errorMessage(error)
  const inner = error instanceof ProblemError ? error.problem : undefined
  return sentenceOf({
    what: `Scan ${known.scanId} was started on S4E, but this step could not finish it`,
    cause: inner !== undefined ? clauseOf(inner) : causeOf(error),
    fix: inner?.fix
  })
}

async function settle<T>(work: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await work }
  } catch (error) {
    return { ok: false, error }
  }
}

export type ScanApi = Pick<S4EApi, 'apiUrl' | 'findAssetByName' | 'createScan' | 'listScans' | 'getScanStatus' | 'listFindings'>

/**
 * Scans every asset of the request: creates each scan once, one asset after the other (honouring the
 * create rate limit), waits for all of them in one loop under one timeout (with wait: true), then
 * fetches each scan's findings and applies the baseline and the gate per scan. Never throws and
 * writes no output: it returns one outcome per asset, in input order, which reportTriggerScanRun reports.
 */
export async function runScansAndGate(api: ScanApi, request: ScanAndGateRequest, options: RunScanOptions = {}): Promise<ScanOutcome[]> {
  const timing = options.timing ?? realTiming
  const starts = options.starts ?? (await startScans(api, request, { timing, signal: options.signal }))
  const running = starts.filter((start): start is StartedScan => start.kind === 'started')
  const waits = new Map<StartedScan, PollScanResult>()
  const first = running[0]
  if (request.wait && first !== undefined) {
    const results = await pollScans(
      api,
      running.map((start) => ({ scanId: start.scan.scanId, createdAtMs: start.createdAtMs, estimatedDurationSeconds: start.scan.estimatedDurationSeconds })),
      // timeout-minutes counts from the first create, for every scan alike.
      { timing, intervalMs: request.pollIntervalMs, timeoutMs: request.timeoutMs, startedAtMs: first.createdAtMs, signal: options.signal }
    )
    running.forEach((start, index) => {
      const result = results[index]
      if (result !== undefined) waits.set(start, result)
    })
  }
  const outcomes: ScanOutcome[] = []
  for (const start of starts) {
    if (start.kind === 'unstarted') outcomes.push(broken(start.error, start.known))
    else outcomes.push(await finishScan(api, request, start, waits.get(start), timing))
  }
  return outcomes
}

/** After the wait: the scan's findings, its baseline and its gate (or why there are none). */
async function finishScan(
  api: ScanApi,
  request: ScanAndGateRequest,
  start: StartedScan,
  waited: PollScanResult | undefined,
  timing: Pick<Timing, 'now'>
): Promise<ScanOutcome> {
  const { scan, createdAtMs } = start
  let { asset } = start
  const assetKnown: KnownSoFar = { assetId: asset.id, assetName: asset.name }
  const reportOf = (scanPart: ScanReport['scan'], rest: Pick<ScanReport, 'gate' | 'findings' | 'baseline'>): ScanOutcome => ({
    kind: 'reported',
    report: { apiUrl: api.apiUrl, asset: { id: asset.id, name: asset.name }, scan: scanPart, ...rest, generatedAt: toIsoInstant(timing.now()) }
  })
  if (waited === undefined) return reportOf(start.report, { gate: skippedGate(request.failOn), findings: [] })

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
    ...start.report,
    status: waited.status,
    finishedAt: toIsoInstant(finishedAtMs),
    durationSeconds: Math.round((finishedAtMs - createdAtMs) / 1000)
  }
  if (waited.status !== 'completed') return reportOf(finished, { gate: skippedGate(request.failOn), findings: [] })

  const listed = await settle(api.listFindings(scan.scanId))
  // A findings answer that cannot be read whole fails closed: the scan's outcome is broken, never "0 findings".
  if (!listed.ok) {
    const known = { ...assetKnown, scanId: scan.scanId, status: 'failed' }
    // Read in part, never gated (docs/design.md, "What fails closed"): status failed, gate skipped, and fail-on-scan-error decides.
    const tooMany = listed.error instanceof S4EApiError && listed.error.code === TOO_MANY_ITEMS
    return tooMany ? { kind: 'broken', message: brokenMessage(listed.error, known), known, asScanError: true } : broken(listed.error, known)
  }
  const findings = listed.value.items
  for (const warning of findingsWarnings(scan.scanId, findings)) log.warning(sentenceOf(warning))
  // A scan started elsewhere and named by its id alone: its findings name its asset.
  asset = { ...asset, name: asset.name ?? findings.find((finding) => finding.assetName !== undefined)?.assetName }
  const current: CurrentScan = {
    assetId: asset.id,
    assetLabel: asset.name ?? asset.id,
    scanId: scan.scanId,
    scanType: start.report.scanType,
    createdAt: scan.createdAt,
    pullRequest: pullRequestOpening()
  }
  const baseline =
    request.baseline === undefined
      ? undefined
      : request.baseline.kind === 'previous' && asset.id === ''
        ? previousOfUnknownAsset(scan.scanId)
        : compareWithBaseline(await resolveBaseline(api, request.baseline, current), findings, current, request)
  const existing = baseline?.state === 'compared' && baseline.gateOn === 'new' ? new Set(baseline.match.existing) : undefined
  const gate = gateFindings(findings, { scanId: scan.scanId, failOn: request.failOn, ignore: request.ignore, existing })
  return reportOf(finished, { gate, findings, baseline })
}

/** baseline: previous for a scan named by id alone: S4E gives no way to its asset's earlier scans, so the gate counts every finding. */
function previousOfUnknownAsset(scanId: string): BaselineOutcome {
  return {
    state: 'missing',
    reason: sentenceOf({
      what: `Scan ${scanId} was named by its id alone, so its asset and its previous scan are unknown and the gate counts every open finding of it`,
      fix: 'gate it with scans-from and the scans file of the step that started it, or with baseline: scan:<id>'
    })
  }
}

/** The comparison of this scan's findings with the baseline's, or why there is none. */
function compareWithBaseline(lookup: BaselineLookup, findings: readonly Finding[], current: CurrentScan, request: ScanAndGateRequest): BaselineOutcome {
  if ('missing' in lookup) return { state: 'missing', reason: lookup.missing }
  const { found } = lookup
  const match = matchBaseline(ofScan(findings, current.scanId), ofScan(found.findings, found.scanId), { ignore: request.ignore })
  return { state: 'compared', scanId: found.scanId, assetLabel: found.assetLabel, gateOn: request.gateOn, match }
}
