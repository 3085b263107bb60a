import { describe, expect, it, vi } from 'vitest'
import { S4EApiError } from '../../../src/core/errors.js'
import type { S4EApi } from '../../../src/core/s4e-api.js'
import type { AddAssetsPlan } from '../../../src/add-assets/add-assets-inputs.js'
import { registerAssets } from '../../../src/add-assets/register-assets.js'
import { expectSentence } from '../support/sentence.js'

vi.mock('@actions/core')

function plan(assets: string[], batchSize: number): AddAssetsPlan {
  return { assets, invalid: [], batchSize, onInvalid: 'fail', dryRun: false }
}

function failingOn(batch: number, error: unknown): S4EApi {
  let sent = 0
  return {
    addAssets: async () => {
      sent++
      if (sent === batch) throw error
    }
  } as unknown as S4EApi
}

describe('registerAssets: the sentence of a failed batch is composed once from its parts', () => {
  it("keeps the API error's what, cause and fix, then says how far it got", async () => {
    const error = new S4EApiError(
      { what: 'The S4E API refused POST /x with HTTP 400', cause: 'Bad asset.', fix: 'check the inputs of this step' },
      400,
      undefined
    )
    const result = await registerAssets(failingOn(2, error), plan(['a.example', 'b.example', 'c.example'], 1))
    expect(result.error?.message).toBe(
      'The S4E API refused POST /x with HTTP 400 (Bad asset.): check the inputs of this step; 1 of 3 assets were registered before batch 2 of 3 failed, and re-running the step is safe because S4E registration is idempotent.'
    )
  })

  it('gives the progress as the fix when the failure has none, and never ends in two full stops', async () => {
    const error = new S4EApiError({ what: 'The S4E API answered POST /x with HTTP 418' }, 418, undefined)
    const result = await registerAssets(failingOn(1, error), plan(['a.example'], 1))
    expectSentence(result.error?.message, {
      what: 'The S4E API answered POST /x with HTTP 418',
      fix: 'no asset was registered before batch 1 of 1 failed, and re-running the step is safe'
    })
  })

  it('holds a failure that is not one of our sentences as the cause, as it came', async () => {
    const result = await registerAssets(failingOn(1, new Error('socket hang up.')), plan(['a.example'], 1))
    expectSentence(result.error?.message, {
      what: 'S4E did not register batch 1 of 1',
      cause: '(socket hang up.)',
      fix: 'no asset was registered before batch 1 of 1 failed'
    })
  })
})
