import * as log from '../../core/log.js'
import { TERMINAL_SCAN_STATUSES } from '../../core/api-types.js'
import type { S4EApi, ScanStatusResult } from '../../core/s4e-api.js'
import type { Timing } from '../../core/timing.js'
import { nextPollDelayMs } from './poll-schedule.js'

import { TIMED_OUT_STATUS } from '../scan-report.js'

/** One scan to wait for, among several. */
export interface PolledScan {
  scanId: string
  /** When the scan was created, on the timing clock. */
  createdAtMs: number
  estimatedDurationSeconds?: number
}

export interface PollScansOptions {
  timing: Timing
  intervalMs: number
  timeoutMs: number
  /** When the wait began (the first create was sent), on the timing clock: timeout-minutes counts from here for every scan. */
  startedAtMs: number
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

/** A scan still being waited for: when its next status check is due, and what it said last. */
interface Waiting {
  readonly scan: PolledScan
  readonly index: number
  dueAtMs: number
  statusChecks: number
  lastLogged: string
  last?: ScanStatusResult
}

/**
 * Waits for several scans in one loop: each is checked once right away, then every poll interval
 * (stretched by the server's wait hints and its estimated duration) until a terminal status, the
 * shared timeout, or a cancel, which ends every wait at once. One status request per scan per
 * interval; a status request that fails for good ends that scan's wait with `error` set.
 */
export async function pollScans(api: Pick<S4EApi, 'getScanStatus'>, scans: readonly PolledScan[], options: PollScansOptions): Promise<PollScanResult[]> {
  const { timing, signal } = options
  const deadline = options.startedAtMs + options.timeoutMs
  const results: (PollScanResult | undefined)[] = scans.map(() => undefined)
  let waiting: Waiting[] = scans.map((scan, index) => ({ scan, index, dueAtMs: timing.now(), statusChecks: 0, lastLogged: '' }))

  const finish = (entry: Waiting, result: Omit<PollScanResult, 'statusChecks' | 'last'>) => {
    results[entry.index] = { ...result, statusChecks: entry.statusChecks, last: entry.last }
  }

  const check = async (entry: Waiting): Promise<void> => {
    const { scanId } = entry.scan
    entry.statusChecks++
    let status: ScanStatusResult
    try {
      status = await api.getScanStatus(scanId)
    } catch (error) {
      return finish(entry, { status: entry.last?.status ?? 'unknown', cancelled: false, error })
    }
    entry.last = status
    const line = describeProgress(status)
    // Progress is logged only when it changes, so a long wait does not flood the log.
    if (line !== entry.lastLogged) log.info(`Scan ${scanId}: ${line}.`)
    entry.lastLogged = line
    if (TERMINAL_SCAN_STATUSES.has(status.status)) return finish(entry, { status: status.status, cancelled: false })
    const now = timing.now()
    if (now >= deadline) return finish(entry, { status: TIMED_OUT_STATUS, cancelled: false })
    const estimated = entry.scan.estimatedDurationSeconds
    entry.dueAtMs =
      now +
      nextPollDelayMs({
        intervalMs: options.intervalMs,
        waitHintMs: status.waitHintMs,
        estimatedDurationMs: estimated !== undefined ? estimated * 1000 : undefined,
        elapsedMs: now - entry.scan.createdAtMs,
        remainingMs: deadline - now
      })
    if (status.waitHintMs !== undefined && status.waitHintMs > options.intervalMs) {
      log.info(`The S4E API asked to wait ${(status.waitHintMs / 1000).toFixed(0)} s before the next status check of scan ${scanId}.`)
    }
  }

  while (waiting.length > 0) {
    if (signal?.aborted) {
      for (const entry of waiting) finish(entry, { status: entry.last?.status ?? 'unknown', cancelled: true })
      break
    }
    const now = timing.now()
    for (const entry of waiting) {
      if (entry.dueAtMs > now) continue
      if (signal?.aborted) break
      await check(entry)
    }
    waiting = waiting.filter((entry) => results[entry.index] === undefined)
    if (waiting.length === 0 || signal?.aborted) continue
    const nextDueMs = Math.min(...waiting.map((entry) => entry.dueAtMs))
    const delayMs = nextDueMs - timing.now()
    if (delayMs > 0) await timing.sleep(delayMs, signal)
  }
  return results.map((result) => result ?? { status: 'unknown', cancelled: true, statusChecks: 0 })
}
