import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { PROJECT_VERSION, USER_AGENT } from '../../../src/core/version.js'

describe('version', () => {
  it('matches package.json, so the User-Agent names the release', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
    expect(PROJECT_VERSION).toBe(pkg.version)
    expect(USER_AGENT).toContain(`s4e-actions/${pkg.version}`)
  })
})
