// Scan timing: status requests and the delay to the verdict for one scan, three assets in one step, and eight runs sharing a create limit.
import { performance } from 'node:perf_hooks'
import { existsSync } from 'node:fs'
import type { Emulator, EmulatorOptions } from '../../dev/emulator/emulator-options.js'
import { startEmulator } from '../../dev/emulator/server.js'
import { runStep } from '../../dev/harness/run-step.js'
import { registerAssets, tokenFor } from '../../test/emulator/emulator-requests.js'

const ACTION = 'actions/s4e-trigger-scan'
const SCAN_MS = 6_000
const CONCURRENT_RUNS = 8
const CREATE_LIMIT = { rateLimits: { 'POST /api/scan/create': 2 }, rateLimitWindowMs: 2_000 }

async function emulatorWith(assets: string[], options: EmulatorOptions): Promise<Emulator> {
  const emulator = await startEmulator({ port: 0, ...options })
  await registerAssets(emulator, await tokenFor(emulator), assets)
  return emulator
}

function scanInputs(emulator: Emulator, asset: string, extra: Record<string, string> = {}): Record<string, string> {
  const { clientId, clientSecret } = emulator.credentials
  return { 'api-url': emulator.url, 'client-id': clientId, 'client-secret': clientSecret, asset, 'fail-on': 'none', ...extra }
}

export async function benchScanTiming(): Promise<void> {
  if (!existsSync('dist/trigger-scan/index.js')) return
  console.log('Scan timing (trigger-scan bundle through the harness, against the emulator):')

  const single = await emulatorWith(['timed.example.com'], { scanDurationMs: SCAN_MS })
  try {
    await runStep({ action: ACTION, inputs: scanInputs(single, 'timed.example.com', { 'poll-interval': '1' }) })
    const verdictAtMs = Date.now()
    const [scan] = single.state().scans
    if (scan === undefined) throw new Error('The timed scan step created no scan on the emulator.')
    const completedAtMs = Date.parse(scan.created_at) + SCAN_MS
    const statusRequests = single.state().requestCounts['GET /api/scan/:id/status'] ?? 0
    console.log(
      `  ${SCAN_MS / 1000} s scan, poll-interval 1 s: ${statusRequests} status requests, verdict ${verdictAtMs - completedAtMs} ms after completion (step exit included)`
    )
  } finally {
    await single.stop()
  }

  const hosts = ['app.example.com', 'api.example.com', 'cdn.example.com']
  const several = await emulatorWith(hosts, { scanDurationMs: SCAN_MS })
  try {
    const started = performance.now()
    const result = await runStep({ action: ACTION, inputs: scanInputs(several, hosts.join('\n'), { 'poll-interval': '1' }) })
    const waitSeconds = (performance.now() - started) / 1000
    const statusRequests = several.state().requestCounts['GET /api/scan/:id/status'] ?? 0
    const bound = hosts.length * (Math.ceil(waitSeconds) / 1 + 2)
    console.log(
      `  ${hosts.length} assets in one step, ${SCAN_MS / 1000} s scans, poll-interval 1 s: ${statusRequests} status requests (bound scans × (D / interval + 2) = ${bound} for D = ${Math.ceil(waitSeconds)} s), ${several.state().scans.length} scans, exit ${result.exitCode}`
    )
  } finally {
    await several.stop()
  }

  const assets = Array.from({ length: CONCURRENT_RUNS }, (_, index) => `run${index + 1}.example.com`)
  const shared = await emulatorWith(assets, CREATE_LIMIT)
  try {
    const started = performance.now()
    const results = await Promise.all(assets.map((asset) => runStep({ action: ACTION, inputs: scanInputs(shared, asset) })))
    const wallMs = performance.now() - started
    const creates = shared.state().requestCounts['POST /api/scan/create'] ?? 0
    const ok = results.filter((result) => result.exitCode === 0).length
    console.log(
      `  ${CONCURRENT_RUNS} concurrent steps, creates limited to 2 per 2 s: ${(wallMs / 1000).toFixed(1)} s wall, ${ok}/${CONCURRENT_RUNS} succeeded, ${shared.state().scans.length} scans, ${creates} create requests (429s included)`
    )
  } finally {
    await shared.stop()
  }
}
