// The same credential rules in every action, from the committed bundles: a fork pull request with
// on-missing-credentials: skip passes through each action with one warning, and a token passed by
// hand goes to the installation that issued it (docs/design.md, "The token's installation").
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../dev/emulator/emulator-options.js'
import { startEmulator } from '../../dev/emulator/server.js'
import { Job } from '../../dev/harness/job.js'
import { registerAssets, tokenFor } from '../emulator/emulator-requests.js'

const FORK_EVENT = {
  pull_request: { number: 9, head: { repo: { full_name: 'someone/octo-repo', fork: true } }, base: { repo: { full_name: 'octo-org/octo-repo' } } },
  repository: { full_name: 'octo-org/octo-repo' }
}

let issuing: Emulator
let other: Emulator
beforeAll(async () => {
  ;[issuing, other] = await Promise.all([startEmulator({ port: 0 }), startEmulator({ port: 0 })])
  const answer = await registerAssets(issuing, await tokenFor(issuing), ['clean-onprem.example.com'])
  if (answer.status !== 200) throw new Error(`Registering the test asset failed with ${answer.status}.`)
})
afterAll(async () => {
  await Promise.all([issuing.stop(), other.stop()])
})

const requestTotal = (emulator: Emulator) => Object.values(emulator.state().requestCounts).reduce((sum, count) => sum + count, 0)

describe('a fork pull request with on-missing-credentials: skip', () => {
  it('passes through every action with one warning each, naming the action, sending nothing', async () => {
    const before = requestTotal(issuing)
    const job = new Job({ eventName: 'pull_request', eventPayload: FORK_EVENT })
    const skip = { 'api-url': issuing.url, 'on-missing-credentials': 'skip' }
    const steps = [
      ['auth', 'actions/s4e-auth', skip],
      ['add', 'actions/s4e-add-assets', { ...skip, assets: 'fork.example.com' }],
      ['scan', 'actions/s4e-trigger-scan', { ...skip, asset: 'fork.example.com' }],
      ['pipeline', '.', { ...skip, assets: 'fork.example.com' }]
    ] as const
    const names: Record<string, string> = {
      auth: 's4e-auth',
      add: 's4e-add-assets',
      scan: 's4e-trigger-scan',
      pipeline: 'the one-step action (s4e-io/s4e-actions)'
    }
    for (const [id, action, inputs] of steps) {
      const result = await job.run(id, {
        action,
        // A later step gets the (empty) token of s4e-auth, as a workflow would hand it on.
        inputs: (context) => ({ ...inputs, ...(id === 'auth' ? {} : { token: context.steps.auth?.outputs['access-token'] ?? '' }) })
      })
      expect(result?.exitCode, result?.log).toBe(0)
      expect(result?.errors).toEqual([])
      expect(result?.warnings).toEqual([expect.stringMatching(/fork someone\/octo-repo /)])
      const [warning] = result?.warnings ?? []
      expect(warning).toContain(`; ${names[id]} was skipped and passes, because on-missing-credentials is skip.`)
      // Skip is already set: the sentence does not tell the user to set it.
      expect(warning).not.toMatch(/set `on-missing-credentials/)
    }
    expect(job.steps.scan?.outputs.gate).toBe('skipped')
    expect(requestTotal(issuing)).toBe(before)
  })

  it('without skip, names the on-missing-credentials input of the action that failed', async () => {
    const job = new Job({ eventName: 'pull_request', eventPayload: FORK_EVENT })
    const result = await job.run('add', { action: 'actions/s4e-add-assets', inputs: { 'api-url': issuing.url, assets: 'fork.example.com' } })
    expect(result?.exitCode).toBe(1)
    expect(result?.errors).toEqual([expect.stringMatching(/or set `on-missing-credentials: skip` on s4e-add-assets\.$/)])
  })
})

describe('a token passed by hand', () => {
  it('goes to the installation that issued it when the later step names no api-url', async () => {
    const job = new Job()
    const auth = await job.run('auth', {
      action: 'actions/s4e-auth',
      inputs: { 'api-url': issuing.url, 'client-id': issuing.credentials.clientId, 'client-secret': issuing.credentials.clientSecret }
    })
    expect(auth?.exitCode, auth?.log).toBe(0)
    // Exported without export-env: the URL is no secret, the token stays an output.
    expect(auth?.exportedEnv).toEqual({ S4E_API_URL: issuing.url })
    const otherBefore = requestTotal(other)
    const scan = await job.run('scan', {
      action: 'actions/s4e-trigger-scan',
      inputs: (context) => ({ token: context.steps.auth?.outputs['access-token'] ?? '', asset: 'clean-onprem.example.com', 'poll-interval': '1' })
    })
    expect(scan?.exitCode, scan?.log).toBe(0)
    expect(scan?.outputs.gate).toBe('passed')
    expect(issuing.state().scans.filter((entry) => entry.asset_name === 'clean-onprem.example.com')).toHaveLength(1)
    expect(requestTotal(other)).toBe(otherBefore)
  })

  it('goes to another installation only when the later step names that api-url explicitly', async () => {
    const job = new Job()
    await job.run('auth', {
      action: 'actions/s4e-auth',
      inputs: { 'api-url': issuing.url, 'client-id': issuing.credentials.clientId, 'client-secret': issuing.credentials.clientSecret }
    })
    const otherBefore = requestTotal(other)
    const scan = await job.run('scan', {
      action: 'actions/s4e-trigger-scan',
      inputs: (context) => ({ 'api-url': other.url, token: context.steps.auth?.outputs['access-token'] ?? '', asset: 'clean-onprem.example.com' })
    })
    // The other installation does not know the token: the step fails there, and only there.
    expect(scan?.exitCode).toBe(1)
    expect(requestTotal(other)).toBeGreaterThan(otherBefore)
  })
})
