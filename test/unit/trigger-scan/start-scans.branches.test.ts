// startScans: a create answer naming its estimated duration but not its scan type.
import * as core from '@actions/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startScans } from '../../../src/trigger-scan/scan/start-scans.js'
import { fakeTiming } from '../support/fake-timing.js'
import { scanRequest } from '../support/scan-request.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const REQUEST = scanRequest({ wait: false })

afterEach(() => {
  vi.clearAllMocks()
})

describe('startScans', () => {
  it("takes the step's scan type when the answer names none, and logs the rounded estimate", async () => {
    const api = {
      findAssetByName: vi.fn(),
      listScans: vi.fn(async () => ({ items: [] })),
      createScan: vi.fn(async () => ({ scanId: 's-1', assetId: 'a-1', scanType: '', status: 'queued', estimatedDurationSeconds: 90.4 }))
    }
    const [start] = await startScans(api, REQUEST, { timing: fakeTiming() })
    if (start?.kind !== 'started') throw new Error(`expected a started scan, got ${start?.kind}`)
    expect(start.report).toMatchObject({ scanId: 's-1', scanType: 'quick', status: 'queued' })
    expect(core.info).toHaveBeenCalledWith('Started quick scan s-1 of asset a-1 (estimated 90 s).')
  })
})
