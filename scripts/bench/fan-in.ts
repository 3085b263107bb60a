// Fan-in: one step gates 100 scans started by an earlier step (scans-from), and the requests it sends.
import { performance } from 'node:perf_hooks'
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startEmulator } from '../../dev/emulator/server.js'
import { runStep } from '../../dev/harness/run-step.js'
import { registerAssets, tokenFor } from '../../test/emulator/emulator-requests.js'

const ACTION = 'actions/s4e-trigger-scan'
const SCANS = 100
const POLLS_TO_COMPLETE = 3
const INTERVAL_SECONDS = 1

export async function benchFanIn(): Promise<void> {
  if (!existsSync('dist/trigger-scan/index.js')) return
  const hosts = Array.from({ length: SCANS }, (_, index) => `host-${index + 1}.example.com`)
  // The create limit (10 a minute) is the legs' concern, not the fan-in's: lifted so the 100 scans start at once.
  const emulator = await startEmulator({ port: 0, scanPollsToComplete: POLLS_TO_COMPLETE, rateLimits: { 'POST /api/scan/create': 1000 } })
  try {
    await registerAssets(emulator, await tokenFor(emulator), hosts)
    const { clientId, clientSecret } = emulator.credentials
    const credentials = { 'api-url': emulator.url, 'client-id': clientId, 'client-secret': clientSecret }
    const leg = await runStep({ action: ACTION, inputs: { ...credentials, asset: hosts.join('\n'), wait: 'false' } })
    const workspace = mkdtempSync(path.join(tmpdir(), 's4e-bench-fan-in-'))
    copyFileSync(leg.outputs['scans-file'] ?? '', path.join(workspace, 'leg.json'))

    const before = { ...emulator.state().requestCounts }
    const started = performance.now()
    const result = await runStep({
      action: ACTION,
      workspace,
      inputs: { ...credentials, 'scans-from': '*.json', 'poll-interval': String(INTERVAL_SECONDS), 'fail-on': 'none' }
    })
    const wallSeconds = (performance.now() - started) / 1000
    const after = emulator.state().requestCounts
    const sent = (route: string) => (after[route] ?? 0) - (before[route] ?? 0)
    const total = Object.keys(after).reduce((sum, route) => sum + sent(route), 0)
    const status = sent('GET /api/scan/:id/status')
    // One status request per scan per interval, the first check included: scans × (D / interval + 1).
    const bound = SCANS * (Math.ceil(wallSeconds / INTERVAL_SECONDS) + 1)
    console.log('Fan-in (trigger-scan bundle with scans-from, against the emulator):')
    console.log(
      `  ${SCANS} scans, each done at its ${POLLS_TO_COMPLETE}rd status check, poll-interval ${INTERVAL_SECONDS} s: ${wallSeconds.toFixed(1)} s wall, ${total} requests (${status} status, bound scans × (D / interval + 1) = ${bound} for D = ${Math.ceil(wallSeconds)} s; ${sent('GET /api/findings')} findings pages; ${sent('POST /api/scan/create')} creates), exit ${result.exitCode}`
    )
  } finally {
    await emulator.stop()
  }
}
