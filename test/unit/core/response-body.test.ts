import { describe, expect, it, vi } from 'vitest'
import { normaliseStatus } from '../../../src/core/api-types.js'
import { bodySignalsError, errorCodeOf, errorMessageOf, parseJsonBody, unwrapBody } from '../../../src/core/response-body.js'
import { registerSecret } from '../../../src/core/secrets.js'
import { forgetSecrets } from '../support/forget-secrets.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

describe('unwrapBody (docs/api.md, Wrapped bodies)', () => {
  it.each([
    ['wrapped', { data: { scan_id: 's-1' } }, { scan_id: 's-1' }],
    ['bare object', { scan_id: 's-1' }, { scan_id: 's-1' }],
    ['bare array', [{ id: 1 }], [{ id: 1 }]],
    ['findings list', { findings: [{ id: 'f' }] }, [{ id: 'f' }]],
    ['envelope', { code: 200, message: 'ok', error: false, value: { scan_id: 7 } }, { scan_id: 7 }]
  ])('unwraps a %s body', (_name, body, expected) => {
    expect(unwrapBody(body)).toEqual(expected)
  })
})

describe('bodySignalsError (docs/api.md, Errors inside a 200)', () => {
  it('treats code >= 400 and error: true as errors, and plain success as success', () => {
    expect(bodySignalsError({ code: 400, message: 'bad' })).toBe(true)
    expect(bodySignalsError({ code: '500' })).toBe(true)
    expect(bodySignalsError({ error: true, message: 'x' })).toBe(true)
    expect(bodySignalsError({ status: 'error', error: { code: 'rate_limited' } })).toBe(true)
    expect(bodySignalsError({ code: 200, message: 'ok', error: false })).toBe(false)
    expect(bodySignalsError({ data: [] })).toBe(false)
    expect(bodySignalsError([1, 2])).toBe(false)
  })
})

describe('error bodies (docs/api.md, Error bodies)', () => {
  it('reads the message and code of each documented error shape', () => {
    expect(errorMessageOf({ error: 'invalid_client', error_description: 'Client unknown' })).toBe('Client unknown')
    expect(errorCodeOf({ error: 'invalid_client' })).toBe('invalid_client')
    expect(errorMessageOf({ status: 'error', error: { code: 'rate_limited', message: 'Slow down' } })).toBe('Slow down')
    expect(errorCodeOf({ error: { code: 'rate_limited', message: 'Slow down' } })).toBe('rate_limited')
    expect(errorMessageOf({ message: 'Asset not found', code: 404 })).toBe('Asset not found')
    expect(errorMessageOf({ unrelated: 'field' })).toBeUndefined()
  })

  it('redacts known secrets and shortens long messages', () => {
    forgetSecrets()
    registerSecret('tok-super-secret-123')
    expect(errorMessageOf({ message: 'token tok-super-secret-123 is bad' })).toBe('token *** is bad')
    const long = errorMessageOf({ message: 'x'.repeat(1000) })
    expect(long?.length).toBeLessThan(310)
    expect(long?.endsWith('…')).toBe(true)
  })
})

describe('hostile error messages (docs/design.md, What is bounded)', () => {
  it('cuts a 320,000-dot error_description to its shown length before looking at it', () => {
    const shown = errorMessageOf({ error: 'invalid_client', error_description: '.'.repeat(320_000) })
    expect(shown).toBe(`${'.'.repeat(300)}…`)
  })

  it('drops the closing full stops of a short message, and gives nothing for a message of dots alone', () => {
    expect(errorMessageOf({ message: 'Client unknown. . ..' })).toBe('Client unknown')
    expect(errorMessageOf({ message: '.....' })).toBeUndefined()
  })

  it('redacts a secret that straddles the shown length, and one that the redaction of others pulls into view', () => {
    forgetSecrets()
    const secret = 'straddling-secret-0123456789'
    registerSecret(secret)
    const straddling = errorMessageOf({ message: `${'a'.repeat(290)}${secret}${'b'.repeat(1000)}` })
    expect(straddling).toBe(`${'a'.repeat(290)}***${'b'.repeat(7)}…`)
    // Redacting the first 16 shrinks them so far that the 17th, cut by the first window, comes into view.
    const pulled = errorMessageOf({ message: `${secret.repeat(17)}${'b'.repeat(1000)}` })
    expect(pulled).toBe(`${'***'.repeat(17)}${'b'.repeat(249)}…`)
  })
})

describe('parseJsonBody', () => {
  it('tells JSON from an HTML error page', () => {
    expect(parseJsonBody('{"a":1}')).toEqual({ ok: true, value: { a: 1 } })
    expect(parseJsonBody('<html><body>502 Bad Gateway</body></html>')).toEqual({ ok: false })
    expect(parseJsonBody('')).toEqual({ ok: true, value: undefined })
  })
})

describe('normaliseStatus (docs/api.md, Severities and statuses)', () => {
  it.each([
    ['False Positive', 'false_positive'],
    ['Accepted _ Risk', 'accepted_risk'],
    ['accepted__risk', 'accepted_risk'],
    ['Re-Opened', 're_opened'],
    ['  OPEN ', 'open'],
    ['', 'open']
  ])('turns %j into %j', (raw, expected) => {
    expect(normaliseStatus(raw)).toBe(expected)
  })
})
