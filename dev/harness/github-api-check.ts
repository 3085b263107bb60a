// Holds requests to GitHub, and the fake GitHub's answers, to GitHub's published descriptions: the REST
// operations extracted from @octokit/openapi (test/fixtures/github-api/, `npm run github-api-fixture`)
// and the GraphQL schema of @octokit/graphql-schema. See docs/api.md, section "GitHub API operations".
import { readFileSync } from 'node:fs'
import { schema as graphqlSchema, validate as validateGraphql } from '@octokit/graphql-schema'
import { Ajv, type ValidateFunction } from 'ajv'
import ajvFormats from 'ajv-formats'
import { buildClientSchema, executeSync, parse, type GraphQLSchema, type IntrospectionQuery } from 'graphql'
import { API_BASES, FIXTURE_FILE, type FixtureOperation, type GitHubApiFixture, type GitHubFlavour } from '../../scripts/github-api-fixture.js'

export type { GitHubFlavour } from '../../scripts/github-api-fixture.js'

/** What a request matched: a REST operation with its path parameters, or the GraphQL endpoint. */
export type MatchedRequest = { kind: 'rest'; operation: FixtureOperation; pathParameters: Record<string, string> } | { kind: 'graphql'; query?: string }

export interface CheckedRequest {
  matched?: MatchedRequest
  /** Each way the request departs from the description; empty when it conforms. */
  problems: string[]
}

export interface RequestToCheck {
  method: string
  /** Path and query as sent: `/api/v3/repos/o/r/issues/7/comments?per_page=100`. */
  url: string
  contentType?: string
  body: string
}

export interface AnswerToCheck {
  status: number
  contentType?: string
  location?: string
  body: string
}

// GitHub's REST documentation: any request may be answered with a redirect, which a client follows.
const REDIRECT_STATUSES = new Set([301, 302, 307, 308])

let fixture: GitHubApiFixture | undefined
export function gitHubApiFixture(): GitHubApiFixture {
  fixture ??= JSON.parse(readFileSync(FIXTURE_FILE, 'utf8')) as GitHubApiFixture
  return fixture
}

const ajv = new Ajv({ strict: false, allErrors: true, logger: false })
// A CommonJS package: under NodeNext its default import is the module, whose `default` is the plugin.
ajvFormats.default(ajv)
const compiled = new WeakMap<object, ValidateFunction>()

function schemaProblems(schema: Record<string, unknown>, value: unknown, what: string): string[] {
  let validate = compiled.get(schema)
  if (validate === undefined) {
    validate = ajv.compile(schema)
    compiled.set(schema, validate)
  }
  return validate(value) ? [] : [`${what} does not match its schema: ${ajv.errorsText(validate.errors, { dataVar: what })}`]
}

let builtGraphqlSchema: GraphQLSchema | undefined

/** Parameters arrive as text; the description types them, so a number-typed one is compared as a number. */
function typedParameter(value: string, schema: Record<string, unknown>): unknown {
  if ((schema.type === 'integer' || schema.type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) return Number(value)
  if (schema.type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true'
  return value
}

function matchTemplate(template: string, path: string): Record<string, string> | undefined {
  const want = template.split('/')
  const got = path.split('/')
  if (want.length !== got.length) return undefined
  const parameters: Record<string, string> = {}
  for (const [index, segment] of want.entries()) {
    const actual = got[index] ?? ''
    const name = /^\{(\w+)\}$/.exec(segment)?.[1]
    if (name === undefined) {
      if (segment !== actual) return undefined
    } else {
      if (actual === '') return undefined
      parameters[name] = decodeURIComponent(actual)
    }
  }
  return parameters
}

function jsonOf(text: string, what: string, problems: string[]): { value?: unknown } {
  try {
    return { value: JSON.parse(text) as unknown }
  } catch {
    problems.push(`${what} is not JSON`)
    return {}
  }
}

function isJsonMediaType(contentType: string | undefined): boolean {
  return /^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType ?? '')
}

/** The checker for one flavour of GitHub: api.github.com, or a GitHub Enterprise Server under /api/v3. */
export function gitHubApiCheck(flavour: GitHubFlavour) {
  const description = gitHubApiFixture().descriptions.find((candidate) => candidate.flavour === flavour)
  if (description === undefined) throw new Error(`The GitHub API fixture holds no ${flavour} description; run npm run github-api-fixture.`)
  const bases = API_BASES[flavour]
  const where = `${description.file} of ${gitHubApiFixture().package}@${gitHubApiFixture().version}`

  function checkRestRequest(request: RequestToCheck, path: string, query: URLSearchParams): CheckedRequest {
    const problems: string[] = []
    const candidates = description!.operations.flatMap((operation) => {
      const pathParameters = matchTemplate(operation.path, path)
      return pathParameters === undefined ? [] : [{ operation, pathParameters }]
    })
    const found = candidates.find(({ operation }) => operation.method === request.method.toUpperCase())
    if (found === undefined) {
      const methods = candidates.map(({ operation }) => operation.method).join(', ')
      return { problems: [`${request.method} ${path} is no operation in ${where}${methods === '' ? '' : ` (that path takes ${methods})`}`] }
    }
    const { operation, pathParameters } = found
    for (const parameter of operation.parameters) {
      const what = `${parameter.in} parameter ${parameter.name} of ${operation.operationId}`
      const value = parameter.in === 'path' ? pathParameters[parameter.name] : parameter.in === 'query' ? (query.get(parameter.name) ?? undefined) : undefined
      if (value === undefined) {
        if (parameter.required && parameter.in !== 'header') problems.push(`${what} is required but missing`)
        continue
      }
      problems.push(...schemaProblems(parameter.schema, typedParameter(value, parameter.schema), what))
    }
    const declared = new Set(operation.parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name))
    for (const name of new Set(query.keys())) if (!declared.has(name)) problems.push(`query parameter ${name} is not declared by ${operation.operationId}`)
    if (operation.requestBody === undefined) {
      if (request.body !== '') problems.push(`${operation.operationId} takes no request body, but one was sent`)
    } else if (request.body === '') {
      if (operation.requestBody.required) problems.push(`${operation.operationId} requires a request body, but none was sent`)
    } else {
      if (!isJsonMediaType(request.contentType)) problems.push(`the request body of ${operation.operationId} is not sent as application/json`)
      const body = jsonOf(request.body, `the request body of ${operation.operationId}`, problems)
      if ('value' in body) problems.push(...schemaProblems(operation.requestBody.schema, body.value, `the request body of ${operation.operationId}`))
    }
    return { matched: { kind: 'rest', operation, pathParameters }, problems }
  }

  function checkGraphqlRequest(request: RequestToCheck): CheckedRequest {
    const problems: string[] = []
    if (request.method.toUpperCase() !== 'POST') return { problems: [`GraphQL is sent as POST ${bases.graphql}, not ${request.method}`] }
    const body = jsonOf(request.body, 'the GraphQL request body', problems)
    const query = (body.value as { query?: unknown } | undefined)?.query
    if (typeof query !== 'string') return { matched: { kind: 'graphql' }, problems: [...problems, 'the GraphQL request body has no query'] }
    problems.push(...validateGraphql(query).map((error) => `the GraphQL query does not match GitHub's schema: ${error.message}`))
    return { matched: { kind: 'graphql', query }, problems }
  }

  /** Checks a request as the fake GitHub received it, and names the operation it matched. */
  function checkRequest(request: RequestToCheck): CheckedRequest {
    const url = new URL(request.url, 'http://fake.invalid')
    if (url.pathname === bases.graphql) return checkGraphqlRequest(request)
    if (bases.rest !== '' && !url.pathname.startsWith(`${bases.rest}/`)) {
      return { problems: [`${request.method} ${url.pathname} is outside ${bases.rest}, where ${flavour} serves REST`] }
    }
    return checkRestRequest(request, url.pathname.slice(bases.rest.length), url.searchParams)
  }

  /** The GraphQL answer must be what GitHub's schema gives for the query: the same data, typed as the schema types it. */
  function graphqlAnswerProblems(query: string | undefined, body: unknown): string[] {
    const answer = body as { data?: unknown; errors?: unknown }
    if (answer === null || typeof answer !== 'object') return ['the GraphQL answer is not an object']
    if (answer.errors !== undefined) {
      const wellFormed =
        Array.isArray(answer.errors) &&
        answer.errors.length > 0 &&
        answer.errors.every((error) => typeof (error as { message?: unknown })?.message === 'string')
      return wellFormed ? [] : ['the GraphQL answer holds errors that are not a list of objects with a message']
    }
    if (query === undefined || answer.data === null || typeof answer.data !== 'object') return ['the GraphQL answer holds neither data nor errors']
    builtGraphqlSchema ??= buildClientSchema(graphqlSchema.json as IntrospectionQuery)
    const result = executeSync({ schema: builtGraphqlSchema, document: parse(query), rootValue: answer.data })
    const shaped = JSON.stringify(result.data ?? null)
    if (result.errors !== undefined) return result.errors.map((error) => `the GraphQL answer does not fit the query: ${error.message}`)
    return shaped === JSON.stringify(answer.data) ? [] : [`the GraphQL answer holds other fields than the query asks for: ${JSON.stringify(answer.data)}`]
  }

  /** Checks the fake GitHub's answer to a matched request against the description of that status. */
  function checkAnswer(matched: MatchedRequest, answer: AnswerToCheck): string[] {
    const problems: string[] = []
    if (REDIRECT_STATUSES.has(answer.status) && answer.location !== undefined) return []
    if (matched.kind === 'graphql') {
      if (answer.status !== 200) return [`GitHub answers GraphQL with HTTP 200 (errors go in the body), not ${answer.status}`]
      const body = jsonOf(answer.body, 'the GraphQL answer', problems)
      return 'value' in body ? [...problems, ...graphqlAnswerProblems(matched.query, body.value)] : problems
    }
    const { operation } = matched
    const response = operation.responses[String(answer.status)]
    if (response === undefined)
      return [`${operation.operationId} is not described to answer ${answer.status} (it answers ${Object.keys(operation.responses).join(', ')})`]
    if (response.schema === undefined) return answer.body === '' ? [] : [`${operation.operationId} answers ${answer.status} with no body, but one was sent`]
    if (!isJsonMediaType(answer.contentType)) problems.push(`the ${answer.status} answer of ${operation.operationId} is not application/json`)
    const body = jsonOf(answer.body, `the ${answer.status} answer of ${operation.operationId}`, problems)
    if ('value' in body) problems.push(...schemaProblems(response.schema, body.value, `the ${answer.status} answer of ${operation.operationId}`))
    return problems
  }

  return { flavour, restBase: bases.rest, graphqlPath: bases.graphql, checkRequest, checkAnswer }
}

export type GitHubApiCheck = ReturnType<typeof gitHubApiCheck>
