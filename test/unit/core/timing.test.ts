import { describe, expect, it } from 'vitest'
import { realTiming } from '../../../src/core/timing.js'

describe('realTiming.sleep', () => {
  it('returns at once when the signal aborts, instead of waiting out a long delay', async () => {
    const controller = new AbortController()
    const sleeping = realTiming.sleep(10 * 60_000, controller.signal).then(() => 'woke')
    controller.abort()
    // A 10-minute sleep that ignored the signal would lose this race against a 1 s guard and fail.
    const guard = new Promise((resolve) => setTimeout(resolve, 1000, 'guard')).then((value) => value)
    expect(await Promise.race([sleeping, guard])).toBe('woke')
  })

  it('does not start waiting when the signal is already aborted', async () => {
    await expect(realTiming.sleep(10 * 60_000, AbortSignal.abort())).resolves.toBeUndefined()
  })
})
