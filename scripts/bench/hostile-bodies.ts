// Hostile bodies: peak RSS and wall time of a bundle run for each (docs/design.md, "What is bounded": under 512 MiB).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type { EmulatorOptions } from '../../dev/emulator/emulator-options.js'
import { startEmulator } from '../../dev/emulator/server.js'
import { runStep } from '../../dev/harness/run-step.js'
import { registerAssets, tokenFor } from '../../test/emulator/emulator-requests.js'

// Loaded into the step's node with --import: writes the process's peak RSS (KiB) when it exits.
const PROBE = `import { writeFileSync } from 'node:fs'
process.on('exit', () => writeFileSync(process.env.S4E_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)))
`

interface HostileCase {
  name: string
  action: 'actions/s4e-auth' | 'actions/s4e-trigger-scan'
  options: EmulatorOptions
  inputs?: Record<string, string>
}

const CASES: HostileCase[] = [
  {
    name: '50 MB nested array (findings page)',
    action: 'actions/s4e-trigger-scan',
    options: { hostileBodies: [{ route: 'GET /api/findings', kind: 'nested-array' }] }
  },
  {
    name: '31 MiB of ten million empty objects (findings page)',
    action: 'actions/s4e-trigger-scan',
    options: { hostileBodies: [{ route: 'GET /api/findings', kind: 'many-values' }] }
  },
  { name: '1,000,000-finding page', action: 'actions/s4e-trigger-scan', options: { hostileBodies: [{ route: 'GET /api/findings', kind: 'many-findings' }] } },
  {
    name: 'gzip bomb, 1 GiB decoded (findings page)',
    action: 'actions/s4e-trigger-scan',
    options: { hostileBodies: [{ route: 'GET /api/findings', kind: 'gzip-bomb' }] }
  },
  { name: '40 MiB body (token endpoint)', action: 'actions/s4e-auth', options: { hostileBodies: [{ route: 'POST /oauth/token', kind: 'huge' }] } },
  {
    name: '320,000-dot error_description (token endpoint)',
    action: 'actions/s4e-auth',
    options: { hostileBodies: [{ route: 'POST /oauth/token', kind: 'dots' }] }
  },
  {
    name: 'trickle, a byte every 50 ms (findings page, timeout-minutes 0.25)',
    action: 'actions/s4e-trigger-scan',
    options: { faults: [{ route: 'GET /api/findings', count: 100, kind: 'trickle', delayMs: 50 }] },
    inputs: { 'timeout-minutes': '0.25' }
  }
]

export async function benchHostileBodies(): Promise<void> {
  if (!existsSync('dist/trigger-scan/index.js')) return
  console.log('Hostile bodies (bundle through the harness against the emulator; peak RSS of the step, limit 512 MiB):')
  const folder = mkdtempSync(path.join(tmpdir(), 's4e-bench-rss-'))
  const probe = path.join(folder, 'rss-probe.mjs')
  writeFileSync(probe, PROBE)
  for (const hostile of CASES) {
    const emulator = await startEmulator({ port: 0, ...hostile.options })
    try {
      if (hostile.action === 'actions/s4e-trigger-scan') await registerAssets(emulator, await tokenFor(emulator), ['app.example.com'])
      const rssFile = path.join(folder, 'rss')
      writeFileSync(rssFile, '')
      const { clientId, clientSecret } = emulator.credentials
      const started = performance.now()
      const result = await runStep({
        action: hostile.action,
        inputs: { 'api-url': emulator.url, 'client-id': clientId, 'client-secret': clientSecret, asset: 'app.example.com', ...hostile.inputs },
        env: { NODE_OPTIONS: `--import=${probe}`, S4E_BENCH_RSS_FILE: rssFile },
        timeoutMs: 120_000
      })
      const wallMs = performance.now() - started
      const rssMiB = Number(readFileSync(rssFile, 'utf8')) / 1024
      const sentence = (result.errors[0] ?? '').slice(0, 90)
      console.log(
        `  ${hostile.name}: peak RSS ${rssMiB.toFixed(0)} MiB, ${(wallMs / 1000).toFixed(1)} s, exit ${result.exitCode}${sentence !== '' ? ` (${sentence}…)` : ''}`
      )
    } finally {
      await emulator.stop()
    }
  }
}
