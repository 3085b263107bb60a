import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator } from '../../dev/emulator/server.js'
import type { Emulator } from '../../dev/emulator/emulator-options.js'
import { call, requestToken, tokenFor } from './emulator-requests.js'

describe('emulator OAuth and bearer tokens', () => {
  let emulator: Emulator
  let clock = Date.UTC(2026, 0, 1)
  beforeEach(async () => {
    clock = Date.UTC(2026, 0, 1)
    emulator = await startEmulator({ port: 0, tokenLifetimeSeconds: 60, now: () => clock })
  })
  afterEach(() => emulator.stop())

  it('issues a bearer token with the lifetime and every non-admin scope when none is asked for', async () => {
    const answer = await requestToken(emulator)
    expect(answer.status).toBe(200)
    expect(answer.headers.get('cache-control')).toBe('no-store')
    expect(answer.body).toMatchObject({ token_type: 'Bearer', expires_in: 60 })
    expect(answer.body.access_token).toMatch(/^s4e_at_/)
    expect(answer.body.scope.split(' ')).toEqual(expect.arrayContaining(['assets:write', 'scans:read', 'findings:read']))
    expect(answer.body.scope).not.toContain('admin:full')
  })

  it('grants exactly the scopes asked for', async () => {
    const answer = await requestToken(emulator, { scope: 'assets:read scans:read' })
    expect(answer.body.scope).toBe('assets:read scans:read')
  })

  it('accepts HTTP Basic client authentication', async () => {
    const basic = Buffer.from(`${emulator.credentials.clientId}:${emulator.credentials.clientSecret}`).toString('base64')
    const answer = await requestToken(emulator, { client_id: '', client_secret: '' }, { authorization: `Basic ${basic}` })
    expect(answer.status).toBe(200)
  })

  it.each([
    ['a wrong secret', { client_secret: 'nope' }, 401, 'invalid_client'],
    ['an unknown client', { client_id: 'ghost' }, 401, 'invalid_client'],
    ['an unknown scope', { scope: 'assets:read bogus:scope' }, 400, 'invalid_scope'],
    ['another grant type', { grant_type: 'password' }, 400, 'unsupported_grant_type'],
    ['no grant type', { grant_type: '' }, 400, 'invalid_request'],
    ['no client secret', { client_secret: '' }, 400, 'invalid_request']
  ])('answers %s with RFC 6749 %i %s', async (_case, form, status, error) => {
    const answer = await requestToken(emulator, form)
    expect(answer.status).toBe(status)
    expect(answer.body.error).toBe(error)
    expect(answer.body.error_description).toEqual(expect.any(String))
  })

  it('refuses a JSON token request with invalid_request', async () => {
    const answer = await call(emulator, 'POST', '/oauth/token', { body: { grant_type: 'client_credentials' } })
    expect(answer.status).toBe(400)
    expect(answer.body.error).toBe('invalid_request')
  })

  it('refuses scopes the client may not have with invalid_scope', async () => {
    const { clientId, clientSecret } = emulator.readOnlyCredentials
    const answer = await requestToken(emulator, { client_id: clientId, client_secret: clientSecret, scope: 'scans:write' })
    expect(answer.status).toBe(400)
    expect(answer.body.error).toBe('invalid_scope')
  })

  it('answers 403 insufficient_scope naming the missing scope', async () => {
    const { clientId, clientSecret } = emulator.readOnlyCredentials
    const token = (await requestToken(emulator, { client_id: clientId, client_secret: clientSecret })).body.access_token
    const answer = await call(emulator, 'POST', '/api/scan/create', { token, body: { asset_id: 'a-1', scan_type: 'quick' } })
    expect(answer.status).toBe(403)
    expect(answer.body).toMatchObject({ error: 'insufficient_scope', scope: 'scans:write' })
    expect(answer.headers.get('www-authenticate')).toContain('insufficient_scope')
    expect((await call(emulator, 'GET', '/api/assets', { token })).status).toBe(200)
  })

  it('lets admin:full do everything', async () => {
    const token = await tokenFor(emulator, 'admin:full')
    expect((await call(emulator, 'GET', '/api/scans', { token })).status).toBe(200)
    expect((await call(emulator, 'GET', '/api/assets', { token })).status).toBe(200)
  })

  it('answers 401 invalid_token once the token has expired', async () => {
    const token = await tokenFor(emulator)
    expect((await call(emulator, 'GET', '/api/assets', { token })).status).toBe(200)
    clock += 60_000
    const answer = await call(emulator, 'GET', '/api/assets', { token })
    expect(answer.status).toBe(401)
    expect(answer.body.error).toBe('invalid_token')
    expect(answer.body.error_description).toContain('expired')
  })

  it('answers 401 invalid_token for unknown and missing tokens', async () => {
    expect((await call(emulator, 'GET', '/api/assets', { token: 'made-up' })).body.error).toBe('invalid_token')
    const missing = await call(emulator, 'GET', '/api/assets')
    expect(missing.status).toBe(401)
    expect(missing.body.error).toBe('invalid_token')
  })

  it('accepts the API key everywhere, without expiry', async () => {
    clock += 365 * 24 * 3600_000
    const answer = await call(emulator, 'GET', '/api/scans', { token: emulator.credentials.apiKey })
    expect(answer.status).toBe(200)
  })

  it('checks keys and tokens on POST /auth/check', async () => {
    const valid = await call(emulator, 'POST', '/auth/check', { body: { token: emulator.credentials.apiKey } })
    expect(valid.status).toBe(200)
    expect(valid.body).toMatchObject({ code: 200, message: expect.any(String) })
    const viaBearer = await call(emulator, 'POST', '/auth/check', { token: await tokenFor(emulator) })
    expect(viaBearer.status).toBe(200)
    const invalid = await call(emulator, 'POST', '/auth/check', { body: { token: 's4e_wrong' } })
    expect(invalid.status).toBe(401)
  })
})
