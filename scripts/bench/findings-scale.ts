// Findings at scale: peak RSS and wall time of a trigger-scan step reading 10k and 100k findings, and a 50k × 50k baseline match.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import type { Finding } from '../../src/core/api-types.js'
import { SEVERITIES } from '../../src/core/severity.js'
import { matchBaseline } from '../../src/trigger-scan/scan/baseline-match.js'
import { startEmulator } from '../../dev/emulator/server.js'
import { runStep } from '../../dev/harness/run-step.js'
import { registerAssets, tokenFor } from '../../test/emulator/emulator-requests.js'

const ACTION = 'actions/s4e-trigger-scan'
const HOOK = fileURLToPath(new URL('./peak-rss-hook.mjs', import.meta.url))
const ASSET = 'scale.example.com'

async function stepWith(findings: number): Promise<{ seconds: number; peakMiB: number; outcome: string }> {
  // The rate limit is lifted: this measures the step, not the emulator's limits.
  const emulator = await startEmulator({ port: 0, findingsPerScan: findings, rateLimits: { default: 10_000_000 } })
  try {
    await registerAssets(emulator, await tokenFor(emulator), [ASSET])
    const rssFile = path.join(mkdtempSync(path.join(tmpdir(), 's4e-bench-')), 'rss')
    const { clientId, clientSecret } = emulator.credentials
    const started = performance.now()
    const result = await runStep({
      action: ACTION,
      inputs: { 'api-url': emulator.url, 'client-id': clientId, 'client-secret': clientSecret, asset: ASSET, 'fail-on': 'none' },
      env: { NODE_OPTIONS: `--import=${HOOK}`, S4E_BENCH_RSS_FILE: rssFile },
      timeoutMs: 600_000
    })
    const seconds = (performance.now() - started) / 1000
    const peakMiB = Number(readFileSync(rssFile, 'utf8')) / 1024
    return { seconds, peakMiB, outcome: `exit ${result.exitCode}, status ${result.outputs.status}, ${result.outputs['findings-count']} counted` }
  } finally {
    await emulator.stop()
  }
}

/** Distinct findings, each at its own place, as a scan of a large asset lists them. */
function findingsOf(count: number, prefix: string): Finding[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `${prefix}-${index}`,
    title: `Finding kind ${index % 997}`,
    severity: SEVERITIES[index % SEVERITIES.length] ?? 'info',
    status: 'open',
    url: `https://${prefix}.example.com/${prefix}/${index}?q=${index % 13}`,
    parameter: `p${index % 7}`,
    references: []
  }))
}

export async function benchFindingsScale(): Promise<void> {
  console.log('Findings at scale (trigger-scan bundle through the harness, against a seeded emulator):')
  for (const count of [10_000, 100_000]) {
    const { seconds, peakMiB, outcome } = await stepWith(count)
    console.log(`  ${count.toLocaleString('en-US')} findings: peak RSS ${peakMiB.toFixed(0)} MiB, wall time ${seconds.toFixed(1)} s (${outcome})`)
  }
  // Half of this scan's findings are in the baseline, half are new.
  const current = findingsOf(50_000, 'preview')
  const baseline = [...findingsOf(25_000, 'production'), ...findingsOf(50_000, 'preview').slice(25_000)]
  const started = performance.now()
  const match = matchBaseline(current, baseline, { ignore: [] })
  console.log(
    `  baseline match 50,000 × 50,000: ${(performance.now() - started).toFixed(0)} ms (${match.new.length} new, ${match.existing.length} existing, ${match.fixed.length} fixed)`
  )
}
