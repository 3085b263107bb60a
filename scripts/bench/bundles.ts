// Bundle sizes and start-up times, against bare Node and against the floor that @actions/core sets:
// a bundle of @actions/core alone, built with ncc like ours (minified, as scripts/build.mjs builds dist/), in a temp folder at bench time.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { startEmulator } from '../../dev/emulator/server.js'
import { REPO_ROOT, runStep } from '../../dev/harness/run-step.js'
import { formatKiB, median } from './measure.js'

const BUNDLES = ['auth', 'add-assets', 'trigger-scan', 'pipeline']
const START_UP_RUNS = 21
const COMMENT_RUNS = 9
const ASSET = 'bench.example.com'

/** The floor: what every action does first (read a required input), and nothing of ours. */
const FLOOR_SOURCE = `import * as core from '@actions/core'
try {
  core.getInput('api-url', { required: true })
} catch (error) {
  core.setFailed(error.message)
}
`

interface Row {
  label: string
  args: string[]
  sizeBytes?: number
}

function buildFloor(dir: string): string {
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'))
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n')
  writeFileSync(path.join(dir, 'floor.js'), FLOOR_SOURCE)
  const ncc = path.join(REPO_ROOT, 'node_modules', '.bin', 'ncc')
  execFileSync(ncc, ['build', path.join(dir, 'floor.js'), '-o', path.join(dir, 'dist'), '--minify', '--quiet'], { stdio: 'inherit' })
  return path.join(dir, 'dist', 'index.js')
}

/** Reports the process's own CPU time at exit: unlike wall time, it barely moves when other jobs share the machine. */
const CPU_PRELOAD = `import { appendFileSync } from 'node:fs'
process.on('exit', () => {
  const { user, system } = process.cpuUsage()
  appendFileSync(process.env.S4E_BENCH_CPU_FILE, String((user + system) / 1000))
})
`

/**
 * Median wall time of each command, and in separate runs with a preload, its median CPU time.
 * Runs interleave, so a busy moment of the machine hits every row alike.
 */
function startUpMedians(rows: Row[], dir: string): { wallMs: number[]; cpuMs: number[] } {
  const files = ['out', 'env', 'state', 'summary', 'cpu'].map((name) => path.join(dir, name))
  for (const file of files) writeFileSync(file, '')
  const [outFile, envFile, stateFile, summaryFile, cpuFile] = files as [string, string, string, string, string]
  const preload = path.join(dir, 'cpu-preload.mjs')
  writeFileSync(preload, CPU_PRELOAD)
  const env = {
    PATH: process.env.PATH,
    GITHUB_OUTPUT: outFile,
    GITHUB_ENV: envFile,
    GITHUB_STATE: stateFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    S4E_BENCH_CPU_FILE: cpuFile
  }
  const wall: number[][] = rows.map(() => [])
  const cpu: number[][] = rows.map(() => [])
  for (let i = 0; i < START_UP_RUNS; i++) {
    for (const [index, row] of rows.entries()) {
      const started = performance.now()
      spawnSync(process.execPath, row.args, { env, stdio: 'ignore' })
      wall[index]?.push(performance.now() - started)
      writeFileSync(cpuFile, '')
      spawnSync(process.execPath, ['--import', preload, ...row.args], { env, stdio: 'ignore' })
      cpu[index]?.push(Number(readFileSync(cpuFile, 'utf8')))
    }
  }
  return { wallMs: wall.map(median), cpuMs: cpu.map(median) }
}

/** Lazily loaded chunks next to a bundle's index.js. */
function chunksOf(name: string): string[] {
  return readdirSync(path.join(REPO_ROOT, 'dist', name)).filter((file) => /^\d+\.index\.js$/.test(file))
}

function sizeOf(file: string): number {
  return statSync(path.join(REPO_ROOT, file)).size
}

/** A loopback stand-in for GitHub's issue comment API: lists, creates and updates comments. */
async function startFakeGitHub(): Promise<{ url: string; writes: () => number; server: Server }> {
  const comments: { id: number; body: string; html_url: string }[] = []
  let writes = 0
  const reply = (response: ServerResponse, status: number, body: unknown) =>
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  const bodyText = async (request: IncomingMessage) => {
    let text = ''
    for await (const chunk of request) text += String(chunk)
    return String((JSON.parse(text) as { body?: unknown }).body)
  }
  const server = createServer((request, response) => {
    void (async () => {
      const { pathname } = new URL(request.url ?? '/', 'http://localhost')
      if (request.method === 'GET' && pathname.endsWith('/comments')) return reply(response, 200, comments)
      if (request.method === 'POST' && pathname.endsWith('/comments')) {
        writes += 1
        const comment = { id: comments.length + 1, body: await bodyText(request), html_url: `https://github.test/comment/${comments.length + 1}` }
        comments.push(comment)
        return reply(response, 201, comment)
      }
      const existing = comments.find((comment) => pathname.endsWith(`/issues/comments/${comment.id}`))
      if (request.method === 'PATCH' && existing !== undefined) {
        writes += 1
        existing.body = await bodyText(request)
        return reply(response, 200, existing)
      }
      return reply(response, 404, { message: 'Not Found' })
    })()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, writes: () => writes, server }
}

/** Whole trigger-scan steps on a pull request, against the emulator, without and with the PR comment. */
async function commentRunMedians(): Promise<{ without: number; with: number; commentsWritten: number }> {
  const emulator = await startEmulator({ port: 0, scanDurationMs: 0, rateLimits: { 'POST /api/scan/create': 10_000 } })
  const github = await startFakeGitHub()
  try {
    const credentials = { 'api-url': emulator.url, 'client-id': emulator.credentials.clientId, 'client-secret': emulator.credentials.clientSecret }
    const step = (prComment: boolean) =>
      runStep({
        action: 'actions/s4e-trigger-scan',
        eventName: 'pull_request',
        env: { GITHUB_API_URL: github.url },
        inputs: {
          ...credentials,
          asset: ASSET,
          'fail-on': 'none',
          'pr-comment': String(prComment)
        }
      })
    const registered = await runStep({ action: 'actions/s4e-add-assets', inputs: { ...credentials, assets: ASSET } })
    if (registered.exitCode !== 0) throw new Error(`The bench could not register ${ASSET}:\n${registered.log}`)
    const times = { without: [] as number[], with: [] as number[] }
    for (let i = 0; i < COMMENT_RUNS; i++) {
      for (const prComment of [false, true]) {
        const started = performance.now()
        const result = await step(prComment)
        const elapsed = performance.now() - started
        if (result.exitCode !== 0) throw new Error(`The bench's trigger-scan step failed:\n${result.log}`)
        times[prComment ? 'with' : 'without'].push(elapsed)
      }
    }
    return { without: median(times.without), with: median(times.with), commentsWritten: github.writes() }
  } finally {
    await emulator.stop()
    await new Promise((resolve) => github.server.close(resolve))
  }
}

/** One bundle's figures against the floor, as benchBundles prints them. */
export interface BundleFigures {
  bundle: string
  bytes: number
  bytesAboveFloor: number
  /** Median wall time of start-up over the floor's. */
  startUpRatio: number
  /** Median CPU time of start-up over the floor's. */
  cpuRatio: number
}

/** Prints the bundle section of npm run bench and returns each bundle's figures. */
export async function benchBundles(): Promise<BundleFigures[]> {
  const built = BUNDLES.filter((name) => existsSync(path.join(REPO_ROOT, 'dist', name, 'index.js')))
  const dir = mkdtempSync(path.join(tmpdir(), 's4e-bench-bundles-'))
  try {
    const floor = buildFloor(dir)
    const rows: Row[] = [
      { label: 'node -e 0', args: ['-e', '0'] },
      { label: '@actions/core only (floor)', args: [floor], sizeBytes: statSync(floor).size },
      ...built.map((name) => ({
        label: `dist/${name}/index.js`,
        args: [path.join(REPO_ROOT, 'dist', name, 'index.js')],
        sizeBytes: sizeOf(`dist/${name}/index.js`)
      }))
    ]
    const { wallMs, cpuMs } = startUpMedians(rows, dir)
    // One median per row, in row order: row 0 is node -e 0, row 1 the floor.
    const [bare, floorMs] = wallMs as [number, number, ...number[]]
    const floorBytes = rows[1]?.sizeBytes ?? 0
    const ratios = (ms: number) => `${(ms / bare).toFixed(2)}× node -e 0  ${(ms / floorMs).toFixed(2)}× floor`
    console.log(`Bundles: size of index.js; start-up = median of ${START_UP_RUNS} runs that stop at the input check (Node ${process.version});`)
    console.log('  CPU = median CPU time of the same runs, which a busy machine disturbs far less than wall time:')
    for (const [index, row] of rows.entries()) {
      const size = row.sizeBytes === undefined ? '' : formatKiB(row.sizeBytes)
      const aboveFloor = row.sizeBytes === undefined || index === 1 ? '' : `${row.sizeBytes >= floorBytes ? '+' : ''}${formatKiB(row.sizeBytes - floorBytes)}`
      const cpu = `CPU ${cpuMs[index]!.toFixed(0).padStart(4)} ms  ${(cpuMs[index]! / cpuMs[1]!).toFixed(2)}× floor`
      console.log(
        `  ${row.label.padEnd(28)} ${size.padStart(9)} ${aboveFloor.padStart(9)}  start-up ${wallMs[index]!.toFixed(0).padStart(4)} ms  ${ratios(wallMs[index]!)}  ${cpu}`
      )
    }
    const figures = rows.slice(2).map((row, offset) => ({
      bundle: row.label,
      bytes: row.sizeBytes ?? 0,
      bytesAboveFloor: (row.sizeBytes ?? 0) - floorBytes,
      startUpRatio: wallMs[offset + 2]! / floorMs,
      cpuRatio: cpuMs[offset + 2]! / cpuMs[1]!
    }))
    for (const name of built) {
      for (const chunk of chunksOf(name))
        console.log(`  dist/${name}/${chunk} ${formatKiB(sizeOf(`dist/${name}/${chunk}`))}: loaded only when a PR comment is written`)
    }

    if (!built.includes('trigger-scan')) return figures
    const runs = await commentRunMedians()
    const index = sizeOf('dist/trigger-scan/index.js')
    const withChunks = index + chunksOf('trigger-scan').reduce((sum, chunk) => sum + sizeOf(`dist/trigger-scan/${chunk}`), 0)
    console.log(`trigger-scan on a pull request, whole step against the emulator and a loopback GitHub API (median of ${COMMENT_RUNS}):`)
    console.log(`  without PR comment  ${formatKiB(index).padStart(9)}  ${runs.without.toFixed(0).padStart(4)} ms  ${ratios(runs.without)}`)
    console.log(
      `  with PR comment     ${formatKiB(withChunks).padStart(9)}  ${runs.with.toFixed(0).padStart(4)} ms  ${ratios(runs.with)}  (${runs.commentsWritten} comment writes)`
    )
    return figures
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

// `npx tsx scripts/bench/bundles.ts` prints this section alone (for .ci/run), as npm run bench prints it.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await benchBundles()
