import { describe, expect, it, vi } from 'vitest'
import type { AddAssetsPlan } from '../../../src/add-assets/add-assets-inputs.js'
import { AssetRegistrationError } from '../../../src/add-assets/register-assets.js'
import { nothingSent, renderAddAssetsSummary, SUMMARY_ROW_LIMIT } from '../../../src/add-assets/report-add-assets.js'
import { jsonArrayWithin } from '../../../src/core/output-limits.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const plan = (overrides: Partial<AddAssetsPlan> = {}): AddAssetsPlan => ({
  assets: ['a.example.com'],
  invalid: [],
  batchSize: 100,
  onInvalid: 'skip',
  dryRun: false,
  ...overrides
})

describe('jsonArrayWithin', () => {
  it('keeps the whole array when it fits', () => {
    expect(jsonArrayWithin(['a', 'b'], 100)).toEqual({ json: '["a","b"]', kept: 2 })
  })

  it('keeps the longest prefix that fits, counting UTF-8 bytes and commas', () => {
    // ["ab","cd"] is 11 bytes; ["ab"] is 6.
    expect(jsonArrayWithin(['ab', 'cd'], 10)).toEqual({ json: '["ab"]', kept: 1 })
    expect(jsonArrayWithin(['ab', 'cd'], 11)).toEqual({ json: '["ab","cd"]', kept: 2 })
    expect(jsonArrayWithin(['é'], 4)).toEqual({ json: '[]', kept: 0 })
  })
})

describe('renderAddAssetsSummary', () => {
  it('escapes entries and reasons, and caps the invalid list with a count of the rest', () => {
    const invalid = Array.from({ length: SUMMARY_ROW_LIMIT + 5 }, (_, i) => ({ input: `<b>${i}`, reason: `bad & wrong ${i}` }))
    const html = renderAddAssetsSummary(plan({ invalid }), { registeredCount: 1, batches: 1, plannedBatches: 1 })
    expect(html).not.toContain('<b>')
    expect(html).toContain('<code>&lt;b&gt;0</code>')
    expect(html).toContain('bad &amp; wrong 0')
    expect(html).not.toContain(`bad &amp; wrong ${SUMMARY_ROW_LIMIT}`)
    expect(html).toContain('…and 5 more invalid entries')
    expect(html).toContain('✅ Registered 1 asset with S4E.')
  })

  it('names the missing scope only when the API answered 403', () => {
    const forbidden = new AssetRegistrationError({ what: 'Refused' }, 403, 'assets:write')
    const broken = new AssetRegistrationError({ what: 'Down' }, 503, undefined)
    expect(renderAddAssetsSummary(plan(), { ...nothingSent(plan()), batches: 1, error: forbidden })).toContain('Missing scope')
    expect(renderAddAssetsSummary(plan(), { ...nothingSent(plan()), batches: 1, error: broken })).not.toContain('Missing scope')
  })
})
