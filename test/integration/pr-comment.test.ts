// s4e-trigger-scan's sticky PR comment, from the committed bundle, against the emulator and a loopback fake GitHub API.
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../dev/emulator/server.js'
import { findLeaks } from '../../dev/harness/leak-check.js'
import { runStep } from '../../dev/harness/run-step.js'

interface Comment {
  id: number
  body: string
  html_url: string
  user: { login: string }
}

// What the job token (an installation token of the GitHub Actions app) comments as.
const JOB_TOKEN_USER = 'github-actions[bot]'

const ISSUE_COMMENTS = '/repos/octo-org/octo-repo/issues/7/comments'
const GITHUB_TOKEN = 'ghs_fakeGitHubToken0123456789abcdef'

let emulator: Emulator
let github: Server
let githubUrl: string
const comments: Comment[] = []
const authorizations: string[] = []
const patched: number[] = []

async function bodyOf(request: IncomingMessage): Promise<Record<string, unknown>> {
  let text = ''
  for await (const chunk of request) text += String(chunk)
  return JSON.parse(text) as Record<string, unknown>
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, scanDurationMs: 0 })
  let nextId = 900
  github = createServer((request, response) => {
    void (async () => {
      authorizations.push(String(request.headers.authorization))
      const { pathname } = new URL(request.url ?? '/', 'http://localhost')
      const reply = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
      // GraphQL viewer names the identity of any token; installation tokens may not read GET /user.
      if (request.method === 'POST' && pathname === '/graphql') return reply(200, { data: { viewer: { login: JOB_TOKEN_USER } } })
      if (request.method === 'GET' && pathname === '/user') return reply(403, { message: 'Resource not accessible by integration' })
      if (request.method === 'GET' && pathname === ISSUE_COMMENTS) return reply(200, comments)
      if (request.method === 'POST' && pathname === ISSUE_COMMENTS) {
        const comment = {
          id: nextId++,
          body: String((await bodyOf(request)).body),
          html_url: `https://github.test/octo-org/octo-repo/pull/7#issuecomment-${nextId}`,
          user: { login: JOB_TOKEN_USER }
        }
        comments.push(comment)
        return reply(201, comment)
      }
      const update = /^\/repos\/octo-org\/octo-repo\/issues\/comments\/(\d+)$/.exec(pathname)
      const existing = comments.find((comment) => comment.id === Number(update?.[1]))
      if (request.method === 'PATCH' && existing !== undefined) {
        patched.push(existing.id)
        existing.body = String((await bodyOf(request)).body)
        return reply(200, existing)
      }
      return reply(404, { message: 'Not Found' })
    })()
  })
  await new Promise<void>((resolve) => github.listen(0, '127.0.0.1', resolve))
  githubUrl = `http://127.0.0.1:${(github.address() as AddressInfo).port}`
})
afterAll(async () => {
  await emulator.stop()
  await new Promise((resolve) => github.close(resolve))
})

function scanOnPullRequest(failOn: string) {
  return runStep({
    action: 'actions/s4e-trigger-scan',
    eventName: 'pull_request',
    githubToken: GITHUB_TOKEN,
    env: { GITHUB_API_URL: githubUrl },
    inputs: {
      'api-url': emulator.url,
      'client-id': emulator.credentials.clientId,
      'client-secret': emulator.credentials.clientSecret,
      asset: 'preview.example.com',
      'fail-on': failOn,
      'pr-comment': 'true',
      'sarif-file': 'reports/s4e.sarif',
      'poll-interval': '1'
    }
  })
}

describe('sticky PR comment from the bundle', () => {
  it('creates one comment, then updates it in place on the next run, and leaks nothing into it', async () => {
    await runStep({
      action: 'actions/s4e-add-assets',
      inputs: { 'api-url': emulator.url, 'api-key': emulator.credentials.apiKey, assets: 'preview.example.com' }
    })

    const first = await scanOnPullRequest('none')
    expect(first.exitCode, first.log).toBe(0)
    expect(comments).toHaveLength(1)
    expect(comments[0]!.body).toContain(first.outputs['scan-id'])

    const second = await scanOnPullRequest('high')
    expect(second.exitCode).toBe(1)
    expect(second.outputs.gate).toBe('failed')
    expect(comments, 'updated in place, not a second comment').toHaveLength(1)
    expect(second.outputs['scan-id']).not.toBe(first.outputs['scan-id'])
    expect(comments[0]!.body).toContain(second.outputs['scan-id'])
    expect(comments[0]!.body).not.toContain(first.outputs['scan-id'])

    expect(authorizations.every((value) => value === `token ${GITHUB_TOKEN}`)).toBe(true)
    const secrets = [emulator.credentials.clientSecret, GITHUB_TOKEN]
    for (const comment of comments) for (const secret of secrets) expect(comment.body).not.toContain(secret)
    expect(second.writtenFiles.some((file) => file.endsWith('reports/s4e.sarif'))).toBe(true)
    expect(findLeaks(second, secrets)).toEqual([])
  })

  it('leaves a comment by someone else that carries the marker alone, and creates its own', async () => {
    const ours = comments.find((comment) => comment.user.login === JOB_TOKEN_USER)
    expect(ours).toBeDefined()
    const marker = (ours as Comment).body.split('\n')[0]
    // Someone copies the marker into a comment of their own, and ours is gone (deleted).
    const spoof: Comment = { id: 1, body: `${marker}\nClick [here](https://evil.example) to see the findings.`, html_url: 'x', user: { login: 'mallory' } }
    comments.splice(0, comments.length, spoof)
    patched.length = 0

    const run = await scanOnPullRequest('none')
    expect(run.exitCode, run.log).toBe(0)
    expect(patched, 'no PATCH of the spoofed comment').toEqual([])
    expect(spoof.body).toContain('evil.example')
    expect(comments).toHaveLength(2)
    expect(comments[1]!.user.login).toBe(JOB_TOKEN_USER)
    expect(comments[1]!.body).toContain(run.outputs['scan-id'])
  })
})
