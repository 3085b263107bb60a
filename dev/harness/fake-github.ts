// A loopback stand-in for the GitHub API, enough for the PR comment: issue comments (list with pages,
// create, update), GET /user and GraphQL `viewer`, as api.github.com serves them or a GitHub Enterprise
// Server under /api/v3. Every request it receives, and every answer it gives, is held to GitHub's
// published descriptions (dev/harness/github-api-check.ts); stop() fails when any departed from them,
// so the fake cannot drift from GitHub. It can also misbehave: page links and redirects to another origin.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gitHubApiCheck, type GitHubFlavour, type MatchedRequest } from './github-api-check.js'

/** The job token (an installation token of the GitHub Actions app) comments as this user. */
export const JOB_TOKEN_LOGIN = 'github-actions[bot]'

export interface SeedComment {
  id?: number
  body: string
  login: string
}

export interface FakeGitHubOptions {
  /** `api.github.com` (REST at the root, GraphQL at /graphql) or `ghes` (REST at /api/v3, GraphQL at /api/graphql). */
  flavour?: GitHubFlavour
  /** The login GraphQL `viewer` names; `null`: GraphQL answers an error (a server without GraphQL access). Default: the job token's. */
  viewer?: string | null
  /** The login GET /user names (a user token); unset: 403, as GitHub answers an installation token. */
  restUser?: string
  /** Comments already on the pull request. */
  comments?: readonly SeedComment[]
  /** The most comments one page holds, whatever `per_page` asks (GitHub's own cap is 100). */
  pageCap?: number
  /** Misbehaves: the `Link` header's next page points at this origin instead of the fake's own. */
  nextPageOrigin?: string
  /** Misbehaves: the comment listing answers 302 to the same path at this origin. */
  redirectListingTo?: string
}

export interface IssueComment {
  id: number
  body: string
  user: { login: string }
  [field: string]: unknown
}

export interface ReceivedRequest {
  method: string
  /** Path and query. */
  url: string
  authorization?: string
  /** The operationId (`issues/list-comments`) or `graphql`; undefined for a request no description allows. */
  operation?: string
}

export interface FakeGitHub {
  /** The REST base, for GITHUB_API_URL: `http://127.0.0.1:PORT`, or `…/api/v3` for GitHub Enterprise Server. */
  url: string
  /** The GraphQL endpoint, for GITHUB_GRAPHQL_URL. */
  graphqlUrl: string
  /** Bodies of the comments written (created or updated), in order: what the step posted. */
  comments: string[]
  /** Every comment on the pull request, as GitHub would list it. */
  issueComments: IssueComment[]
  /** Ids of the comments updated, in order. */
  updated: number[]
  requests: ReceivedRequest[]
  /** Each way a request or an answer departed from GitHub's published descriptions. */
  violations: string[]
  /** Puts a comment on the pull request (of octo-org/octo-repo#7, the harness's), as someone else might. */
  addComment(seed: SeedComment): IssueComment
  /** Closes the server; rejects when any request or answer departed from GitHub's descriptions. */
  stop(): Promise<void>
}

interface Reply {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

const DEFAULT_PER_PAGE = 30
const GITHUB_PAGE_CAP = 100
const CREATED_AT = '2026-12-01T10:00:00Z'

async function bodyText(request: IncomingMessage): Promise<string> {
  let text = ''
  for await (const chunk of request) text += String(chunk)
  return text
}

/** A user as the REST description's simple-user has it. */
function simpleUser(apiBase: string, login: string, id: number) {
  const url = `${apiBase}/users/${encodeURIComponent(login)}`
  return {
    login,
    id,
    node_id: `U_${id}`,
    avatar_url: `https://avatars.github.test/u/${id}`,
    gravatar_id: '',
    url,
    html_url: `https://github.test/${encodeURIComponent(login)}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: login.endsWith('[bot]') ? 'Bot' : 'User',
    site_admin: false
  }
}

/** GET /user of a user token: the public-user shape. */
function authenticatedUser(apiBase: string, login: string) {
  return {
    ...simpleUser(apiBase, login, 4242),
    name: null,
    company: null,
    blog: null,
    location: null,
    email: null,
    hireable: null,
    bio: null,
    public_repos: 1,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: CREATED_AT,
    updated_at: CREATED_AT
  }
}

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const check = gitHubApiCheck(options.flavour ?? 'api.github.com')
  const comments: string[] = []
  const issueComments: IssueComment[] = []
  const updated: number[] = []
  const requests: ReceivedRequest[] = []
  const violations: string[] = []
  let origin = ''
  let nextId = 900
  const userIds = new Map<string, number>()
  const userIdOf = (login: string) => userIds.get(login) ?? (userIds.set(login, userIds.size + 1), userIds.size)
  const apiBase = () => `${origin}${check.restBase}`

  function issueComment(id: number, body: string, login: string, where: { owner: string; repo: string; issue: string }): IssueComment {
    const repository = `${encodeURIComponent(where.owner)}/${encodeURIComponent(where.repo)}`
    return {
      id,
      node_id: `IC_${id}`,
      url: `${apiBase()}/repos/${repository}/issues/comments/${id}`,
      html_url: `https://github.test/${repository}/pull/${where.issue}#issuecomment-${id}`,
      issue_url: `${apiBase()}/repos/${repository}/issues/${where.issue}`,
      body,
      user: simpleUser(apiBase(), login, userIdOf(login)),
      created_at: CREATED_AT,
      updated_at: CREATED_AT,
      author_association: 'NONE'
    }
  }

  function listComments(url: URL) {
    const page = Math.max(1, Number(url.searchParams.get('page') ?? '1') || 1)
    const perPage = Math.min(
      Number(url.searchParams.get('per_page') ?? DEFAULT_PER_PAGE) || DEFAULT_PER_PAGE,
      GITHUB_PAGE_CAP,
      options.pageCap ?? GITHUB_PAGE_CAP
    )
    const slice = issueComments.slice((page - 1) * perPage, page * perPage)
    const last = Math.max(1, Math.ceil(issueComments.length / perPage))
    const pageLink = (n: number) =>
      `<${options.nextPageOrigin ?? origin}${check.restBase}${url.pathname.slice(check.restBase.length)}?per_page=${perPage}&page=${n}>`
    const link = page < last ? `${pageLink(page + 1)}; rel="next", ${pageLink(last)}; rel="last"` : undefined
    return { slice, link }
  }

  function answer(matched: MatchedRequest, request: IncomingMessage, text: string): Reply {
    const url = new URL(request.url ?? '/', 'http://fake.invalid')
    if (matched.kind === 'graphql') {
      if (options.viewer === null) return { status: 200, body: { errors: [{ type: 'FORBIDDEN', message: 'Resource not accessible by integration' }] } }
      return { status: 200, body: { data: { viewer: { login: options.viewer ?? JOB_TOKEN_LOGIN } } } }
    }
    const { operation, pathParameters } = matched
    const where = { owner: pathParameters.owner ?? '', repo: pathParameters.repo ?? '', issue: pathParameters.issue_number ?? '' }
    switch (operation.operationId) {
      case 'users/get-authenticated':
        if (options.restUser === undefined) {
          return {
            status: 403,
            body: {
              message: 'Resource not accessible by integration',
              documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
              status: '403'
            }
          }
        }
        return { status: 200, body: authenticatedUser(apiBase(), options.restUser) }
      case 'issues/list-comments': {
        if (options.redirectListingTo !== undefined) return { status: 302, headers: { location: `${options.redirectListingTo}${url.pathname}${url.search}` } }
        const { slice, link } = listComments(url)
        return { status: 200, body: slice, headers: link === undefined ? {} : { link } }
      }
      case 'issues/create-comment': {
        const body = String((JSON.parse(text) as { body: unknown }).body)
        const comment = issueComment(nextId++, body, options.viewer ?? options.restUser ?? JOB_TOKEN_LOGIN, where)
        comments.push(body)
        issueComments.push(comment)
        return { status: 201, body: comment, headers: { location: String(comment.url) } }
      }
      case 'issues/update-comment': {
        const existing = issueComments.find((comment) => comment.id === Number(pathParameters.comment_id))
        if (existing === undefined) return { status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' } }
        existing.body = String((JSON.parse(text) as { body: unknown }).body)
        existing.updated_at = new Date().toISOString().replace(/\.\d+Z$/, 'Z')
        updated.push(existing.id)
        comments.push(existing.body)
        return { status: 200, body: existing }
      }
      default:
        return { status: 404, body: { message: 'Not Found' } }
    }
  }

  function send(response: ServerResponse, matched: MatchedRequest | undefined, reply: Reply, label: string): void {
    const text = reply.body === undefined ? '' : JSON.stringify(reply.body)
    const headers: Record<string, string> = { ...(reply.body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }), ...reply.headers }
    if (matched !== undefined) {
      const problems = check.checkAnswer(matched, { status: reply.status, contentType: headers['content-type'], location: headers.location, body: text })
      violations.push(...problems.map((problem) => `${label}: ${problem}`))
    }
    response.writeHead(reply.status, headers).end(text)
  }

  const server = createServer((request, response) => {
    void (async () => {
      const text = await bodyText(request)
      const method = request.method ?? 'GET'
      const label = `${method} ${new URL(request.url ?? '/', 'http://fake.invalid').pathname}`
      const checked = check.checkRequest({ method, url: request.url ?? '/', contentType: request.headers['content-type'], body: text })
      violations.push(...checked.problems.map((problem) => `${label}: ${problem}`))
      const operation = checked.matched?.kind === 'rest' ? checked.matched.operation.operationId : checked.matched?.kind
      requests.push({ method, url: request.url ?? '/', authorization: request.headers.authorization, operation })
      if (checked.matched === undefined || checked.problems.length > 0) {
        return send(response, undefined, { status: 404, body: { message: 'Not Found' } }, label)
      }
      send(response, checked.matched, answer(checked.matched, request, text), label)
    })()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const addComment = (seed: SeedComment): IssueComment => {
    const comment = issueComment(seed.id ?? nextId++, seed.body, seed.login, { owner: 'octo-org', repo: 'octo-repo', issue: '7' })
    issueComments.push(comment)
    return comment
  }
  // Seeded once the origin is known, since a comment names its own API URL.
  for (const seed of options.comments ?? []) addComment(seed)
  return {
    url: apiBase(),
    graphqlUrl: `${origin}${check.graphqlPath}`,
    comments,
    issueComments,
    updated,
    requests,
    violations,
    addComment,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      if (violations.length > 0) {
        throw new Error(`The fake GitHub saw requests or gave answers that GitHub's published API descriptions do not allow:\n${violations.join('\n')}`)
      }
    }
  }
}

export interface ForeignOrigin {
  /** `http://127.0.0.1:PORT`: loopback, but another origin than the fake GitHub's. */
  url: string
  /** Every request that reached it, with its Authorization header. */
  requests: { method: string; url: string; authorization?: string }[]
  stop(): Promise<void>
}

/** A second loopback server that only counts what reaches it: where a hostile page link or redirect points. */
export async function startForeignOrigin(): Promise<ForeignOrigin> {
  const requests: ForeignOrigin['requests'] = []
  const server = createServer((request, response) => {
    requests.push({ method: request.method ?? 'GET', url: request.url ?? '/', authorization: request.headers.authorization })
    response.writeHead(200, { 'content-type': 'application/json' }).end('[]')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
