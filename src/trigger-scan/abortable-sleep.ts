import { setTimeout as delay } from 'node:timers/promises'
import { realTiming, type Timing } from '../core/timing.js'

/**
 * Sleeps through the injected Timing, but returns as soon as the signal aborts (a cancelled workflow).
 * With the real clock the timer itself is cancelled, so a pending wait cannot keep the process alive.
 */
export async function sleepUnlessAborted(timing: Timing, ms: number, signal?: AbortSignal): Promise<void> {
  if (signal === undefined) return timing.sleep(ms)
  if (signal.aborted || ms <= 0) return
  if (timing === realTiming) {
    await delay(ms, undefined, { signal }).catch(() => undefined)
    return
  }
  let onAbort: (() => void) | undefined
  const aborted = new Promise<void>((resolve) => {
    onAbort = () => resolve()
    signal.addEventListener('abort', onAbort, { once: true })
  })
  try {
    await Promise.race([timing.sleep(ms), aborted])
  } finally {
    if (onAbort !== undefined) signal.removeEventListener('abort', onAbort)
  }
}
