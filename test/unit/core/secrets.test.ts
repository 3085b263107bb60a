import * as core from '@actions/core'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { redactSecrets, registerClientCredentials, registerSecret, secretSpellings } from '../../../src/core/secrets.js'
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
