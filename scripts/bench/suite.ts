// The suite's wall time (the README's test command as it is, then with coverage as .ci/run runs it), its slowest files, and the coverage of src/.
// The machine is often shared, so the figures come with what makes them comparable: CPU time, load, and the time of `node -e 0` now.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { REPO_ROOT } from '../../dev/harness/run-step.js'
import { median } from './measure.js'

const SUITE_GOAL_MS = 45_000
const SLOWEST_FILES = 5
const NODE_RUNS = 11

interface VitestReport {
  numTotalTests: number
  numFailedTests: number
  testResults: { name: string; startTime: number; endTime: number }[]
}

interface CoverageTotals {
  total: Record<'lines' | 'branches' | 'statements' | 'functions', { pct: number; covered: number; total: number }>
}

/** CPU time (user + system) of the children this process has waited for, from /proc; undefined off Linux. */
function childrenCpuMs(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? []
    // After the command name: field 16 (cutime) and 17 (cstime) are at 13 and 14, in clock ticks of 10 ms.
    return (Number(fields[13]) + Number(fields[14])) * 10
  } catch {
    return undefined
  }
}

function nodeStartMs(): number {
  const times: number[] = []
  for (let i = 0; i < NODE_RUNS; i++) {
    const started = performance.now()
    spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' })
    times.push(performance.now() - started)
  }
  return median(times)
}

export function benchSuite(): void {
  const dir = mkdtempSync(path.join(tmpdir(), 's4e-bench-suite-'))
  try {
    const report = path.join(dir, 'report.json')
    const bareMs = nodeStartMs()
    const load = loadavg()[0] ?? 0
    const cpuBefore = childrenCpuMs()
    const started = performance.now()
    // The goal is for the README's command as it is; coverage is measured in a second run below.
    const run = spawnSync('npm', ['test', '--', '--reporter=json', `--outputFile=${report}`], { cwd: REPO_ROOT, encoding: 'utf8' })
    const wallMs = performance.now() - started
    const cpuAfter = childrenCpuMs()
    const result = JSON.parse(readFileSync(report, 'utf8')) as VitestReport
    const files = result.testResults
      .map((file) => ({ name: path.relative(REPO_ROOT, file.name), ms: file.endTime - file.startTime }))
      .sort((a, b) => b.ms - a.ms)
    const cpu = cpuBefore !== undefined && cpuAfter !== undefined ? `, CPU ${((cpuAfter - cpuBefore) / 1000).toFixed(0)} s` : ''
    console.log(
      `Suite (npm test): ${result.numTotalTests} tests, ${result.numFailedTests} failed, ${(wallMs / 1000).toFixed(1)} s wall` +
        ` (goal ≤ ${SUITE_GOAL_MS / 1000} s)${cpu}; load ${load.toFixed(1)} on ${availableParallelism()} cores,` +
        ` node -e 0 took ${bareMs.toFixed(0)} ms, so ${(wallMs / bareMs).toFixed(0)}× node -e 0 (compare this across machines and loads)`
    )
    console.log(`  files added up: ${(files.reduce((sum, file) => sum + file.ms, 0) / 1000).toFixed(1)} s; the ${SLOWEST_FILES} slowest:`)
    for (const file of files.slice(0, SLOWEST_FILES)) console.log(`  ${(file.ms / 1000).toFixed(1).padStart(6)} s  ${file.name}`)
    const coverageStarted = performance.now()
    const covered = spawnSync('npm', ['test', '--', '--coverage', '--reporter=dot'], { cwd: REPO_ROOT, encoding: 'utf8' })
    console.log(`  with --coverage (as .ci/run runs it): ${((performance.now() - coverageStarted) / 1000).toFixed(1)} s wall, exit ${covered.status}`)
    const coverage = JSON.parse(readFileSync(path.join(REPO_ROOT, 'coverage', 'coverage-summary.json'), 'utf8')) as CoverageTotals
    const part = (name: keyof CoverageTotals['total']) =>
      `${name} ${coverage.total[name].pct.toFixed(1)} % (${coverage.total[name].covered}/${coverage.total[name].total})`
    console.log(`Coverage of src/: ${part('lines')}, ${part('branches')}, ${part('statements')}, ${part('functions')}`)
    if (run.status !== 0) console.log(`  npm test exited ${run.status}: ${run.stderr.split('\n').slice(-5).join(' ').trim()}`)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
