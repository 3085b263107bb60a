// The pipeline run() without credentials and with on-missing-credentials: skip, when it only scans or only registers.
import { describe, expect, it, vi } from 'vitest'
import { run } from '../../../src/pipeline/main.js'
import { setInputs } from '../support/action-inputs.js'
import { API, failures, infos, outputs, useTriggerScanTest, warnings } from '../support/trigger-scan-fixture.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const { timing } = useTriggerScanTest()
const NO_REGISTRATION = 'No asset was registered: there are no S4E credentials in this run.'

describe('the pipeline run() skipped for want of credentials', () => {
  it('registering only: says nothing was registered and warns once, with no scan report', async () => {
    setInputs({ 'api-url': API, assets: 'one.example.com', scan: 'false', 'on-missing-credentials': 'skip' })
    await run({ timing: timing() })
    expect(failures()).toEqual([])
    expect(infos()).toContain(NO_REGISTRATION)
    expect(warnings()).toHaveLength(1)
    expect(warnings()[0]).toMatch(/credentials/i)
    expect(outputs()).not.toHaveProperty('gate')
  })

  it('scanning only: the scan report gives the one warning, and no registration is mentioned', async () => {
    setInputs({ 'api-url': API, 'asset-id': 'a-1', 'on-missing-credentials': 'skip', summary: 'false' })
    await run({ timing: timing() })
    expect(failures()).toEqual([])
    expect(infos()).not.toContain(NO_REGISTRATION)
    expect(warnings()).toHaveLength(1)
    expect(outputs()).toMatchObject({ gate: 'skipped' })
  })
})
