import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/core/errors.js'
import { KNOWN_SCOPES, parseScopes } from '../../../src/core/scopes.js'
import { parseServiceUrl } from '../../../src/core/service-url.js'

describe('parseScopes', () => {
  it('accepts names separated by spaces or commas, once each', () => {
    expect(parseScopes('assets:read, scans:write  scans:read,assets:read')).toEqual(['assets:read', 'scans:write', 'scans:read'])
  })

  it('rejects an unknown scope and lists every valid one', () => {
    expect(() => parseScopes('assets:read asset:write')).toThrow(InputError)
    try {
      parseScopes('asset:write')
    } catch (error) {
      const message = (error as Error).message
      expect(message).toContain('"asset:write"')
      for (const scope of KNOWN_SCOPES) expect(message).toContain(scope)
    }
  })
})

describe('parseServiceUrl', () => {
  it.each([
    ['https://api.s4e.io/', 'https://api.s4e.io'],
    ['https://api.example.com/s4e//', 'https://api.example.com/s4e'],
    ['http://localhost:4010', 'http://localhost:4010'],
    ['http://127.0.0.1:4010/', 'http://127.0.0.1:4010'],
    ['http://127.8.9.10', 'http://127.8.9.10'],
    ['http://[::1]:4010', 'http://[::1]:4010']
  ])('accepts %s', (input, expected) => {
    expect(parseServiceUrl(input, 'api-url')).toBe(expected)
  })

  it.each([
    ['http://api.s4e.io', /clear text.*https:\/\//],
    ['http://10.0.0.5', /clear text/],
    ['http://localhost.evil.com', /clear text/],
    ['api.s4e.io', /not a valid URL/],
    ['ftp://api.s4e.io', /https:\/\//],
    ['https://user:pw@api.s4e.io', /user name or password/],
    ['https://api.s4e.io/?x=1', /query string/]
  ])('rejects %s with a sentence', (input, message) => {
    expect(() => parseServiceUrl(input, 'api-url')).toThrow(message)
  })
})
