// Outside text reaches the job summary and the PR comment only through the one escaping renderer:
// a hostile emulator (scan status, finding titles, an unknown field holding a secret) against the bundle.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChosenFinding, Emulator } from '../../dev/emulator/emulator-options.js'
import { startEmulator } from '../../dev/emulator/server.js'
import { startFakeGitHub, type FakeGitHub } from '../../dev/harness/fake-github.js'
import { runStep } from '../../dev/harness/run-step.js'
import { registerAssets, tokenFor } from '../emulator/emulator-requests.js'

/** The asset whose scan status is hostile, the asset whose findings are, and what they carry. */
const [WAITING, HOSTILE] = ['waiting.example.com', 'hostile.example.com']
const HOSTILE_STATUS = '<img src="https://evil.example/track.png">@octocat'
const { UNKNOWN_FIELD_SECRET, GITHUB_TOKEN } = {
  UNKNOWN_FIELD_SECRET: 'sk_live_unknownFieldSecret0123456789',
  GITHUB_TOKEN: 'ghs_hostileRenderingFakeToken0123456789'
}

const HOSTILE_FINDINGS: ChosenFinding[] = [
  { title: '<img src="https://evil.example/x.png"> <b>bold</b>', severity: 'critical', extra: { internal_note: UNKNOWN_FIELD_SECRET } },
  { title: '[click me](https://evil.example/phish) ![img](https://evil.example/i.png)', severity: 'high' },
  { title: 'ping @octocat and @org/team about #123 and GH-9', severity: 'high' },
  { title: 'visit www.evil.example or https://evil.example/x', severity: 'medium' }
]

/** What would be live in GitHub's rendering of Markdown: a tag, an image, a link to elsewhere, a mention, a reference. */
function expectInert(markdown: string): void {
  expect(markdown).not.toContain('<img')
  expect(markdown).not.toContain('<b>')
  expect(markdown).not.toContain('](https://evil')
  expect(markdown).not.toContain('https://evil')
  expect(markdown).not.toContain('www.evil')
  expect(markdown).not.toMatch(/@octocat|@org/)
  expect(markdown).not.toMatch(/#123|GH-9/)
  expect(markdown).not.toContain(UNKNOWN_FIELD_SECRET)
}

let emulator: Emulator
let github: FakeGitHub
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, scanStatusText: { [WAITING]: HOSTILE_STATUS }, chosenFindings: { [HOSTILE]: HOSTILE_FINDINGS } })
  github = await startFakeGitHub()
  const answer = await registerAssets(emulator, await tokenFor(emulator), [WAITING, HOSTILE])
  if (answer.status !== 200) throw new Error(`Registering the test assets failed with ${answer.status}.`)
})
afterAll(async () => {
  await emulator.stop()
  await github.stop()
})

const scan = (inputs: Record<string, string>) =>
  runStep({
    action: 'actions/s4e-trigger-scan',
    inputs: {
      'api-url': emulator.url,
      'client-id': emulator.credentials.clientId,
      'client-secret': emulator.credentials.clientSecret,
      'pr-comment': 'true',
      ...inputs
    },
    eventName: 'pull_request',
    githubToken: GITHUB_TOKEN,
    env: { GITHUB_API_URL: github.url }
  })

describe('a hostile server reaches neither the summary nor the PR comment raw', () => {
  it('escapes a scan status of HTML and a mention, with wait: false', async () => {
    const before = github.comments.length
    const result = await scan({ asset: WAITING, wait: 'false' })
    expect(result.exitCode, result.log).toBe(0)
    expect(result.outputs.gate).toBe('skipped')
    expect(result.summary).toContain('&lt;img')
    expectInert(result.summary)
    expect(github.comments).toHaveLength(before + 1)
    expectInert(github.comments.at(-1) ?? '')
  })

  it('escapes finding titles holding HTML, links, images, mentions and references, and shows no field it does not name', async () => {
    const before = github.comments.length
    const result = await scan({ asset: HOSTILE, 'fail-on': 'critical' })
    expect(result.exitCode, result.log).toBe(1)
    expect(result.summary).toContain('&lt;b&gt;bold&lt;/b&gt;')
    expectInert(result.summary)
    expect(github.comments).toHaveLength(before + 1)
    expectInert(github.comments.at(-1) ?? '')
  })
})
