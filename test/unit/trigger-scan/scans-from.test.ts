// Reading the scans a fan-in step gates (docs/design.md, "Fan-in across jobs"), and the inputs around it.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { InputError } from '../../../src/core/errors.js'
import { MAX_SCAN_STEP_ASSETS } from '../../../src/trigger-scan/names.js'
import { readScanRefs, scanRefsOfFile } from '../../../src/trigger-scan/scans-from.js'
import { readTriggerScanInputs } from '../../../src/trigger-scan/trigger-scan-inputs.js'
import { setInputs } from '../support/action-inputs.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

let workspace = ''
const saved = { GITHUB_WORKSPACE: process.env.GITHUB_WORKSPACE, RUNNER_TEMP: process.env.RUNNER_TEMP }
beforeEach(() => {
  workspace = mkdtempSync(path.join(tmpdir(), 's4e-scans-from-'))
  process.env.GITHUB_WORKSPACE = workspace
  process.env.RUNNER_TEMP = path.join(workspace, 'temp')
  mkdirSync(process.env.RUNNER_TEMP)
})
afterEach(() => {
  Object.assign(process.env, saved)
})

const entry = (scanId: string, asset = 'app.example.com') => ({ asset, 'asset-id': 'a-1', 'scan-id': scanId, status: 'queued', gate: 'skipped' })
const write = (name: string, content: unknown) => writeFileSync(path.join(workspace, name), typeof content === 'string' ? content : JSON.stringify(content))
const messageOf = (work: () => unknown): string => {
  try {
    work()
  } catch (error) {
    if (error instanceof InputError) return error.message
    throw error
  }
  return ''
}

describe('scanRefsOfFile', () => {
  it('reads the file a step writes and the bare scans output alike', () => {
    expect(scanRefsOfFile('f.json', JSON.stringify({ scans: [entry('s-1')] }))).toEqual([{ scanId: 's-1', assetId: 'a-1', assetName: 'app.example.com' }])
    expect(scanRefsOfFile('f.json', JSON.stringify([entry(' s-2 ')]))).toEqual([{ scanId: 's-2', assetId: 'a-1', assetName: 'app.example.com' }])
  })

  it.each([
    ['not JSON', '{scans:'],
    ['another wrapper', JSON.stringify({ results: [] })],
    ['a single value', 'null'],
    ['scans that is no array', JSON.stringify({ scans: {} })]
  ])('names the file that holds no scans array: %s', (_, content) => {
    expect(messageOf(() => scanRefsOfFile('legs/leg-1.json', content))).toMatch(
      /^The scans file legs\/leg-1\.json holds no scans array \(.+\): name files written by/
    )
  })

  it('names the entry that names no scan', () => {
    expect(messageOf(() => scanRefsOfFile('f.json', JSON.stringify({ scans: [entry('s-1'), entry('', 'db.example.com')] })))).toMatch(
      /^Entry 2 of the scans file f\.json names no scan \(asset db\.example\.com\) \(its scan-id is empty/
    )
    expect(messageOf(() => scanRefsOfFile('f.json', JSON.stringify({ scans: ['s-1'] })))).toMatch(/^Entry 1 .* \(it is not an object\)/)
  })
})

describe('readScanRefs', () => {
  it('takes ids and the files of a glob, each scan once, the file telling its asset', () => {
    write('a.json', { scans: [entry('s-1'), entry('s-2', 'api.example.com')] })
    write('b.json', { scans: [entry('s-2', 'api.example.com')] })
    expect(readScanRefs('s-2, s-9', '*.json')).toEqual([
      { scanId: 's-2', assetId: 'a-1', assetName: 'api.example.com' },
      { scanId: 's-9' },
      { scanId: 's-1', assetId: 'a-1', assetName: 'app.example.com' }
    ])
    expect(readScanRefs('', '')).toBeUndefined()
  })

  it('refuses a glob that matches nothing, a file outside the workspace, and a FIFO before opening it', () => {
    expect(messageOf(() => readScanRefs('', 'missing/*.json'))).toMatch(/^The scans-from input "missing\/\*\.json" matches no file: /)
    const outside = mkdtempSync(path.join(tmpdir(), 's4e-outside-'))
    writeFileSync(path.join(outside, 'x.json'), JSON.stringify({ scans: [] }))
    symlinkSync(path.join(outside, 'x.json'), path.join(workspace, 'link.json'))
    expect(messageOf(() => readScanRefs('', 'link.json'))).toMatch(/resolves to .*, outside the workspace \(GITHUB_WORKSPACE\) and RUNNER_TEMP: /)
    execFileSync('mkfifo', [path.join(workspace, 'pipe.json')])
    expect(messageOf(() => readScanRefs('', 'pipe.json'))).toMatch(/is a named pipe \(FIFO\) .*, not a regular file, so it was not opened: name a scans file/)
  })
})

describe('the inputs of a fan-in step', () => {
  it('refuses scan-id beside asset, and wait: false, each in one sentence', () => {
    setInputs({ asset: 'app.example.com', 'scan-id': 's-1' })
    expect(messageOf(() => readTriggerScanInputs())).toBe(
      'Both asset and scan-id or scans-from were given: scan assets in this step, or gate scans started elsewhere, not both in one step.'
    )
    setInputs({ 'scan-id': 's-1', wait: 'false' })
    expect(messageOf(() => readTriggerScanInputs())).toMatch(/^wait is false, but scan-id and scans-from name scans to wait for and gate: /)
  })

  it('gates scans by id with no asset to scan', () => {
    setInputs({ 'scan-id': 's-1 s-2' })
    const { request } = readTriggerScanInputs()
    expect(request.targets).toEqual([])
    expect(request.startedElsewhere).toEqual([{ scanId: 's-1' }, { scanId: 's-2' }])
  })

  it(`takes ${MAX_SCAN_STEP_ASSETS} assets to scan, and points at the matrix beyond that`, () => {
    const hosts = (n: number) => Array.from({ length: n }, (_, index) => `host-${index}.example.com`).join('\n')
    setInputs({ asset: hosts(MAX_SCAN_STEP_ASSETS) })
    expect(readTriggerScanInputs().request.targets).toHaveLength(MAX_SCAN_STEP_ASSETS)
    setInputs({ asset: hosts(MAX_SCAN_STEP_ASSETS + 1) })
    expect(messageOf(() => readTriggerScanInputs())).toMatch(
      /^257 assets were given to scan in one step, more than the 256 one scan step takes: .*examples\/matrix-fan-in\.yml/
    )
    // The pipeline's registered assets count too: registration is not capped, scanning is.
    setInputs({})
    expect(messageOf(() => readTriggerScanInputs({ defaultAssets: hosts(300).split('\n') }))).toMatch(/^300 assets were given to scan/)
  })
})
