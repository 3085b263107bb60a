import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { describe, expect, it } from 'vitest'
import { parseEmulatorArguments } from '../../dev/emulator/cli-arguments.js'
import { REPO_ROOT } from '../../dev/harness/run-step.js'

describe('emulator command line', () => {
  it('turns flags into options', () => {
    const { options } = parseEmulatorArguments([
      '--port',
      '0',
      '--token-lifetime',
      '5',
      '--scan-duration',
      '1.5',
      '--shape',
      'bare',
      '--seed',
      'x',
      '--rate-limit',
      'POST /api/scan/create=3',
      '--fault',
      'POST /api/scan/create:1:status:503'
    ])
    expect(options).toMatchObject({
      port: 0,
      tokenLifetimeSeconds: 5,
      scanDurationMs: 1500,
      shape: 'bare',
      seed: 'x',
      rateLimits: { 'POST /api/scan/create': 3 },
      faults: [{ route: 'POST /api/scan/create', count: 1, kind: 'status', status: 503 }]
    })
    expect(parseEmulatorArguments([]).options.port).toBe(4010)
  })

  it.each([[['--shape', 'odd']], [['--port', '-1']], [['--rate-limit', 'nonsense']], [['--unknown']]])('refuses %j', (argv) => {
    expect(() => parseEmulatorArguments(argv)).toThrow()
  })

  it('starts, prints its URL and credentials, serves, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'dev/emulator/cli.ts', '--port', '0', '--quiet'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)
        if (match && stdout.includes('Press Ctrl+C')) resolve(match[1]!)
      })
      child.once('exit', () => reject(new Error(`The emulator exited early: ${stdout}`)))
    })
    expect(stdout).toContain('demo-client')
    expect(stdout).toContain('s4e_demo_')
    expect((await fetch(`${url}/_emulator/state`)).status).toBe(200)
    child.kill('SIGTERM')
    const [code] = await once(child, 'exit')
    expect(code).toBe(0)
  })
})
