// Where s4e-trigger-scan writes its files when the inputs name none, and how a named one resolves.
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { findingsFileProbePath, resolveWorkspacePath, scansFilePath } from '../../../src/trigger-scan/output-paths.js'

const KEYS = ['GITHUB_WORKSPACE', 'RUNNER_TEMP', 'GITHUB_ACTION'] as const
const saved = Object.fromEntries(KEYS.map((key) => [key, process.env[key]]))

afterEach(() => {
  for (const key of KEYS) {
    const value = saved[key]
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
})

describe('output paths', () => {
  it('resolves a relative path against GITHUB_WORKSPACE, or the working folder when it is empty', () => {
    process.env.GITHUB_WORKSPACE = '/work/checkout'
    expect(resolveWorkspacePath('out/f.json')).toBe('/work/checkout/out/f.json')
    process.env.GITHUB_WORKSPACE = ''
    expect(resolveWorkspacePath('out/f.json')).toBe(path.join(process.cwd(), 'out/f.json'))
  })

  it('puts the findings probe in RUNNER_TEMP, or the system temporary folder outside a runner, and a named file in the workspace', () => {
    process.env.GITHUB_WORKSPACE = '/work/checkout'
    process.env.RUNNER_TEMP = '/runner/temp'
    expect(findingsFileProbePath('')).toBe('/runner/temp/s4e-findings-probe.json')
    expect(findingsFileProbePath('reports/findings.json')).toBe('/work/checkout/reports/findings.json')
    delete process.env.RUNNER_TEMP
    expect(findingsFileProbePath('')).toBe(path.join(tmpdir(), 's4e-findings-probe.json'))
  })

  it('names the scans file after the step, made safe for a file name, or "step" when the runner names none', () => {
    process.env.RUNNER_TEMP = '/runner/temp'
    process.env.GITHUB_ACTION = '__s4e/scan step'
    expect(scansFilePath('')).toBe('/runner/temp/s4e-scans-__s4e_scan_step.json')
    delete process.env.GITHUB_ACTION
    expect(scansFilePath('')).toBe('/runner/temp/s4e-scans-step.json')
    process.env.GITHUB_WORKSPACE = '/work/checkout'
    expect(scansFilePath('scans.json')).toBe('/work/checkout/scans.json')
  })
})
