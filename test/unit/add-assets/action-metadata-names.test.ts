import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { AddAssetsInput, AddAssetsOutput, DEFAULT_BATCH_SIZE } from '../../../src/add-assets/names.js'
import { CredentialInput } from '../../../src/core/credential-inputs.js'

interface Metadata {
  inputs: Record<string, { default?: string }>
  outputs: Record<string, unknown>
}

const metadata = parse(readFileSync(new URL('../../../actions/s4e-add-assets/action.yml', import.meta.url), 'utf8')) as Metadata

describe('actions/s4e-add-assets/action.yml', () => {
  it('declares exactly the inputs the code reads', () => {
    expect(Object.keys(metadata.inputs).sort()).toEqual([...Object.values(CredentialInput), ...Object.values(AddAssetsInput)].sort())
  })

  it('declares exactly the outputs the code sets', () => {
    expect(Object.keys(metadata.outputs).sort()).toEqual(Object.values(AddAssetsOutput).sort())
  })

  it('has the defaults the code falls back to', () => {
    expect(metadata.inputs[AddAssetsInput.batchSize]!.default).toBe(String(DEFAULT_BATCH_SIZE))
    expect(metadata.inputs[AddAssetsInput.onInvalid]!.default).toBe('fail')
    expect(metadata.inputs[AddAssetsInput.dryRun]!.default).toBe('false')
    // Empty, so the code can fall back to S4E_API_URL before the cloud URL.
    expect(metadata.inputs[CredentialInput.apiUrl]!.default).toBeUndefined()
  })
})
