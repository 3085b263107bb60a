import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ScanStatusResult } from '../../../src/core/s4e-api.js'
import { pollScans } from '../../../src/trigger-scan/scan/poll-scan.js'
import { TIMED_OUT_STATUS } from '../../../src/trigger-scan/scan-report.js'
import { fakeTiming, sleepUntilAborted, type FakeTiming } from '../support/fake-timing.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

afterEach(() => vi.clearAllMocks())

/** A status endpoint where each scan ends after a set number of checks (never when absent), recording every request. */
function statusApi(timing: FakeTiming, checksToEnd: Record<string, number | undefined>, ending: Record<string, string> = {}) {
  const asked: { scanId: string; atMs: number }[] = []
  return {
    asked,
    checksOf: (scanId: string) => asked.filter((entry) => entry.scanId === scanId).length,
    api: {
      getScanStatus: async (scanId: string): Promise<ScanStatusResult> => {
        asked.push({ scanId, atMs: timing.now() })
        const checks = asked.filter((entry) => entry.scanId === scanId).length
        const end = checksToEnd[scanId]
        return { scanId, status: end !== undefined && checks >= end ? (ending[scanId] ?? 'completed') : 'running' }
      }
    }
  }
}

const scans = (ids: string[], createdAtMs: number) => ids.map((scanId) => ({ scanId, createdAtMs }))

describe('pollScans', () => {
  it('waits for every scan in one loop, one status request per scan per interval, and reports each in input order', async () => {
    const timing = fakeTiming()
    const start = timing.now()
    const server = statusApi(timing, { 's-1': 2, 's-2': 4, 's-3': 3 }, { 's-3': 'failed' })
    const results = await pollScans(server.api, scans(['s-1', 's-2', 's-3'], start), { timing, intervalMs: 10_000, timeoutMs: 600_000, startedAtMs: start })

    expect(results.map((result) => result.status)).toEqual(['completed', 'completed', 'failed'])
    expect(results.map((result) => result.statusChecks)).toEqual([2, 4, 3])
    // Each round asks each scan still running once; a scan that ended is not asked again.
    expect(server.asked.map((entry) => `${entry.scanId}@${(entry.atMs - start) / 1000}`)).toEqual([
      's-1@0',
      's-2@0',
      's-3@0',
      's-1@10',
      's-2@10',
      's-3@10',
      's-2@20',
      's-3@20',
      's-2@30'
    ])
    // One shared sleep per round, not one per scan.
    expect(timing.sleeps).toEqual([10_000, 10_000, 10_000])
  })

  it('times out every scan still running at the one deadline, within scans × (D / interval + 2) status requests', async () => {
    const timing = fakeTiming()
    const start = timing.now()
    const server = statusApi(timing, { 's-1': 1 })
    const timeoutMs = 60_000
    const intervalMs = 7_000
    // The later scans were created later, but timeout-minutes counts from the first create for all of them.
    const polled = [
      { scanId: 's-1', createdAtMs: start },
      { scanId: 's-2', createdAtMs: start + 2_000 },
      { scanId: 's-3', createdAtMs: start + 4_000 }
    ]
    timing.advance(4_000)
    const results = await pollScans(server.api, polled, { timing, intervalMs, timeoutMs, startedAtMs: start })

    expect(results.map((result) => result.status)).toEqual(['completed', TIMED_OUT_STATUS, TIMED_OUT_STATUS])
    expect(timing.now() - start).toBe(timeoutMs)
    expect(server.asked.length).toBeLessThanOrEqual(3 * (timeoutMs / intervalMs + 2))
    for (const id of ['s-2', 's-3']) expect(server.checksOf(id)).toBeLessThanOrEqual(timeoutMs / intervalMs + 2)
  })

  it('gives each scan its own wait hint without polling the others early', async () => {
    const timing = fakeTiming()
    const start = timing.now()
    const asked: string[] = []
    const api = {
      getScanStatus: async (scanId: string): Promise<ScanStatusResult> => {
        asked.push(`${scanId}@${(timing.now() - start) / 1000}`)
        const done = timing.now() - start >= 30_000
        return { scanId, status: done ? 'completed' : 'running', waitHintMs: scanId === 's-1' && !done ? 30_000 : undefined }
      }
    }
    await pollScans(api, scans(['s-1', 's-2'], start), { timing, intervalMs: 10_000, timeoutMs: 600_000, startedAtMs: start })
    expect(asked).toEqual(['s-1@0', 's-2@0', 's-2@10', 's-2@20', 's-1@30', 's-2@30'])
  })

  it('ends a scan whose status request failed for good, and keeps waiting for the others', async () => {
    const timing = fakeTiming()
    const start = timing.now()
    const failure = new Error('The S4E API answered HTTP 500.')
    let checks = 0
    const api = {
      getScanStatus: async (scanId: string): Promise<ScanStatusResult> => {
        checks++
        if (scanId === 's-1' && checks > 2) throw failure
        return { scanId, status: checks >= 6 ? 'completed' : 'running' }
      }
    }
    const results = await pollScans(api, scans(['s-1', 's-2'], start), { timing, intervalMs: 5_000, timeoutMs: 600_000, startedAtMs: start })
    expect(results[0]).toMatchObject({ status: 'running', error: failure })
    expect(results[1]).toMatchObject({ status: 'completed' })
  })

  it("stops every wait at once when the workflow is cancelled, with each scan's last status", async () => {
    const timing = { ...fakeTiming(), sleep: sleepUntilAborted }
    const controller = new AbortController()
    const server = statusApi(timing as FakeTiming, {})
    const waiting = pollScans(server.api, scans(['s-1', 's-2', 's-3'], timing.now()), {
      timing,
      intervalMs: 60_000,
      timeoutMs: 600_000,
      startedAtMs: timing.now(),
      signal: controller.signal
    })
    await vi.waitFor(() => expect(server.asked.length).toBe(3))
    controller.abort()
    const results = await waiting
    expect(results.map((result) => [result.status, result.cancelled])).toEqual([
      ['running', true],
      ['running', true],
      ['running', true]
    ])
    expect(server.asked.length).toBe(3)
  })
})
