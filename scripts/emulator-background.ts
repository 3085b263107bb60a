// `node scripts/emulator-background.ts start <emulator flags>` starts the local S4E emulator in the
// background and returns once it answers; `… stop` stops it. For CI steps on Linux, macOS and Windows
// runners alike (.github/workflows/self-test.yml): a shell's `nohup … &` and `kill` do not carry over
// to Windows, and `npm run emulator` there is a tree of processes (npm, a shell, tsx, node) that a
// kill of its top leaves running. Here the emulator is one node process, run with tsx's loader, whose
// id is kept in RUNNER_TEMP; process.kill ends it on every platform. Needs Node 24 (it runs as .ts).
import { spawn } from 'node:child_process'
import { existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'

const EMULATOR_ENTRY = 'dev/emulator/cli.ts'
const READY_TIMEOUT_MS = 20_000
const READY_POLL_MS = 200

const folder = process.env.RUNNER_TEMP || tmpdir()
const pidFile = path.join(folder, 's4e-emulator.pid')
const logFile = path.join(folder, 's4e-emulator.log')

function printLog(): void {
  if (existsSync(logFile)) process.stdout.write(readFileSync(logFile, 'utf8'))
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok
  } catch {
    return false
  }
}

async function start(flags: string[]): Promise<number> {
  const { values } = parseArgs({ args: flags, options: { port: { type: 'string' } }, strict: false })
  if (typeof values.port !== 'string') {
    console.error('Give the emulator a fixed port (start --port 4010 …): the later steps need to know where it listens.')
    return 2
  }
  const state = `http://127.0.0.1:${values.port}/_emulator/state`
  // Otherwise the readiness check below would take an emulator left over from earlier for this one.
  if (await answers(state)) {
    console.error(`Something already answers at ${state}: stop it (node scripts/emulator-background.ts stop) or choose another --port.`)
    return 1
  }
  const log = openSync(logFile, 'a')
  // Detached with its output in a file: the step that starts it ends without waiting for it.
  const child = spawn(process.execPath, ['--import', 'tsx', EMULATOR_ENTRY, ...flags], {
    detached: true,
    stdio: ['ignore', log, log],
    windowsHide: true
  })
  let exited: number | null | undefined
  child.on('exit', (code) => (exited = code))
  writeFileSync(pidFile, String(child.pid))
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (Date.now() < deadline && exited === undefined) {
    if (await answers(state)) {
      child.unref()
      console.log(`S4E emulator (process ${child.pid}) answers at http://127.0.0.1:${values.port}; its log is ${logFile}.`)
      return 0
    }
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS))
  }
  printLog()
  console.error(
    exited === undefined
      ? `The S4E emulator did not answer at ${state} within ${READY_TIMEOUT_MS / 1000} s: its log is above.`
      : `The S4E emulator exited with code ${exited} before it answered: its log is above.`
  )
  if (exited === undefined) child.kill()
  return 1
}

function stop(): number {
  if (!existsSync(pidFile)) {
    console.log('No S4E emulator was started in this job: nothing to stop.')
    return 0
  }
  const pid = Number(readFileSync(pidFile, 'utf8'))
  try {
    // SIGTERM lets it close its server on Linux and macOS; on Windows, process.kill ends the process.
    process.kill(pid, 'SIGTERM')
    console.log(`Stopped the S4E emulator (process ${pid}).`)
  } catch (error) {
    if ((error as { code?: string }).code !== 'ESRCH') throw error
    console.log(`The S4E emulator (process ${pid}) had already stopped.`)
  }
  rmSync(pidFile, { force: true })
  return 0
}

const [command, ...flags] = process.argv.slice(2)
if (command === 'start') process.exitCode = await start(flags[0] === '--' ? flags.slice(1) : flags)
else if (command === 'stop') process.exitCode = stop()
else {
  console.error('Use: node scripts/emulator-background.ts start --port <port> [emulator flags], or … stop.')
  process.exitCode = 2
}
