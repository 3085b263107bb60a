// Preloaded into a bench step (NODE_OPTIONS=--import): writes the process's peak RSS in KiB to S4E_BENCH_RSS_FILE at exit.
import { writeFileSync } from 'node:fs'

process.on('exit', () => {
  const file = process.env.S4E_BENCH_RSS_FILE
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS))
})
