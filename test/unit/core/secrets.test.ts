import * as core from '@actions/core'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { holdsSecret, redactSecrets, registerClientCredentials, registerSecret, secretSpellings } from '../../../src/core/secrets.js'
import { forgetSecrets } from '../support/forget-secrets.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

beforeEach(() => {
  vi.clearAllMocks()
  forgetSecrets()
})

const masked = () => vi.mocked(core.setSecret).mock.calls.map(([value]) => value)

describe('registerSecret', () => {
  it('masks every spelling a request or an echo could carry', () => {
    const secret = 'a b~!\'()/é"z'
    registerSecret(secret)
    expect(masked()).toEqual(
      expect.arrayContaining([
        secret,
        new URLSearchParams({ s: secret }).toString().slice(2),
        encodeURIComponent(secret),
        JSON.stringify(secret).slice(1, -1),
        JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/'),
        'a b~!\'()/\\u00e9\\"z'
      ])
    )
  })

  it('masks each line of a multi-line value', () => {
    registerSecret('first-line-1\n  second-line-2\n')
    expect(masked()).toEqual(expect.arrayContaining(['first-line-1', 'second-line-2']))
  })

  it('masks the Base64 of client-id:client-secret, and finds the secret inside other Base64 too', () => {
    registerClientCredentials('my-client', 'csecret-0123456789')
    expect(masked()).toContain(Buffer.from('my-client:csecret-0123456789').toString('base64'))
    const dockerAuth = Buffer.from('deploy:csecret-0123456789').toString('base64')
    expect(redactSecrets(`auth ${dockerAuth}`)).not.toContain(dockerAuth)
  })

  it('ignores empty values and masks nothing twice', () => {
    registerSecret('')
    registerSecret('   ')
    registerSecret('same-secret-1')
    registerSecret('same-secret-1')
    expect(masked()).toEqual([...new Set(masked())])
    expect(masked().filter((value) => value === 'same-secret-1')).toHaveLength(1)
  })

  it('spells a plain secret without needless variants', () => {
    expect(secretSpellings('plain')).toEqual(['plain'])
  })
})

describe('redaction of the spellings a server may echo (docs/design.md, Secrets)', () => {
  const secret = "cs-(it's)*!~7f3a"
  const pairId = 'my-client'
  const echoes: [string, string][] = [
    ['raw', secret],
    ['form-encoded', new URLSearchParams({ v: secret }).toString().slice(2)],
    ['strict RFC 3986 percent-encoding', encodeURIComponent(secret).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)],
    ['lower-case strict percent-encoding', encodeURIComponent(secret).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)],
    ['JSON with every character \\uXXXX', [...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')],
    ['JSON with upper-case \\uXXXX', [...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`).join('')],
    ['Base64', Buffer.from(secret).toString('base64')],
    ['Base64url', Buffer.from(secret).toString('base64url')],
    ['Base64 of client-id:client-secret', Buffer.from(`${pairId}:${secret}`).toString('base64')],
    ['Base64url of client-id:client-secret', Buffer.from(`${pairId}:${secret}`).toString('base64url')],
    ['lower-case hex', Buffer.from(secret).toString('hex')],
    ['upper-case hex', Buffer.from(secret).toString('hex').toUpperCase()]
  ]

  it.each(echoes)('redacts the %s spelling', (_name, spelling) => {
    registerClientCredentials(pairId, secret)
    expect(redactSecrets(`server said: ${spelling} is wrong`)).toBe('server said: *** is wrong')
    expect(holdsSecret(`x${spelling}x`)).toBe(true)
  })

  it('masks the spellings the contract names and keeps the others for redaction only', () => {
    registerClientCredentials(pairId, secret)
    expect(masked()).toEqual(
      expect.arrayContaining([
        secret,
        encodeURIComponent(secret),
        new URLSearchParams({ v: secret }).toString().slice(2),
        Buffer.from(`${pairId}:${secret}`).toString('base64')
      ])
    )
    expect(masked()).not.toContain(Buffer.from(secret).toString('hex'))
  })

  it('says whether text holds a secret, and nothing is held when none is registered', () => {
    expect(holdsSecret('anything')).toBe(false)
    registerSecret('tok-9f8e7d6c5b4a')
    expect(holdsSecret('assets:read tok-9f8e7d6c5b4a')).toBe(true)
    expect(holdsSecret('assets:read scans:write')).toBe(false)
  })
})
