// Bundle sizes and start-up times.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { formatKiB, median } from './measure.js'

const BUNDLES = ['auth', 'add-assets', 'trigger-scan', 'pipeline']
const START_UP_RUNS = 15

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

export function benchBundles(): void {
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
