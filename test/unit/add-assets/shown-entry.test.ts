import { beforeEach, describe, expect, it, vi } from 'vitest'
import { registerSecret } from '../../../src/core/secrets.js'
import { normaliseAsset } from '../../../src/add-assets/normalise-asset.js'
import { shownEntry, shownReason, SHOWN_ENTRY_LENGTH } from '../../../src/add-assets/shown-entry.js'
import { forgetSecrets } from '../support/forget-secrets.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

beforeEach(() => forgetSecrets())

function reasonFor(input: string): string {
  const result = normaliseAsset(input)
  if (result.ok) throw new Error(`${input} is valid`)
  return shownReason(result.reason, input)
}

describe('shownEntry and shownReason', () => {
  it('removes the user-info of a URL', () => {
    expect(shownEntry('https://deploy:Pw-42@intranet/x')).toBe('https://intranet/x')
    expect(reasonFor('https://deploy:Pw-42@intranet/x')).not.toContain('Pw-42')
  })

  it(`shows at most ${SHOWN_ENTRY_LENGTH} characters`, () => {
    const long = `${'a'.repeat(500)}_x`
    expect([...shownEntry(long)]).toHaveLength(SHOWN_ENTRY_LENGTH + 1)
    expect(reasonFor(long).length).toBeLessThan(300)
  })

  it('gives an echoed entry back its own case, so the runner mask of a secret still matches', () => {
    const reason = reasonFor('TOKEN=AbCdEf-Secret-Xy')
    expect(reason).toContain('TOKEN=AbCdEf-Secret-Xy')
    expect(reason).not.toContain('abcdef-secret-xy')
  })

  it('redacts known secrets in the entry and the reason', () => {
    registerSecret('AbCdEf-Secret-Xy')
    expect(shownEntry('KEY=AbCdEf-Secret-Xy')).toBe('KEY=***')
    expect(reasonFor('KEY=AbCdEf-Secret-Xy')).not.toMatch(/abcdef-secret-xy/i)
  })

  it('leaves an ordinary reason as it was', () => {
    expect(reasonFor('intranet')).toBe('intranet needs at least two labels, e.g. intranet.example.com.')
  })
})
