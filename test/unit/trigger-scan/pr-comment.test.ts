import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '@actions/core'
import nock from 'nock'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { registerSecret } from '../../../src/core/secrets.js'
import { forgetSecrets } from '../support/forget-secrets.js'
import { fitCommentBody, MAX_COMMENT_LENGTH, TRUNCATION_NOTE } from '../../../src/trigger-scan/report/comment-size.js'
import { commentMarker, upsertPullRequestComment } from '../../../src/trigger-scan/report/pr-comment.js'
import { testReport } from '../support/scan-report-fixture.js'
import { gitHubApiCheck } from '../../../dev/harness/github-api-check.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const GITHUB = 'https://api.github.com'
const GHES = 'https://ghes.example.com/api/v3'
const TOKEN = 'ghs_fakeGithubTokenForTests1234'
const ENV_KEYS = ['GITHUB_EVENT_NAME', 'GITHUB_EVENT_PATH', 'GITHUB_REPOSITORY', 'GITHUB_API_URL', 'GITHUB_SERVER_URL', 'GITHUB_RUN_ID'] as const

let workDir: string
const savedEnv: Partial<Record<(typeof ENV_KEYS)[number], string>> = {}

beforeAll(() => {
  nock.disableNetConnect()
  workDir = mkdtempSync(join(tmpdir(), 's4e-pr-comment-'))
  for (const key of ENV_KEYS) savedEnv[key] = process.env[key]
})

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true })
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key]
    else process.env[key] = savedEnv[key]
  }
})

beforeEach(() => {
  vi.clearAllMocks()
  forgetSecrets()
  for (const key of ENV_KEYS) delete process.env[key]
})

afterEach(() => {
  expect(nock.pendingMocks()).toEqual([])
  nock.cleanAll()
})

interface EventOptions {
  event?: string
  number?: number
  fork?: boolean
  apiUrl?: string
}

/** Sets the environment the runner gives a pull-request run: event name, event payload file, repository, API URL. */
function pullRequestRun({ event = 'pull_request', number = 7, fork = false, apiUrl }: EventOptions = {}): void {
  const head = fork ? 'contributor/app' : 'octo-org/app'
  const payload = {
    action: 'synchronize',
    number,
    pull_request: { number, head: { repo: { full_name: head, fork } }, base: { repo: { full_name: 'octo-org/app', fork: false } } },
    repository: { full_name: 'octo-org/app' }
  }
  const path = join(workDir, `event-${Math.random().toString(36).slice(2)}.json`)
  writeFileSync(path, JSON.stringify(payload))
  process.env.GITHUB_EVENT_NAME = event
  process.env.GITHUB_EVENT_PATH = path
  process.env.GITHUB_REPOSITORY = 'octo-org/app'
  process.env.GITHUB_SERVER_URL = 'https://github.com'
  process.env.GITHUB_RUN_ID = '4242'
  if (apiUrl !== undefined) process.env.GITHUB_API_URL = apiUrl
}

const BOT = 'github-actions[bot]'

interface FakeComment {
  id: number
  body: string
  html_url: string
  user?: { login: string }
}

/**
 * A small stateful GitHub issue-comments API on nock: lists with Link-header pages, creates, updates.
 * `calls` records what the code did, so a test can tell "updated in place" from "created another".
 */
function fakeGitHub(base: string, initial: FakeComment[] = [], perPage = 100, tokenUser?: string, viewer?: string) {
  const comments = [...initial]
  const calls: string[] = []
  // Every request the code sends is held to GitHub's published description (docs/api.md, "GitHub API operations").
  const problems: string[] = []
  const check = gitHubApiCheck(new URL(base).pathname.startsWith('/api/v3') ? 'ghes' : 'api.github.com')
  const checked = async (request: Request) => {
    const url = new URL(request.url)
    const body = await request.clone().text()
    problems.push(
      ...check.checkRequest({
        method: request.method,
        url: `${url.pathname}${url.search}`,
        contentType: request.headers.get('content-type') ?? undefined,
        body
      }).problems
    )
  }
  const prefix = new URL(base).pathname.replace(/\/$/, '')
  const listPath = `${prefix}/repos/octo-org/app/issues/7/comments`
  let nextId = 1000
  // nock 15 hands a reply function the fetch Request of the call.
  const graphqlPath = `${prefix.replace(/\/v3$/, '')}/graphql`
  const scope = nock(new URL(base).origin, { reqheaders: { authorization: `token ${TOKEN}` } })
    .persist()
    .post(graphqlPath)
    .reply(async (request: Request) => {
      await checked(request)
      calls.push('viewer')
      // A GitHub Enterprise Server may refuse GraphQL; the code then asks REST.
      return viewer === undefined ? [403, { message: 'GraphQL is not available' }] : [200, { data: { viewer: { login: viewer } } }]
    })
    .get(`${prefix}/user`)
    .reply(async (request: Request) => {
      await checked(request)
      calls.push('whoami')
      // Installation tokens (the job token) may not read GET /user; a personal access token may.
      return tokenUser === undefined ? [403, { message: 'Resource not accessible by integration' }] : [200, { login: tokenUser }]
    })
    .get(listPath)
    .query(true)
    .reply(async (request: Request) => {
      await checked(request)
      const page = Number(new URL(request.url).searchParams.get('page') ?? '1')
      calls.push(`list page ${page}`)
      const slice = comments.slice((page - 1) * perPage, page * perPage)
      const more = page * perPage < comments.length
      const headers: Record<string, string> = more ? { link: `<${new URL(base).origin}${listPath}?per_page=${perPage}&page=${page + 1}>; rel="next"` } : {}
      return [200, slice, headers]
    })
    .post(listPath)
    .reply(async (request: Request) => {
      await checked(request)
      const { body } = (await request.json()) as { body: string }
      const id = nextId++
      const comment = { id, body, html_url: `https://github.com/octo-org/app/pull/7#issuecomment-${id}`, user: { login: viewer ?? tokenUser ?? BOT } }
      comments.push(comment)
      calls.push(`create ${id}`)
      return [201, comment]
    })
    .patch(/\/repos\/octo-org\/app\/issues\/comments\/\d+$/)
    .reply(async (request: Request) => {
      await checked(request)
      const id = Number(new URL(request.url).pathname.split('/').pop())
      const comment = comments.find((c) => c.id === id)
      calls.push(`update ${id}`)
      if (comment === undefined) return [404, { message: 'Not Found' }]
      comment.body = ((await request.json()) as { body: string }).body
      return [200, comment]
    })
  return {
    comments,
    calls,
    done: () => {
      scope.persist(false)
      nock.cleanAll()
      expect(problems, "requests outside GitHub's published description").toEqual([])
    }
  }
}

function others(count: number): FakeComment[] {
  return Array.from({ length: count }, (_, i) => ({ id: i + 1, body: `LGTM ${i}`, html_url: `https://github.com/octo-org/app/pull/7#issuecomment-${i + 1}` }))
}

describe('upsertPullRequestComment', () => {
  it('creates one comment, then updates that same comment in place on the next run', async () => {
    pullRequestRun()
    const github = fakeGitHub(GITHUB, others(3))
    const first = await upsertPullRequestComment({ githubToken: TOKEN, report: testReport([]), body: '## S4E gate: failed\n\n1 high' })
    expect(first.outcome).toBe('created')
    expect(first.url).toMatch(/^https:\/\/github\.com\/octo-org\/app\/pull\/7#issuecomment-/)

    const second = await upsertPullRequestComment({
      githubToken: TOKEN,
      report: testReport([], { generatedAt: '2026-11-29T08:30:00Z' }),
      body: '## S4E gate: passed\n\nno findings'
    })
    expect(second.outcome).toBe('updated')
    github.done()

    const ours = github.comments.filter((c) => c.body.startsWith(commentMarker('asset-42')))
    expect(ours).toHaveLength(1)
    expect(github.comments).toHaveLength(4)
    expect(github.calls.filter((c) => c.startsWith('create'))).toHaveLength(1)
    expect(github.calls.at(-1)).toBe(`update ${ours[0]!.id}`)
    expect(ours[0]!.body).toContain('## S4E gate: passed')
    expect(ours[0]!.body).not.toContain('## S4E gate: failed')
    expect(ours[0]!.body).toContain('Last updated 2026-11-29 08:30 UTC')
    expect(ours[0]!.body).toContain('[workflow run 4242](https://github.com/octo-org/app/actions/runs/4242)')
    expect(vi.mocked(core.warning)).not.toHaveBeenCalled()
  })

  it('talks to GitHub Enterprise Server at GITHUB_API_URL, finding its comment on a later page', async () => {
    pullRequestRun({ apiUrl: GHES })
    const mine = {
      id: 555,
      body: `${commentMarker('asset-42')}\nold report`,
      html_url: 'https://ghes.example.com/octo-org/app/pull/7#issuecomment-555',
      user: { login: BOT }
    }
    const github = fakeGitHub(GHES, [...others(150), mine])
    const result = await upsertPullRequestComment({ githubToken: TOKEN, report: testReport([]), body: 'new report' })
    github.done()
    expect(result).toEqual({ outcome: 'updated', url: mine.html_url })
    expect(github.calls).toEqual(['list page 1', 'list page 2', 'viewer', 'whoami', 'update 555'])
    expect(mine.body).toContain('new report')
  })

  it('stops listing once the comment is found, and keeps one comment per asset', async () => {
    pullRequestRun()
    const otherAsset = { id: 9, body: `${commentMarker('asset-7')}\nreport of another asset`, html_url: 'x', user: { login: BOT } }
    const mine = { id: 10, body: `${commentMarker('asset-42')}\nold`, html_url: 'https://github.com/octo-org/app/pull/7#issuecomment-10', user: { login: BOT } }
    const github = fakeGitHub(GITHUB, [otherAsset, mine, ...others(250)])
    const result = await upsertPullRequestComment({ githubToken: TOKEN, report: testReport([]), body: 'new' })
    github.done()
    expect(result.outcome).toBe('updated')
    expect(github.calls).toEqual(['list page 1', 'viewer', 'whoami', 'update 10'])
    expect(otherAsset.body).toContain('report of another asset')
  })

  it('leaves a marked comment by someone else alone and creates its own (the job token acts as github-actions[bot])', async () => {
    pullRequestRun()
    const spoof = { id: 4, body: `${commentMarker('asset-42')}\nplease click here`, html_url: 'x', user: { login: 'mallory' } }
    const github = fakeGitHub(GITHUB, [spoof])
    const result = await upsertPullRequestComment({ githubToken: TOKEN, report: testReport([]), body: 'report' })
    github.done()
    expect(result.outcome).toBe('created')
    expect(github.calls).toEqual(['list page 1', 'viewer', 'whoami', 'create 1000'])
    expect(spoof.body).toContain('please click here')
  })

  it('with a personal access token, edits only the comment written by that token’s user', async () => {
    pullRequestRun()
    const byBot = { id: 5, body: `${commentMarker('asset-42')}\nby the job token`, html_url: 'x', user: { login: BOT } }
    const byUser = { id: 6, body: `${commentMarker('asset-42')}\nby the PAT`, html_url: 'y', user: { login: 'Deploy-Bot-User' } }
    const github = fakeGitHub(GITHUB, [byBot, byUser], 100, 'deploy-bot-user')
    const result = await upsertPullRequestComment({ githubToken: TOKEN, report: testReport([]), body: 'fresh' })
    github.done()
    expect(result).toEqual({ outcome: 'updated', url: 'y' })
    expect(byBot.body).toContain('by the job token')
    expect(byUser.body).toContain('fresh')
  })

  it('with a GitHub App token, learns the app’s bot login from GraphQL viewer and edits only its comment', async () => {
    pullRequestRun()
    const byJobToken = { id: 7, body: `${commentMarker('asset-42')}\nby the job token`, html_url: 'x', user: { login: BOT } }
    const byApp = { id: 8, body: `${commentMarker('asset-42')}\nby the app`, html_url: 'z', user: { login: 'my-app[bot]' } }
    const github = fakeGitHub(GITHUB, [byJobToken, byApp], 100, undefined, 'my-app[bot]')
    const result = await upsertPullRequestComment({ githubToken: TOKEN, report: testReport([]), body: 'fresh' })
    github.done()
    expect(result).toEqual({ outcome: 'updated', url: 'z' })
    expect(github.calls).toEqual(['list page 1', 'viewer', 'update 8'])
    expect(byJobToken.body).toContain('by the job token')
  })

  it('does not take over a comment that merely quotes the marker', async () => {
    pullRequestRun()
    const quoting = { id: 3, body: `> ${commentMarker('asset-42')}\n> old report\n\nwhy did this fail?`, html_url: 'x' }
    const github = fakeGitHub(GITHUB, [quoting])
    const result = await upsertPullRequestComment({ githubToken: TOKEN, report: testReport([]), body: 'report' })
    github.done()
    expect(result.outcome).toBe('created')
    expect(quoting.body).toContain('why did this fail?')
  })

  it('also works on pull_request_target and with an explicit apiUrl (trailing slash ignored)', async () => {
    pullRequestRun({ event: 'pull_request_target', apiUrl: 'https://wrong.example.com/api/v3' })
    const github = fakeGitHub(GHES)
    const result = await upsertPullRequestComment({ githubToken: TOKEN, report: testReport([]), body: 'report', apiUrl: `${GHES}/` })
    github.done()
    expect(result.outcome).toBe('created')
  })

  it('warns (never fails) when a fork pull request has a read-only token: 403 Resource not accessible by integration', async () => {
    pullRequestRun({ fork: true })
    nock(GITHUB).get('/repos/octo-org/app/issues/7/comments').query(true).reply(200, [])
    nock(GITHUB).post('/repos/octo-org/app/issues/7/comments').reply(403, {
      message: 'Resource not accessible by integration',
      documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment'
    })
    const result = await upsertPullRequestComment({ githubToken: TOKEN, report: testReport([]), body: 'report' })
    expect(result.outcome).toBe('skipped')
    expect(vi.mocked(core.warning)).toHaveBeenCalledTimes(1)
    const warning = String(vi.mocked(core.warning).mock.calls[0]![0])
    expect(warning).toBe(result.reason)
    expect(warning).toMatch(/^Could not create the S4E comment on pull request #7: /)
    expect(warning).toContain('read-only github-token')
    expect(warning).toContain('job summary')
    expect(warning).toContain('do not move the job to pull_request_target')
    expect(warning).toContain('the gate result is not affected')
    expect(warning.split(/\.\s/)).toHaveLength(1)
    expect(vi.mocked(core.setFailed)).not.toHaveBeenCalled()
  })

  it('names the missing permission when a same-repository token may not write', async () => {
    pullRequestRun()
    nock(GITHUB)
      .get('/repos/octo-org/app/issues/7/comments')
      .query(true)
      .reply(403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/issues/comments#list-issue-comments' })
    const result = await upsertPullRequestComment({ githubToken: TOKEN, report: testReport([]), body: 'report' })
    expect(result.outcome).toBe('skipped')
    // GitHub's documentation link is the request's, not the problem's: the cause is GitHub's message alone.
    expect(result.reason).not.toContain('docs.github.com')
    expect(result.reason).toMatch(
      /^Could not find the S4E comment on pull request #7: the github-token may not write comments \(Resource not accessible by integration\): give the job permissions: pull-requests: write/
    )
    expect(vi.mocked(core.setFailed)).not.toHaveBeenCalled()
  })

  it('never throws on server errors or a broken connection, and never logs the token', async () => {
    pullRequestRun()
    nock(GITHUB).get('/repos/octo-org/app/issues/7/comments').query(true).reply(500, { message: 'Server Error' })
    const failed = await upsertPullRequestComment({ githubToken: TOKEN, report: testReport([]), body: 'report' })
    expect(failed.outcome).toBe('skipped')
    expect(failed.reason).toContain('GitHub answered HTTP 500')

    // A server that drops the connection: no HTTP status at all.
    const server = createServer((request) => request.socket.destroy())
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    nock.enableNetConnect('127.0.0.1')
    let dropped
    try {
      const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      dropped = await upsertPullRequestComment({ githubToken: TOKEN, report: testReport([]), body: 'report', apiUrl })
    } finally {
      nock.disableNetConnect()
      await new Promise((resolve) => server.close(resolve))
    }
    expect(dropped.outcome).toBe('skipped')
    expect(dropped.reason).toMatch(/^Could not find the S4E comment on pull request #7: the request failed/)

    const logged = [core.warning, core.info, core.debug, core.error].flatMap((fn) => vi.mocked(fn).mock.calls.flat().map(String))
    expect(logged.join('\n')).not.toContain(TOKEN)
  })

  it('masks the github-token before using it', async () => {
    pullRequestRun()
    const github = fakeGitHub(GITHUB)
    await upsertPullRequestComment({ githubToken: TOKEN, report: testReport([]), body: 'report' })
    github.done()
    expect(vi.mocked(core.setSecret)).toHaveBeenCalledWith(TOKEN)
    const maskedAt = vi.mocked(core.setSecret).mock.invocationCallOrder[0]
    expect(github.calls.length).toBeGreaterThan(0)
    expect(maskedAt).toBeLessThan(Math.min(...vi.mocked(core.info).mock.invocationCallOrder))
  })

  it('truncates a body over GitHub’s 65,536-character limit, with a note, keeping marker and run time', async () => {
    pullRequestRun()
    const github = fakeGitHub(GITHUB)
    const rows = Array.from({ length: 3000 }, (_, i) => `| finding ${i} | high | https://preview.example.com/${i} |`)
    const body = `## S4E\n\n| title | severity | url |\n|---|---|---|\n${rows.join('\n')}`
    expect(body.length).toBeGreaterThan(MAX_COMMENT_LENGTH)
    const result = await upsertPullRequestComment({ githubToken: TOKEN, report: testReport([]), body })
    github.done()
    expect(result.outcome).toBe('created')
    const posted = github.comments[0]!.body
    expect(posted.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH)
    expect(posted.startsWith(commentMarker('asset-42'))).toBe(true)
    expect(posted).toContain(TRUNCATION_NOTE)
    expect(posted).toMatch(/Last updated 2026-11-28 12:00 UTC.*by s4e-trigger-scan\.<\/sub>$/)
    // Cut at a line end: no half table row before the note.
    expect(posted).toMatch(/https:\/\/preview\.example\.com\/\d+ \|\n\n> \[!NOTE\]/)
  })

  it('redacts registered secrets in the body it posts', async () => {
    pullRequestRun()
    const secret = 's4e_client_secret_value_XYZ'
    registerSecret(secret)
    const github = fakeGitHub(GITHUB)
    await upsertPullRequestComment({ githubToken: TOKEN, report: testReport([]), body: `finding at https://preview.example.com/?k=${secret}` })
    github.done()
    expect(github.comments[0]!.body).not.toContain(secret)
    expect(github.comments[0]!.body).toContain('?k=***')
    expect(github.comments[0]!.body).not.toContain(TOKEN)
  })

  it('skips with one info line on a push event, sending nothing', async () => {
    process.env.GITHUB_EVENT_NAME = 'push'
    process.env.GITHUB_REPOSITORY = 'octo-org/app'
    const untouched = nock(GITHUB).get(/.*/).reply(200, [])
    const result = await upsertPullRequestComment({ githubToken: TOKEN, report: testReport([]), body: 'report' })
    expect(result.outcome).toBe('skipped')
    expect(result.reason).toBe('The PR comment was skipped: it is posted only on pull_request and pull_request_target events, and this run is a push event.')
    expect(vi.mocked(core.info)).toHaveBeenCalledWith(result.reason)
    expect(vi.mocked(core.warning)).not.toHaveBeenCalled()
    expect(untouched.isDone()).toBe(false)
    nock.cleanAll()
  })

  it('skips with a warning when the github-token is empty, sending nothing', async () => {
    pullRequestRun()
    const result = await upsertPullRequestComment({ githubToken: '  ', report: testReport([]), body: 'report' })
    expect(result.outcome).toBe('skipped')
    expect(result.reason).toContain('github-token input is empty')
    expect(vi.mocked(core.warning)).toHaveBeenCalledWith(result.reason)
  })
})

describe('the github-token stays at the origin of GITHUB_API_URL', () => {
  const EVIL = 'https://evil.example'
  const LIST = '/repos/octo-org/app/issues/7/comments'

  /** Counts every request that reaches the other origin, token or not. */
  function otherOrigin() {
    const reached: string[] = []
    const scope = nock(EVIL)
      .persist()
      .get(/.*/)
      .reply((request: Request) => {
        reached.push(`${String(request.headers.get('authorization'))} ${request.url}`)
        return [200, []]
      })
      .post(/.*/)
      .reply(() => {
        reached.push('POST')
        return [201, {}]
      })
    return {
      reached,
      done: () => {
        scope.persist(false)
        nock.cleanAll()
      }
    }
  }

  it('does not follow a next-page link to another origin, and writes no comment, in one sentence', async () => {
    pullRequestRun()
    const evil = otherOrigin()
    nock(GITHUB, { reqheaders: { authorization: `token ${TOKEN}` } })
      .get(LIST)
      .query(true)
      .reply(200, others(100), { link: `<${EVIL}${LIST}?per_page=100&page=2>; rel="next"` })
    const result = await upsertPullRequestComment({ githubToken: TOKEN, report: testReport([]), body: 'report' })
    evil.done()
    expect(evil.reached).toEqual([])
    expect(result.outcome).toBe('skipped')
    expect(result.reason).toBe(
      "The S4E comment on pull request #7 was not written (GitHub's next page of comments is at https://evil.example, another origin than GITHUB_API_URL's https://api.github.com, and the github-token is sent to no other origin): make GITHUB_API_URL the address GitHub names in its own links (a proxy in front of GitHub Enterprise Server may rewrite it); the gate result is not affected."
    )
    expect(vi.mocked(core.warning)).toHaveBeenCalledWith(result.reason)
    expect(vi.mocked(core.setFailed)).not.toHaveBeenCalled()
  })

  it.each([301, 302, 307, 308])('does not follow a %i redirect to another origin', async (status) => {
    pullRequestRun()
    const evil = otherOrigin()
    nock(GITHUB)
      .get(LIST)
      .query(true)
      .reply(status, '', { location: `${EVIL}${LIST}?per_page=100` })
    const result = await upsertPullRequestComment({ githubToken: TOKEN, report: testReport([]), body: 'report' })
    evil.done()
    expect(evil.reached).toEqual([])
    expect(result.outcome).toBe('skipped')
    expect(result.reason).toContain('(GitHub redirected the request to https://evil.example, another origin than GITHUB_API_URL')
  })

  it('follows a redirect within the origin of GITHUB_API_URL (a renamed repository), with the token', async () => {
    pullRequestRun()
    nock(GITHUB)
      .get(LIST)
      .query(true)
      .reply(301, '', { location: `${GITHUB}/repositories/42/issues/7/comments?per_page=100` })
    nock(GITHUB, { reqheaders: { authorization: `token ${TOKEN}` } })
      .get('/repositories/42/issues/7/comments')
      .query(true)
      .reply(200, [])
      .post(LIST)
      .reply(307, '', { location: `${GITHUB}/repositories/42/issues/7/comments` })
      .post('/repositories/42/issues/7/comments', { body: /report/ })
      .reply(201, { id: 1, html_url: 'https://github.com/octo-org/app/pull/7#issuecomment-1' })
    const result = await upsertPullRequestComment({ githubToken: TOKEN, report: testReport([]), body: 'report' })
    expect(result).toEqual({ outcome: 'created', url: 'https://github.com/octo-org/app/pull/7#issuecomment-1' })
  })
})

describe('fitCommentBody', () => {
  it('leaves a body that fits untouched', () => {
    expect(fitCommentBody('<!-- m -->', 'hello', 'footer')).toBe('<!-- m -->\nhello\n\nfooter')
  })

  it('closes a code fence left open by the cut', () => {
    const body = `intro\n\`\`\`\n${'x'.repeat(200)}\n${'y'.repeat(200)}\n\`\`\``
    const fitted = fitCommentBody('<!-- m -->', body, 'footer', 400)
    expect(fitted.length).toBeLessThanOrEqual(400)
    expect(fitted.match(/^```/gm)).toHaveLength(2)
    expect(fitted).toContain(TRUNCATION_NOTE)
    expect(fitted.endsWith('footer')).toBe(true)
  })

  it('never splits a surrogate pair', () => {
    const body = '😀'.repeat(40_000)
    const fitted = fitCommentBody('<!-- m -->', body, 'footer')
    expect(fitted.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH)
    expect(fitted).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/)
  })
})
