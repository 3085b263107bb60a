// Asset normalisation throughput.
import { performance } from 'node:perf_hooks'
import { normaliseAssets } from '../../src/add-assets/normalise-asset.js'

export function benchNormalise(): void {
  const entries: string[] = []
  for (let i = 0; i < 10_000; i++) entries.push(`https://Host-${i}.Example.com:443/path?q=${i}`, `198.51.${i % 256}.${i % 200}`, `host-${i}.example.com.`)
  const started = performance.now()
  const { assets } = normaliseAssets(entries)
  console.log(`normaliseAssets: ${entries.length} entries → ${assets.length} assets in ${(performance.now() - started).toFixed(0)} ms`)
}
