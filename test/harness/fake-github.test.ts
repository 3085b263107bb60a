// The fake GitHub answers as GitHub's published descriptions say, for both flavours, and notices a request
// or an answer that departs from them (see docs/api.md, section "GitHub API operations").
import { describe, expect, it } from 'vitest'
import { gitHubApiCheck } from '../../dev/harness/github-api-check.js'
import { JOB_TOKEN_LOGIN, startFakeGitHub } from '../../dev/harness/fake-github.js'
import { createOctokit } from '../../src/trigger-scan/report/octokit.js'
import { VIEWER_QUERY } from '../../src/trigger-scan/report/comment-author.js'

const TOKEN = 'ghs_fakeGitHubHarnessToken0123456789'
const TARGET = { owner: 'octo-org', repo: 'octo-repo', issue_number: 7 }

describe.each(['api.github.com', 'ghes'] as const)('the fake GitHub as %s', (flavour) => {
  it('serves every operation the PR comment uses, each request and answer within the description', async () => {
    const github = await startFakeGitHub({ flavour, comments: [{ body: 'LGTM', login: 'octocat' }], restUser: 'deploy-bot' })
    expect(github.url.endsWith(flavour === 'ghes' ? '/api/v3' : '')).toBe(true)
    const octokit = await createOctokit(TOKEN, github.url)
    const listed = await octokit.rest.issues.listComments({ ...TARGET, per_page: 100 })
    expect(listed.data.map((comment) => comment.body)).toEqual(['LGTM'])
    const created = await octokit.rest.issues.createComment({ ...TARGET, body: 'first' })
    expect(created.status).toBe(201)
    const updated = await octokit.rest.issues.updateComment({ owner: TARGET.owner, repo: TARGET.repo, comment_id: created.data.id, body: 'second' })
    expect(updated.data.body).toBe('second')
    expect((await octokit.rest.users.getAuthenticated()).data.login).toBe('deploy-bot')
    expect(await octokit.graphql(VIEWER_QUERY)).toEqual({ viewer: { login: JOB_TOKEN_LOGIN } })

    expect(github.requests.map((request) => request.operation)).toEqual([
      'issues/list-comments',
      'issues/create-comment',
      'issues/update-comment',
      'users/get-authenticated',
      'graphql'
    ])
    expect(github.requests.every((request) => request.authorization === `token ${TOKEN}`)).toBe(true)
    expect(github.violations).toEqual([])
    await github.stop()
  })

  it('pages a listing with Link headers, and refuses GET /user to an installation token with 403', async () => {
    const comments = Array.from({ length: 130 }, (_, i) => ({ body: `c${i}`, login: 'octocat' }))
    const github = await startFakeGitHub({ flavour, comments })
    const octokit = await createOctokit(TOKEN, github.url)
    const all = await octokit.paginate(octokit.rest.issues.listComments, { ...TARGET, per_page: 100 })
    expect(all).toHaveLength(130)
    await expect(octokit.rest.users.getAuthenticated()).rejects.toMatchObject({ status: 403 })
    expect(github.violations).toEqual([])
    await github.stop()
  })
})

describe('the GitHub API check', () => {
  const check = gitHubApiCheck('api.github.com')

  it('names a request that is no operation, an undeclared query parameter, a missing body and a body of the wrong shape', () => {
    expect(check.checkRequest({ method: 'DELETE', url: '/repos/o/r/issues/7/comments', body: '' }).problems).toEqual([
      expect.stringMatching(/^DELETE \/repos\/o\/r\/issues\/7\/comments is no operation in api\.github\.com\.deref\.json .*takes GET, POST/)
    ])
    expect(check.checkRequest({ method: 'GET', url: '/repos/o/r/issues/7/comments?limit=5', body: '' }).problems).toEqual([
      'query parameter limit is not declared by issues/list-comments'
    ])
    expect(check.checkRequest({ method: 'GET', url: '/repos/o/r/issues/seven/comments', body: '' }).problems).toEqual([
      expect.stringContaining('path parameter issue_number of issues/list-comments does not match its schema')
    ])
    expect(check.checkRequest({ method: 'POST', url: '/repos/o/r/issues/7/comments', body: '' }).problems).toEqual([
      'issues/create-comment requires a request body, but none was sent'
    ])
    expect(check.checkRequest({ method: 'POST', url: '/repos/o/r/issues/7/comments', contentType: 'application/json', body: '{"text":"x"}' }).problems).toEqual(
      [expect.stringContaining("must have required property 'body'")]
    )
  })

  it('holds GHES requests to the /api/v3 base and GraphQL to /api/graphql', () => {
    const ghes = gitHubApiCheck('ghes')
    expect(ghes.checkRequest({ method: 'GET', url: '/user', body: '' }).problems).toEqual([expect.stringContaining('is outside /api/v3')])
    expect(ghes.checkRequest({ method: 'GET', url: '/api/v3/user', body: '' }).problems).toEqual([])
    expect(
      ghes.checkRequest({ method: 'POST', url: '/api/graphql', contentType: 'application/json', body: JSON.stringify({ query: VIEWER_QUERY }) }).problems
    ).toEqual([])
  })

  it('names a GraphQL query GitHub’s schema refuses, and an answer that does not fit the query', () => {
    const refused = check.checkRequest({ method: 'POST', url: '/graphql', body: JSON.stringify({ query: 'query { viewer { nickname } }' }) })
    expect(refused.problems).toEqual([expect.stringContaining('Cannot query field "nickname" on type "User"')])
    const matched = { kind: 'graphql', query: VIEWER_QUERY } as const
    expect(check.checkAnswer(matched, { status: 200, body: JSON.stringify({ data: { viewer: { login: 'octocat' } } }) })).toEqual([])
    expect(check.checkAnswer(matched, { status: 200, body: JSON.stringify({ data: { viewer: { login: 'octocat', admin: true } } }) })).toEqual([
      expect.stringContaining('other fields than the query asks for')
    ])
    expect(check.checkAnswer(matched, { status: 200, body: JSON.stringify({ data: { viewer: { login: null } } }) })).toEqual([
      expect.stringContaining('Cannot return null for non-nullable field User.login')
    ])
  })

  it('names an answer that is not described for its status, or misses a required field', () => {
    const { matched } = check.checkRequest({ method: 'GET', url: '/repos/o/r/issues/7/comments', body: '' })
    if (matched === undefined) throw new Error('no match')
    expect(check.checkAnswer(matched, { status: 500, contentType: 'application/json', body: '{}' })).toEqual([
      'issues/list-comments is not described to answer 500 (it answers 200, 404, 410)'
    ])
    expect(check.checkAnswer(matched, { status: 200, contentType: 'application/json', body: JSON.stringify([{ id: 1, body: 'x' }]) })).toEqual([
      expect.stringContaining("must have required property 'node_id'")
    ])
  })

  it('makes stop() fail when the fake saw a request outside the description', async () => {
    const github = await startFakeGitHub()
    const response = await fetch(`${github.url}/repos/o/r/issues/7/comments?limit=5`)
    expect(response.status).toBe(404)
    expect(github.violations).toEqual(['GET /repos/o/r/issues/7/comments: query parameter limit is not declared by issues/list-comments'])
    await expect(github.stop()).rejects.toThrow(/GitHub's published API descriptions do not allow/)
  })
})
