// s4e-trigger-scan run(): a scan is created once, even when the create answers ambiguously.
import { describe, expect, it, vi } from 'vitest'
import { run } from '../../../../src/trigger-scan/main.js'
import { setInputs } from '../../support/action-inputs.js'
import { credentialInputs, failures, infos, iso, outputs, rawFinding, s4e, START, useTriggerScanTest, warnings } from '../../support/trigger-scan-fixture.js'

vi.mock('@actions/core', async (io) => (await import('../../support/mock-actions-core.js')).mockActionsCore(io))

const { timing } = useTriggerScanTest()

const OLD_SCAN = { scan_id: 's-old', asset_id: 'a-1', scan_type: 'quick', status: 'completed', created_at: iso(START - 20_000) }

describe('s4e-trigger-scan run(): scan identity', () => {
  it('adopts the scan after an ambiguous create failure instead of creating a second one', async () => {
    setInputs(credentialInputs({ 'asset-id': 'a-1', 'fail-on': 'none' }))
    const script = s4e().token().scans([OLD_SCAN])
    script.scope.post('/api/scan/create').once().reply(502, '<html>Bad Gateway</html>')
    script
      .scans([{ scan_id: 's-new', asset_id: 'a-1', scan_type: 'quick', status: 'queued', created_at: iso(START + 500) }, OLD_SCAN])
      .statuses(['completed'], 's-new')
      .findings([rawFinding(1, 'critical', 'open', 's-new')], 's-new')

    await run({ timing: timing() })

    expect(script.isDone()).toBe(true)
    expect(failures()).toEqual([])
    expect(outputs()).toMatchObject({ 'scan-id': 's-new', status: 'completed', gate: 'passed', 'critical-count': '1' })
    expect(infos().some((line) => line.includes('Found new scan s-new'))).toBe(true)
  })

  it('creates again after an ambiguous failure only when no new scan of the asset appears within the settle window', async () => {
    // timeout-minutes 0.2 gives a settle window of 6 s: listings at 0, 2, 4 and 6 s.
    setInputs(credentialInputs({ 'asset-id': 'a-1', wait: 'false', 'timeout-minutes': '0.2' }))
    const script = s4e().token().scans([OLD_SCAN])
    script.scope.post('/api/scan/create').reply(504, { message: 'gateway timeout' })
    script.scans([OLD_SCAN], 4).created({ scan_id: 's-2' }).scans([OLD_SCAN])

    await run({ timing: timing() })

    expect(script.isDone()).toBe(true)
    expect(timing().sleeps).toEqual([2_000, 2_000, 2_000])
    expect(outputs()).toMatchObject({ 'scan-id': 's-2', 'asset-id': 'a-1', status: 'queued', gate: 'skipped' })
    expect(failures()).toEqual([])
    expect(warnings()).toEqual([])
  })
})
