// `npm run demo` is one of the two commands the README promises: prove it runs the whole flow.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))
const TSX_CLI = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url))

function runDemo(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX_CLI, 'scripts/demo.ts', ...args], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1' } })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output }))
  })
}

describe('npm run demo', () => {
  it('runs auth → add-assets → trigger-scan against the emulator and says the flow behaved as designed', async () => {
    const { code, output } = await runDemo([])
    expect(code, output).toBe(0)
    for (const step of ['auth: actions/s4e-auth', 'add-assets: actions/s4e-add-assets', 'scan: actions/s4e-trigger-scan']) expect(output).toContain(step)
    expect(output).toMatch(/Gate verdict/)
    expect(output).toContain('The flow behaved as designed')
    expect(output).toContain('access-token  ***')
  }, 60_000)

  it('shows a retry after an injected 503, and a passing gate with fail-on none', async () => {
    const { code, output } = await runDemo(['--fault', 'POST /asset/handler/bulk-asset-add:1:status:503', '--fail-on', 'none'])
    expect(code, output).toBe(0)
    expect(output).toMatch(/retrying POST \/asset\/handler\/bulk-asset-add/)
    expect(output).toMatch(/Gate verdict.*passed/)
  }, 60_000)

  it('with --baseline, compares the preview with production and gates only on the new finding', async () => {
    const { code, output } = await runDemo(['--baseline'])
    expect(code, output).toBe(0)
    expect(output).toMatch(/Baseline.*: compared with production scan \S+: 1 new, 7 existing, 2 fixed\./)
    expect(output).toContain('S4E gate failed: 1 new finding at or above high')
    expect(output).toContain('The flow behaved as designed')
  }, 60_000)
})
