// Fan-in: scans started elsewhere (a matrix leg, a deploy workflow), waited for and gated exactly
// as if this step had started them, without a single create (docs/design.md, "Fan-in across jobs").
import { S4EApiError } from '../../core/errors.js'
import * as log from '../../core/log.js'
import { ProblemError, sentenceOf } from '../../core/problem.js'
import type { ScanStatusResult } from '../../core/s4e-api.js'
import { realTiming, type Timing } from '../../core/timing.js'
import { TriggerScanInput } from '../names.js'
import type { ScanOutcome } from '../scan-outcome.js'
import type { ScanRef } from '../scans-from.js'
import type { ScanAndGateRequest } from '../trigger-scan-inputs.js'
import { runScansAndGate, type RunScanOptions, type ScanApi } from './run-scan-and-gate.js'
import type { StartedScan, UnstartedScan } from './start-scans.js'

/** The scan id names no scan on this installation. */
export class UnknownScanError extends S4EApiError {
  override readonly name: string = 'UnknownScanError'
}

/** Its first status check: the scan as if this step had just started it, or why it cannot be gated. */
async function findOne(
  api: ScanApi,
  ref: ScanRef,
  request: ScanAndGateRequest,
  timing: Timing
): Promise<{ start: StartedScan | UnstartedScan; status?: ScanStatusResult }> {
  const known = { assetId: ref.assetId, assetName: ref.assetName }
  const createdAtMs = timing.now()
  let status: ScanStatusResult
  try {
    status = await api.getScanStatus(ref.scanId)
  } catch (error) {
    if (error instanceof S4EApiError && error.status === 404) {
      const unknown = new UnknownScanError(
        {
          what: `No scan ${ref.scanId} exists on the S4E installation at ${api.apiUrl}`,
          cause: `its status answered HTTP 404`,
          fix: `check the ${TriggerScanInput.scanId} input or the scans files, and that api-url names the installation that started the scan`
        },
        404,
        error.code
      )
      return { start: { kind: 'unstarted', error: unknown, known } }
    }
    return { start: { kind: 'unstarted', error, known: { ...known, scanId: ref.scanId } } }
  }
  log.info(
    `Gating scan ${ref.scanId}${ref.assetName !== undefined || ref.assetId !== undefined ? ` of asset ${ref.assetName ?? ref.assetId}` : ''}, started elsewhere (${status.status}).`
  )
  // The scans entry names its scan type (baseline, SARIF category); a bare id or an older file takes the scan-type input's.
  const scanType = ref.scanType ?? request.scanType
  const scan = { scanId: ref.scanId, assetId: ref.assetId ?? '', scanType, status: status.status }
  const report = { scanId: ref.scanId, scanType, status: status.status }
  return { start: { kind: 'started', asset: { id: ref.assetId ?? '', name: ref.assetName }, scan, createdAtMs, report }, status }
}

/**
 * An API whose first status check of each scan is the answer already read, so the wait does not
 * ask again: one status request per scan per interval, the first one included.
 */
function primedApi(api: ScanApi, first: Map<string, ScanStatusResult>): ScanApi {
  return {
    apiUrl: api.apiUrl,
    findAssetByName: (name) => api.findAssetByName(name),
    createScan: (request) => api.createScan(request),
    listScans: (assetId) => api.listScans(assetId),
    listFindings: (scanId) => api.listFindings(scanId),
    getScanStatus: async (scanId) => {
      const answer = first.get(scanId)
      if (answer === undefined) return api.getScanStatus(scanId)
      first.delete(scanId)
      return answer
    }
  }
}

/**
 * The scans of one step, each once: created here (asset, asset-id), or started elsewhere (scan-id,
 * scans-from) and only waited for and gated. One outcome per scan, in input order; never throws.
 */
export async function runScanStep(api: ScanApi, request: ScanAndGateRequest, options: RunScanOptions = {}): Promise<ScanOutcome[]> {
  const refs = request.startedElsewhere
  if (refs === undefined) return runScansAndGate(api, request, options)
  if (refs.length === 0) {
    const message = sentenceOf({
      what: `The ${TriggerScanInput.scansFrom} files hold no scan to gate`,
      cause: 'every scans array in them is empty',
      fix: 'check that the jobs that scan ran and uploaded their scans files, or leave the fan-in step out when nothing was scanned'
    })
    return [{ kind: 'broken', message, known: {} }]
  }
  const timing = options.timing ?? realTiming
  const starts: (StartedScan | UnstartedScan)[] = []
  const first = new Map<string, ScanStatusResult>()
  for (const ref of refs) {
    if (options.signal?.aborted === true) {
      const error = new ProblemError({ what: `The workflow was cancelled before scan ${ref.scanId} was checked, so it was not gated`, fix: 're-run the job' })
      starts.push({ kind: 'unstarted', error, known: { assetId: ref.assetId, assetName: ref.assetName } })
      continue
    }
    const found = await findOne(api, ref, request, timing)
    starts.push(found.start)
    if (found.status !== undefined) first.set(ref.scanId, found.status)
  }
  return runScansAndGate(primedApi(api, first), request, { ...options, starts })
}
