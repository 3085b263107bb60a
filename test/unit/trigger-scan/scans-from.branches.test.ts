// The scans a fan-in step reads: entries without a usable asset name, numeric ids, and the bounds on files and scans.
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { MAX_FAN_IN_SCANS } from '../../../src/trigger-scan/names.js'
import { MAX_SCANS_FILES, readScanRefs, scanRefsOfFile } from '../../../src/trigger-scan/scans-from.js'
import { inputRefusalOf } from '../support/input-refusal.js'
import { expectSentence } from '../support/sentence.js'
import { useStepEnvironment } from '../support/step-environment.js'

const step = useStepEnvironment('s4e-scans-from-branches')

describe('scanRefsOfFile entries', () => {
  it('reads a numeric scan id and asset id as ids', () => {
    expect(scanRefsOfFile('scans.json', JSON.stringify({ scans: [{ asset: ' app.example.com ', 'asset-id': 7, 'scan-id': 42 }] }))).toEqual([
      { scanId: '42', assetId: '7', assetName: 'app.example.com' }
    ])
  })

  it('names no asset for an entry without a scan whose asset is blank', () => {
    const message = inputRefusalOf(() => scanRefsOfFile('scans.json', JSON.stringify({ scans: [{ asset: '   ', 'scan-id': '' }] })))
    expectSentence(message, { what: 'Entry 1 of the scans file scans.json names no scan', cause: 'its scan-id is empty' })
    expect(message).not.toContain('(asset')
  })

  it('cuts a long asset name short in the sentence', () => {
    const asset = `${'a'.repeat(120)}.example.com`
    const message = inputRefusalOf(() => scanRefsOfFile('scans.json', JSON.stringify({ scans: [{ asset, 'scan-id': ' ' }] })))
    expectSentence(message, { what: `Entry 1 of the scans file scans.json names no scan (asset ${'a'.repeat(100)}…)` })
  })
})

describe('readScanRefs bounds', () => {
  it(`refuses a glob matching more than ${MAX_SCANS_FILES} files, before reading any`, () => {
    mkdirSync(path.join(step.workspace, 'legs'))
    for (let index = 0; index <= MAX_SCANS_FILES; index++) writeFileSync(path.join(step.workspace, 'legs', `s${index}.json`), 'not json')
    expectSentence(
      inputRefusalOf(() => readScanRefs('', 'legs/*.json')),
      {
        what: `The scans-from input "legs/*.json" matches ${MAX_SCANS_FILES + 1} files, more than the ${MAX_SCANS_FILES} one step reads`,
        fix: 'narrow the glob'
      }
    )
  })

  it(`refuses more than ${MAX_FAN_IN_SCANS} scans in one step`, () => {
    const ids = Array.from({ length: MAX_FAN_IN_SCANS + 1 }, (_, index) => `s-${index}`).join('\n')
    expectSentence(
      inputRefusalOf(() => readScanRefs(ids, '')),
      {
        what: `The scan-id and scans-from inputs name ${MAX_FAN_IN_SCANS + 1} scans, more than the ${MAX_FAN_IN_SCANS} one step gates`,
        fix: 'several fan-in jobs'
      }
    )
  })

  it('globs in the working folder when GITHUB_WORKSPACE is empty', () => {
    process.env.GITHUB_WORKSPACE = ''
    // package.json lies in the working folder, outside the allowed RUNNER_TEMP: found by the glob, then refused by the reader.
    expectSentence(
      inputRefusalOf(() => readScanRefs('', 'package.json')),
      { what: `The scans-from input "${path.join(process.cwd(), 'package.json')}" resolves to`, mentions: ['outside the workspace'] }
    )
  })
})
