// npm run bench: measures bundle size and speed. Prints numbers; asserts nothing (tests never time things).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { normaliseAssets } from '../src/add-assets/normalise-asset.js'
import { startEmulator } from '../dev/emulator/server.js'
import { runStep } from '../dev/harness/run-step.js'

const BUNDLES = ['auth', 'add-assets', 'trigger-scan', 'pipeline']
const START_UP_RUNS = 15

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

function formatKiB(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`
}

/** Wall time of starting a bundle that fails its input check at once: module loading plus nothing. */
function startUpMs(bundle: string): number {
  const dir = mkdtempSync(path.join(tmpdir(), 's4e-bench-'))
  const files = ['out', 'env', 'state', 'summary'].map((name) => path.join(dir, name))
  for (const file of files) writeFileSync(file, '')
  const env = { PATH: process.env.PATH, GITHUB_OUTPUT: files[0], GITHUB_ENV: files[1], GITHUB_STATE: files[2], GITHUB_STEP_SUMMARY: files[3] }
  const times: number[] = []
  for (let i = 0; i < START_UP_RUNS; i++) {
    const started = performance.now()
    spawnSync(process.execPath, [bundle], { env, stdio: 'ignore' })
    times.push(performance.now() - started)
  }
  return median(times)
}

function benchBundles(): void {
  console.log(`Bundles (start-up = median of ${START_UP_RUNS} runs that stop at the input check, Node ${process.version}):`)
  const bare: number[] = []
  for (let i = 0; i < START_UP_RUNS; i++) {
    const started = performance.now()
    spawnSync(process.execPath, ['-e', '0'])
    bare.push(performance.now() - started)
  }
  console.log(`  node -e 0                     start-up ${median(bare).toFixed(0)} ms`)
  for (const name of BUNDLES) {
    const bundle = path.join('dist', name, 'index.js')
    if (!existsSync(bundle)) continue
    console.log(`  ${bundle.padEnd(29)} ${formatKiB(statSync(bundle).size).padStart(9)}  start-up ${startUpMs(bundle).toFixed(0)} ms`)
  }
}

function benchNormalise(): void {
  const entries: string[] = []
  for (let i = 0; i < 10_000; i++) entries.push(`https://Host-${i}.Example.com:443/path?q=${i}`, `198.51.${i % 256}.${i % 200}`, `host-${i}.example.com.`)
  const started = performance.now()
  const { assets } = normaliseAssets(entries)
  console.log(`normaliseAssets: ${entries.length} entries → ${assets.length} assets in ${(performance.now() - started).toFixed(0)} ms`)
}

async function benchAuthRoundTrip(): Promise<void> {
  if (!existsSync('dist/auth/index.js')) return
  const emulator = await startEmulator({ port: 0 })
  try {
    const times: number[] = []
    for (let i = 0; i < 5; i++) {
      const started = performance.now()
      await runStep({ action: 'actions/s4e-auth', inputs: { 'api-url': emulator.url, 'client-id': emulator.credentials.clientId, 'client-secret': emulator.credentials.clientSecret } })
      times.push(performance.now() - started)
    }
    console.log(`s4e-auth step against the emulator (harness, median of 5): ${median(times).toFixed(0)} ms`)
  } finally {
    await emulator.stop()
  }
}

benchBundles()
benchNormalise()
await benchAuthRoundTrip()
