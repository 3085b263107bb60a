// readTriggerScanInputs and parseBaseline: the refusals and spellings the step tests do not reach.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { parseBaseline, readTriggerScanInputs } from '../../../src/trigger-scan/trigger-scan-inputs.js'
import { setInputs } from '../support/action-inputs.js'
import { inputRefusalOf } from '../support/input-refusal.js'
import { expectSentence } from '../support/sentence.js'
import { useStepEnvironment } from '../support/step-environment.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const step = useStepEnvironment('s4e-trigger-inputs')
afterEach(() => {
  setInputs({})
})

describe('parseBaseline', () => {
  it('reads scan:<id> and asset:<name> in any case, trimmed', () => {
    expect(parseBaseline('Scan:  s-9 ')).toEqual({ kind: 'scan', scanId: 's-9' })
    expect(parseBaseline('ASSET: app.example.com')).toEqual({ kind: 'asset', asset: 'app.example.com' })
  })

  it('cuts a long value that is no baseline short in its sentence', () => {
    const value = 'x'.repeat(150)
    expectSentence(
      inputRefusalOf(() => parseBaseline(value)),
      { what: `The baseline input "${'x'.repeat(100)}…" is not a baseline`, fix: 'use none, previous' }
    )
  })
})

describe('readTriggerScanInputs', () => {
  it('refuses asset-id beside scan-id, naming asset-id', () => {
    setInputs({ 'asset-id': 'a-1', 'scan-id': 's-1' })
    expectSentence(
      inputRefusalOf(() => readTriggerScanInputs()),
      { what: 'Both asset-id and scan-id or scans-from were given', fix: 'not both in one step' }
    )
  })

  it('refuses a scan type that is not a name, quoting it as given', () => {
    setInputs({ 'asset-id': 'a-1', 'scan-type': 'Full Scan!' })
    expectSentence(
      inputRefusalOf(() => readTriggerScanInputs()),
      { what: 'The scan-type input "Full Scan!" is not a scan type name', fix: 'use one such as quick, full' }
    )
  })

  it('checks a sarif-file before any request, relative to the workspace', () => {
    writeFileSync(path.join(step.workspace, 'reports'), 'a file where a folder is due')
    setInputs({ 'asset-id': 'a-1', 'sarif-file': 'reports/s4e.sarif' })
    expectSentence(
      inputRefusalOf(() => readTriggerScanInputs()),
      {
        what: `The sarif-file input names ${path.join(step.workspace, 'reports/s4e.sarif')}, which cannot be written`,
        mentions: ['part of the path is a file']
      }
    )
  })

  it('takes a writable sarif-file as given', () => {
    setInputs({ 'asset-id': 'a-1', 'sarif-file': 'reports/s4e.sarif' })
    expect(readTriggerScanInputs().report.sarifFile).toBe('reports/s4e.sarif')
  })
})
