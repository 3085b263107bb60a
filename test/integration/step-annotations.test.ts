// One annotation budget per step (docs/design.md, "Annotations"): warnings printed while scanning and warnings of the report share the runner's 10.
import { afterAll, describe, expect, it } from 'vitest'
import type { ChosenFinding, Emulator } from '../../dev/emulator/emulator-options.js'
import { startEmulator } from '../../dev/emulator/server.js'
import { runStep } from '../../dev/harness/run-step.js'
import { registerAssets, tokenFor } from '../emulator/emulator-requests.js'

const ASSETS = Array.from({ length: 12 }, (_, index) => `app-${index + 1}.example.com`)
/** A severity the API does not document: one warning per scan while the step reads the findings. */
const FINDINGS: ChosenFinding[] = [{ title: 'Spelled P1', severity: 'low', severityAs: 'P1', cvss: 5 }]

let emulator: Emulator
afterAll(async () => {
  await emulator.stop()
})

describe('warnings before the report and warnings of the report', () => {
  it('share one budget: at most 10 warning annotations, and the notice names how many went to the log only', async () => {
    emulator = await startEmulator({
      port: 0,
      // Every scan is over at its first status request, and the create limit is lifted.
      scanDurationMs: 0,
      rateLimits: { 'POST /api/scan/create': 10_000, default: 100_000 },
      chosenFindings: Object.fromEntries(ASSETS.map((asset) => [asset, FINDINGS]))
    })
    await registerAssets(emulator, await tokenFor(emulator), ASSETS)
    const { clientId, clientSecret } = emulator.credentials
    const result = await runStep({
      action: 'actions/s4e-trigger-scan',
      // No earlier scan: each asset's baseline is missing, one more warning per asset in the report.
      inputs: {
        'api-url': emulator.url,
        'client-id': clientId,
        'client-secret': clientSecret,
        asset: ASSETS.join(' '),
        baseline: 'previous',
        'fail-on': 'critical'
      }
    })
    expect(result.exitCode, result.log).toBe(0)
    const early = result.log.split('\n').filter((line) => line.includes('does not document')).length
    const report = result.log.split('\n').filter((line) => line.includes('No earlier completed')).length
    expect(early).toBe(ASSETS.length)
    expect(report).toBe(ASSETS.length)
    expect(result.warnings).toHaveLength(10)
    expect(result.warnings.filter((line) => line.includes('does not document'))).toHaveLength(10)
    expect(result.notices).toEqual([expect.stringContaining(`${early + report - 10} more errors and warnings are in the log only`)])
  })
})
