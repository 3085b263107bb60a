// readTriggerScanInputs and parseBaseline: the refusals and spellings the step tests do not reach.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { InputError } from '../../../src/core/errors.js'
import { parseBaseline, readTriggerScanInputs } from '../../../src/trigger-scan/trigger-scan-inputs.js'
import { setInputs } from '../support/action-inputs.js'
import { expectSentence } from '../support/sentence.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

let workspace = ''
const saved = { GITHUB_WORKSPACE: process.env.GITHUB_WORKSPACE, RUNNER_TEMP: process.env.RUNNER_TEMP }
beforeEach(() => {
  workspace = mkdtempSync(path.join(tmpdir(), 's4e-trigger-inputs-'))
  process.env.GITHUB_WORKSPACE = workspace
  process.env.RUNNER_TEMP = path.join(workspace, 'temp')
  mkdirSync(process.env.RUNNER_TEMP)
})
afterEach(() => {
  setInputs({})
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
})

function refusalOf(work: () => unknown): string {
  try {
    work()
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return (error as Error).message
  }
  return expect.fail('the inputs should have been refused')
}

describe('parseBaseline', () => {
  it('reads scan:<id> and asset:<name> in any case, trimmed', () => {
    expect(parseBaseline('Scan:  s-9 ')).toEqual({ kind: 'scan', scanId: 's-9' })
    expect(parseBaseline('ASSET: app.example.com')).toEqual({ kind: 'asset', asset: 'app.example.com' })
  })

  it('cuts a long value that is no baseline short in its sentence', () => {
    const value = 'x'.repeat(150)
    expectSentence(
      refusalOf(() => parseBaseline(value)),
      { what: `The baseline input "${'x'.repeat(100)}…" is not a baseline`, fix: 'use none, previous' }
    )
  })
})

describe('readTriggerScanInputs', () => {
  it('refuses asset-id beside scan-id, naming asset-id', () => {
    setInputs({ 'asset-id': 'a-1', 'scan-id': 's-1' })
    expectSentence(
      refusalOf(() => readTriggerScanInputs()),
      { what: 'Both asset-id and scan-id or scans-from were given', fix: 'not both in one step' }
    )
  })

  it('refuses a scan type that is not a name, quoting it as given', () => {
    setInputs({ 'asset-id': 'a-1', 'scan-type': 'Full Scan!' })
    expectSentence(
      refusalOf(() => readTriggerScanInputs()),
      { what: 'The scan-type input "Full Scan!" is not a scan type name', fix: 'use one such as quick, full' }
    )
  })

  it('checks a sarif-file before any request, relative to the workspace', () => {
    writeFileSync(path.join(workspace, 'reports'), 'a file where a folder is due')
    setInputs({ 'asset-id': 'a-1', 'sarif-file': 'reports/s4e.sarif' })
    expectSentence(
      refusalOf(() => readTriggerScanInputs()),
      { what: `The sarif-file input names ${path.join(workspace, 'reports/s4e.sarif')}, which cannot be written`, mentions: ['part of the path is a file'] }
    )
  })

  it('takes a writable sarif-file as given', () => {
    setInputs({ 'asset-id': 'a-1', 'sarif-file': 'reports/s4e.sarif' })
    expect(readTriggerScanInputs().report.sarifFile).toBe('reports/s4e.sarif')
  })
})
