// npm run github-api-fixture: extracts the GitHub REST operations the actions call (and the fake GitHub
// answers) from GitHub's published description, @octokit/openapi, into test/fixtures/github-api/.
// The package unpacks to 385 MB, so it is no dependency: `npm pack` fetches it into a temporary folder,
// only the dereferenced descriptions needed are unpacked, and the small fixture is what the tests read.
//   npm run github-api-fixture                       fetch the pinned version and rewrite the fixture
//   npm run github-api-fixture -- --from DIR         read an unpacked package folder instead of fetching
// See docs/api.md, section "GitHub API operations".
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const OPENAPI_PACKAGE = '@octokit/openapi'
export const OPENAPI_VERSION = '23.0.2'
/** Every REST operation the code sends (src/trigger-scan/report/) and the fake GitHub answers, by operationId. */
export const REST_OPERATIONS = ['issues/list-comments', 'issues/create-comment', 'issues/update-comment', 'users/get-authenticated'] as const
export const FIXTURE_FILE = fileURLToPath(new URL('../test/fixtures/github-api/rest-operations.json', import.meta.url))

/** Where a flavour of GitHub serves its APIs, relative to its origin. */
export const API_BASES = {
  'api.github.com': { rest: '', graphql: '/graphql' },
  // GitHub Enterprise Server serves REST under /api/v3 and GraphQL at /api/graphql.
  ghes: { rest: '/api/v3', graphql: '/api/graphql' }
} as const
export type GitHubFlavour = keyof typeof API_BASES

type JsonSchema = Record<string, unknown>

export interface FixtureParameter {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required: boolean
  schema: JsonSchema
}

export interface FixtureResponse {
  /** The JSON body's schema; absent when the status has no body (304, say). */
  schema?: JsonSchema
  /** Response headers the description names (lower case). */
  headers: string[]
}

export interface FixtureOperation {
  operationId: string
  method: string
  /** Path template relative to the REST base, as in the description: `/repos/{owner}/{repo}/…`. */
  path: string
  parameters: FixtureParameter[]
  requestBody?: { required: boolean; schema: JsonSchema }
  responses: Record<string, FixtureResponse>
}

export interface FixtureDescription {
  /** The description file in the package: `api.github.com.deref.json`, `ghes-3.19.deref.json`. */
  file: string
  flavour: GitHubFlavour
  operations: FixtureOperation[]
}

export interface GitHubApiFixture {
  package: string
  version: string
  descriptions: FixtureDescription[]
}

interface OpenApiOperation {
  operationId?: string
  parameters?: { name: string; in: FixtureParameter['in']; required?: boolean; schema?: JsonSchema }[]
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> }
  responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }>; headers?: Record<string, unknown> }>
}

interface OpenApiDescription {
  paths: Record<string, Record<string, OpenApiOperation>>
}

const JSON_MEDIA_TYPE = 'application/json'

function operationOf(description: OpenApiDescription, operationId: string, file: string): FixtureOperation {
  for (const [template, item] of Object.entries(description.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (operation.operationId !== operationId) continue
      const body = operation.requestBody?.content?.[JSON_MEDIA_TYPE]?.schema
      const responses = Object.fromEntries(
        Object.entries(operation.responses ?? {}).map(([status, response]) => {
          const schema = response.content?.[JSON_MEDIA_TYPE]?.schema
          const headers = Object.keys(response.headers ?? {}).map((name) => name.toLowerCase())
          return [status, schema === undefined ? { headers } : { schema, headers }]
        })
      )
      return {
        operationId,
        method: method.toUpperCase(),
        path: template,
        parameters: (operation.parameters ?? []).map((parameter) => ({
          name: parameter.name,
          in: parameter.in,
          required: parameter.required === true,
          schema: parameter.schema ?? {}
        })),
        ...(body === undefined ? {} : { requestBody: { required: operation.requestBody?.required === true, schema: body } }),
        responses
      }
    }
  }
  throw new Error(`${file} has no operation ${operationId}; update REST_OPERATIONS in scripts/github-api-fixture.ts.`)
}

/** The newest GitHub Enterprise Server description among the package's files (`ghes-3.19.deref.json`). */
export function newestGhesFile(files: readonly string[]): string {
  const versions = files
    .map((file) => /^ghes-(\d+)\.(\d+)\.deref\.json$/.exec(file))
    .filter((match): match is RegExpExecArray => match !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]) || Number(a[2]) - Number(b[2]))
  const newest = versions.at(-1)
  if (newest === undefined) throw new Error('The package holds no ghes-*.deref.json description.')
  return newest[0]
}

/** The fixture, from the `generated/` folder of an unpacked package. */
export function extractFixture(generatedDir: string): GitHubApiFixture {
  const files = [
    { file: 'api.github.com.deref.json', flavour: 'api.github.com' as const },
    { file: newestGhesFile(readdirSync(generatedDir)), flavour: 'ghes' as const }
  ]
  return {
    package: OPENAPI_PACKAGE,
    version: OPENAPI_VERSION,
    descriptions: files.map(({ file, flavour }) => {
      const description = JSON.parse(readFileSync(path.join(generatedDir, file), 'utf8')) as OpenApiDescription
      return { file, flavour, operations: REST_OPERATIONS.map((operationId) => operationOf(description, operationId, file)) }
    })
  }
}

/** Fetches the pinned package with npm into `workDir` and unpacks only the descriptions the fixture reads. */
function fetchPackage(workDir: string): string {
  const tarball = execFileSync('npm', ['pack', `${OPENAPI_PACKAGE}@${OPENAPI_VERSION}`, '--silent', '--pack-destination', workDir], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .at(-1)
  if (tarball === undefined || tarball === '') throw new Error('npm pack named no tarball.')
  const archive = path.join(workDir, tarball)
  const entries = execFileSync('tar', ['-tzf', archive], { encoding: 'utf8', maxBuffer: 1 << 20 }).split('\n')
  const names = entries.filter((entry) => entry.startsWith('package/generated/')).map((entry) => entry.slice('package/generated/'.length))
  const wanted = ['api.github.com.deref.json', newestGhesFile(names)].map((name) => `package/generated/${name}`)
  execFileSync('tar', ['-xzf', archive, '-C', workDir, ...wanted])
  return path.join(workDir, 'package', 'generated')
}

function main(argv: readonly string[]): void {
  const fromIndex = argv.indexOf('--from')
  const from = fromIndex >= 0 ? argv[fromIndex + 1] : undefined
  const workDir = from === undefined ? mkdtempSync(path.join(tmpdir(), 'github-openapi-')) : undefined
  try {
    const generatedDir = from === undefined ? fetchPackage(workDir as string) : path.join(from, 'generated')
    const fixture = extractFixture(generatedDir)
    writeFileSync(FIXTURE_FILE, `${JSON.stringify(fixture, null, 2)}\n`)
    const summary = fixture.descriptions.map((description) => `${description.file} (${description.operations.length} operations)`).join(', ')
    console.log(`Wrote ${path.relative(process.cwd(), FIXTURE_FILE)} from ${OPENAPI_PACKAGE}@${OPENAPI_VERSION}: ${summary}.`)
  } finally {
    if (workDir !== undefined) rmSync(workDir, { recursive: true, force: true })
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2))
