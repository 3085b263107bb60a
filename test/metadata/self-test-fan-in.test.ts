// The jobs of .github/workflows/self-test.yml beyond the first: the reusable workflow called as an
// organisation calls it, and a matrix fan-out with one fan-in job. GitHub runs them; this checks that
// they are wired as intended and call the reusable workflow only with what it declares.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { REPO_ROOT } from './repository-actions.js'

interface Job {
  uses?: string
  needs?: string | string[]
  with?: Record<string, unknown>
  secrets?: Record<string, unknown>
  strategy?: { matrix?: { include?: Array<Record<string, unknown>> } & Record<string, unknown> }
  steps?: Array<{ uses?: string; run?: string; with?: Record<string, unknown> }>
}

const read = (file: string) => parse(readFileSync(path.join(REPO_ROOT, file), 'utf8')) as Record<string, unknown>
const selfTest = read('.github/workflows/self-test.yml') as { jobs: Record<string, Job> }
const reusable = read('.github/workflows/s4e-scan.yml') as {
  on: { workflow_call: { inputs: Record<string, unknown>; secrets: Record<string, unknown>; outputs: Record<string, unknown> } }
}

describe('self-test.yml', () => {
  it('calls the reusable workflow against the emulator, with declared inputs and secrets only', () => {
    const call = selfTest.jobs['reusable-workflow']
    expect(call?.uses).toBe('./.github/workflows/s4e-scan.yml')
    expect(call?.with?.emulator).toBe(true)
    const declared = reusable.on.workflow_call
    expect(Object.keys(call?.with ?? {}).filter((name) => !(name in declared.inputs))).toEqual([])
    expect(Object.keys(call?.secrets ?? {}).filter((name) => !(name in declared.secrets))).toEqual([])
    expect(Object.keys(declared.secrets).sort()).toEqual(['api-key', 'client-id', 'client-secret'])
  })

  it('fans out over a matrix with distinct scan serials and fans in with scans-from', () => {
    const legs = selfTest.jobs['fan-out']?.strategy?.matrix?.include ?? []
    expect(legs.length).toBeGreaterThan(1)
    expect(new Set(legs.map((leg) => leg.serial)).size).toBe(legs.length)
    const fanOutSteps = selfTest.jobs['fan-out']?.steps ?? []
    expect(fanOutSteps.some((step) => step.with?.wait === false)).toBe(true)
    expect(fanOutSteps.some((step) => step.uses?.startsWith('actions/upload-artifact@') === true)).toBe(true)
    const fanIn = selfTest.jobs['fan-in']
    expect(fanIn?.needs).toBe('fan-out')
    expect((fanIn?.steps ?? []).some((step) => step.uses === './actions/s4e-trigger-scan' && step.with?.['scans-from'] !== undefined)).toBe(true)
  })

  it('starts and stops the emulator the same way in every job: one node process, through scripts/emulator-background.ts', () => {
    for (const file of ['.github/workflows/self-test.yml', '.github/workflows/s4e-scan.yml']) {
      const jobs = (read(file) as { jobs: Record<string, Job> }).jobs
      for (const [name, job] of Object.entries(jobs)) {
        const scripts = (job.steps ?? []).map((step) => step.run ?? '')
        const starts = scripts.filter((script) => /emulator/.test(script) && !/emulator\/state/.test(script))
        if (starts.length === 0) continue
        expect(
          starts.filter((script) => /nohup|npm run emulator/.test(script)),
          `${file} job ${name}`
        ).toEqual([])
        expect(
          starts.some((script) => /node scripts\/emulator-background\.ts start --port /.test(script)),
          `${file} job ${name}`
        ).toBe(true)
        expect(scripts.at(-1), `${file} job ${name} stops the emulator last`).toBe('node scripts/emulator-background.ts stop')
      }
    }
  })
})

describe.each(['.github/workflows/self-test.yml', 'examples/matrix-fan-in.yml'])('%s', (file) => {
  it('gives each matrix leg a scans file of its own name, since the fan-in download merges every artifact into one folder', () => {
    const jobs = Object.values((read(file) as { jobs: Record<string, Job> }).jobs)
    const merged = jobs
      .flatMap((job) => job.steps ?? [])
      .some((step) => step.uses?.startsWith('actions/download-artifact@') === true && step.with?.['merge-multiple'] === true)
    expect(merged).toBe(true)
    const legSteps = jobs.filter((job) => job.strategy?.matrix !== undefined).flatMap((job) => job.steps ?? [])
    const writers = legSteps.filter((step) => step.with?.wait === false)
    expect(writers.length).toBeGreaterThan(0)
    for (const step of writers) expect(String(step.with?.['scans-file'])).toContain('${{ strategy.job-index }}')
  })
})
