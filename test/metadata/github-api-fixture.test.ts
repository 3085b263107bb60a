// The extracted GitHub REST fixture matches the script's pinned package and operation list, and covers every
// call the code makes; the one GraphQL query is valid against GitHub's published schema. See docs/api.md,
// section "GitHub API operations".
import { readdirSync, readFileSync } from 'node:fs'
import { validate } from '@octokit/graphql-schema'
import { describe, expect, it } from 'vitest'
import { gitHubApiFixture } from '../../dev/harness/github-api-check.js'
import { API_BASES, OPENAPI_PACKAGE, OPENAPI_VERSION, REST_OPERATIONS } from '../../scripts/github-api-fixture.js'
import { VIEWER_QUERY } from '../../src/trigger-scan/report/comment-author.js'

const REPORT_DIR = 'src/trigger-scan/report'

describe('the GitHub API fixture', () => {
  it('was extracted from the pinned @octokit/openapi version, for api.github.com and the newest GHES it holds', () => {
    const fixture = gitHubApiFixture()
    expect({ package: fixture.package, version: fixture.version }, 'run npm run github-api-fixture').toEqual({
      package: OPENAPI_PACKAGE,
      version: OPENAPI_VERSION
    })
    expect(fixture.descriptions.map((description) => description.flavour)).toEqual(Object.keys(API_BASES))
    expect(fixture.descriptions[0]?.file).toBe('api.github.com.deref.json')
    expect(fixture.descriptions[1]?.file).toMatch(/^ghes-\d+\.\d+\.deref\.json$/)
    for (const description of fixture.descriptions) {
      expect(
        description.operations.map((operation) => operation.operationId),
        'run npm run github-api-fixture'
      ).toEqual([...REST_OPERATIONS])
    }
  })

  it('holds every REST call the code makes (octokit.rest.<group>.<method>)', () => {
    const calls = readdirSync(REPORT_DIR)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => [...readFileSync(`${REPORT_DIR}/${file}`, 'utf8').matchAll(/\brest\.(\w+)\.(\w+)\b/g)])
      .map(([, group, method]) => `${group}/${(method ?? '').replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`)
    expect(calls.length).toBeGreaterThan(0)
    for (const call of calls) expect(REST_OPERATIONS as readonly string[]).toContain(call)
  })

  it('the GraphQL query the code sends is valid against @octokit/graphql-schema', () => {
    expect(validate(VIEWER_QUERY)).toEqual([])
    expect(validate('query { viewer { nickname } }')).not.toEqual([])
  })
})
