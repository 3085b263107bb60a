import * as log from '../../core/log.js'
import { TERMINAL_SCAN_STATUSES } from '../../core/api-types.js'
import type { S4EApi, ScanStatusResult } from '../../core/s4e-api.js'
import type { Timing } from '../../core/timing.js'
import { nextPollDelayMs } from './poll-schedule.js'

export const TIMED_OUT_STATUS = 'timed-out'

export interface PollScanOptions {
  timing: Timing
  intervalMs: number
  timeoutMs: number
  /** When the scan was created, on the timing clock. */
  createdAtMs: number
  estimatedDurationSeconds?: number
  /** Aborted when the workflow is cancelled: the wait ends at once. */
  signal?: AbortSignal
}

export interface PollScanResult {
  /** A terminal status, `timed-out`, or the last status seen when the wait was cancelled. */
  status: string
  cancelled: boolean
  statusChecks: number
  last?: ScanStatusResult
  /** Why the wait broke off (a status request that failed for good); `last` is the last status seen. */
  error?: unknown
}

function describeProgress(status: ScanStatusResult): string {
  const parts = [status.status]
  if (status.progress !== undefined) parts.push(`${status.progress}%`)
  if (status.phase !== undefined && status.phase !== status.status) parts.push(`phase ${status.phase}`)
  return parts.join(', ')
}

/**
 * Waits for a scan to end: checks once right away, then every poll interval (stretched by the
 * server's wait hints and the estimated duration) until a terminal status, the timeout, or a cancel.
 * A status request that fails for good ends the wait with `error` set instead of throwing.
 */
export async function pollScan(api: Pick<S4EApi, 'getScanStatus'>, scanId: string, options: PollScanOptions): Promise<PollScanResult> {
  const { timing, signal } = options
  const deadline = options.createdAtMs + options.timeoutMs
  let statusChecks = 0
  let lastLogged = ''
  let last: ScanStatusResult | undefined

  const check = async (): Promise<ScanStatusResult> => {
    statusChecks++
    const status = await api.getScanStatus(scanId)
    const line = describeProgress(status)
    // Progress is logged only when it changes, so a long wait does not flood the log.
    if (line !== lastLogged) log.info(`Scan ${scanId}: ${line}.`)
    lastLogged = line
    return status
  }

  for (;;) {
    if (signal?.aborted) return { status: last?.status ?? 'unknown', cancelled: true, statusChecks, last }
    try {
      last = await check()
    } catch (error) {
      return { status: last?.status ?? 'unknown', cancelled: false, statusChecks, last, error }
    }
    if (TERMINAL_SCAN_STATUSES.has(last.status)) return { status: last.status, cancelled: false, statusChecks, last }
    const now = timing.now()
    if (now >= deadline) return { status: TIMED_OUT_STATUS, cancelled: false, statusChecks, last }
    const delayMs = nextPollDelayMs({
      intervalMs: options.intervalMs,
      waitHintMs: last.waitHintMs,
      estimatedDurationMs: options.estimatedDurationSeconds !== undefined ? options.estimatedDurationSeconds * 1000 : undefined,
      elapsedMs: now - options.createdAtMs,
      remainingMs: deadline - now
    })
    if (last.waitHintMs !== undefined && last.waitHintMs > options.intervalMs) {
      log.info(`The S4E API asked to wait ${(last.waitHintMs / 1000).toFixed(0)} s before the next status check of scan ${scanId}.`)
    }
    await timing.sleep(delayMs, signal)
  }
}
