// s4e-trigger-scan's sticky PR comment, from the committed bundle, against the emulator and the loopback fake
// GitHub, whose every request and answer is held to GitHub's published descriptions (its stop() fails otherwise).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../dev/emulator/server.js'
import { JOB_TOKEN_LOGIN, startFakeGitHub, startForeignOrigin, type FakeGitHub, type FakeGitHubOptions } from '../../dev/harness/fake-github.js'
import { findLeaks } from '../../dev/harness/leak-check.js'
import { runStep } from '../../dev/harness/run-step.js'

const GITHUB_TOKEN = 'ghs_fakeGitHubToken0123456789abcdef'

let emulator: Emulator

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, scanDurationMs: 0 })
  await runStep({
    action: 'actions/s4e-add-assets',
    inputs: { 'api-url': emulator.url, 'api-key': emulator.credentials.apiKey, assets: 'preview.example.com' }
  })
})
afterAll(async () => {
  await emulator.stop()
})

function scanOnPullRequest(github: FakeGitHub, failOn = 'none') {
  return runStep({
    action: 'actions/s4e-trigger-scan',
    eventName: 'pull_request',
    githubToken: GITHUB_TOKEN,
    env: { GITHUB_API_URL: github.url, GITHUB_GRAPHQL_URL: github.graphqlUrl },
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

/** A fake GitHub for one test; stopping it fails the test when a request or answer left GitHub's descriptions. */
async function withFakeGitHub(options: FakeGitHubOptions, use: (github: FakeGitHub) => Promise<void>): Promise<void> {
  const github = await startFakeGitHub(options)
  try {
    await use(github)
  } finally {
    await github.stop()
  }
}

describe('sticky PR comment from the bundle', () => {
  it.each(['api.github.com', 'ghes'] as const)(
    'on %s: creates one comment, then updates it in place on the next run, and leaks nothing into it',
    async (flavour) => {
      await withFakeGitHub({ flavour }, async (github) => {
        const first = await scanOnPullRequest(github, 'none')
        expect(first.exitCode, first.log).toBe(0)
        expect(github.issueComments).toHaveLength(1)
        expect(github.issueComments[0]!.body).toContain(first.outputs['scan-id'])

        const second = await scanOnPullRequest(github, 'high')
        expect(second.exitCode).toBe(1)
        expect(second.outputs.gate).toBe('failed')
        expect(github.issueComments, 'updated in place, not a second comment').toHaveLength(1)
        expect(github.updated).toEqual([github.issueComments[0]!.id])
        expect(github.issueComments[0]!.body).toContain(second.outputs['scan-id'])
        expect(github.issueComments[0]!.body).not.toContain(first.outputs['scan-id'])

        // GHES serves REST under /api/v3 and GraphQL at /api/graphql; each request was checked against its description.
        const prefix = flavour === 'ghes' ? '/api/v3/' : '/'
        expect(github.requests.filter((request) => request.operation !== 'graphql').every((request) => request.url.startsWith(prefix))).toBe(true)
        expect(github.requests.find((request) => request.operation === 'graphql')?.url).toBe(flavour === 'ghes' ? '/api/graphql' : '/graphql')
        expect(github.requests.every((request) => request.authorization === `token ${GITHUB_TOKEN}`)).toBe(true)
        expect(github.violations).toEqual([])
        const secrets = [emulator.credentials.clientSecret, GITHUB_TOKEN]
        for (const comment of github.issueComments) for (const secret of secrets) expect(comment.body).not.toContain(secret)
        expect(second.writtenFiles.some((file) => file.endsWith('reports/s4e.sarif'))).toBe(true)
        expect(findLeaks(second, secrets)).toEqual([])
      })
    }
  )

  it('leaves a comment by someone else that carries the marker alone, and creates its own', async () => {
    await withFakeGitHub({}, async (github) => {
      const first = await scanOnPullRequest(github)
      expect(first.exitCode, first.log).toBe(0)
      const marker = github.issueComments[0]!.body.split('\n')[0]
      // Someone copies the marker into a comment of their own, and ours is gone (deleted).
      github.issueComments.length = 0
      const spoof = github.addComment({ body: `${marker}\nClick [here](https://evil.example) to see the findings.`, login: 'mallory' })

      const run = await scanOnPullRequest(github)
      expect(run.exitCode, run.log).toBe(0)
      expect(github.updated, 'no PATCH of the spoofed comment').toEqual([])
      expect(spoof.body).toContain('evil.example')
      expect(github.issueComments).toHaveLength(2)
      expect(github.issueComments[1]!.user.login).toBe(JOB_TOKEN_LOGIN)
      expect(github.issueComments[1]!.body).toContain(run.outputs['scan-id'])
    })
  })
})

describe('the github-token goes only to the origin of GITHUB_API_URL', () => {
  const others = Array.from({ length: 150 }, (_, i) => ({ body: `LGTM ${i}`, login: 'octocat' }))

  it.each([
    [
      'a next-page Link header',
      (foreign: string): FakeGitHubOptions => ({ comments: others, nextPageOrigin: foreign }),
      "GitHub's next page of comments is at"
    ],
    ['a redirect of the listing', (foreign: string): FakeGitHubOptions => ({ redirectListingTo: foreign }), 'GitHub redirected the request to']
  ])('%s to another origin is not followed, and no comment is written', async (_, misbehaviour, cause) => {
    const foreign = await startForeignOrigin()
    try {
      await withFakeGitHub(misbehaviour(foreign.url), async (github) => {
        const run = await scanOnPullRequest(github)
        expect(run.exitCode, run.log).toBe(0)
        expect(foreign.requests, 'nothing reaches the other origin, with or without the token').toEqual([])
        expect(github.comments, 'no comment without having read every page').toEqual([])
        expect(run.warnings).toContainEqual(
          `The S4E comment on pull request #7 was not written (${cause} ${foreign.url}, another origin than GITHUB_API_URL's ${new URL(github.url).origin}, and the github-token is sent to no other origin): make GITHUB_API_URL the address GitHub names in its own links (a proxy in front of GitHub Enterprise Server may rewrite it); the gate result is not affected.`
        )
        expect(findLeaks(run, [GITHUB_TOKEN])).toEqual([])
      })
    } finally {
      await foreign.stop()
    }
  })
})
