import { describe, expect, it } from 'vitest'
import { assertNoLeaks, findJobLeaks, findLeaks, leakSpellings } from '../../dev/harness/leak-check.js'
import type { StepResult } from '../../dev/harness/run-step.js'
import { Job } from '../../dev/harness/job.js'
import { runStep } from '../../dev/harness/run-step.js'

const LEAKY = 'test/fixtures/leaky-action'
const SECRET = 'sk_live_leaky_0123456789'

describe('leak check', () => {
  it('catches a secret leaked to the log, an output, exported env, the summary and a written file', async () => {
    const result = await runStep({ action: LEAKY, inputs: { secret: SECRET } })
    const leaks = findLeaks(result, [SECRET])
    expect(leaks).toEqual([
      expect.stringContaining('unmasked in the log'),
      expect.stringContaining('output "leaked"'),
      expect.stringContaining('exported variable LEAKED_TOKEN'),
      expect.stringContaining('job summary'),
      expect.stringContaining('debug-dump.json')
    ])
    expect(leaks.join('\n')).not.toContain(SECRET)
    expect(() => assertNoLeaks(result, [SECRET])).toThrow(/Secrets leaked/)
  })

  it('flags an access-token output whose value was never masked', async () => {
    const result = await runStep({ action: LEAKY, inputs: { secret: SECRET, 'leak-to': 'unmasked-access-token' } })
    expect(findLeaks(result, [SECRET])).toEqual([expect.stringContaining('"access-token" without being masked')])
  })

  it('accepts a masked access-token output, the one place a token may go', async () => {
    const result = await runStep({ action: LEAKY, inputs: { secret: SECRET, 'leak-to': 'masked-access-token' } })
    expect(result.outputs['access-token']).toBe(SECRET)
    expect(findLeaks(result, [SECRET])).toEqual([])
    expect(findLeaks(result, [SECRET], { allowOutputs: [] })).toHaveLength(1)
  })

  it('finds leaks across the steps of a job', async () => {
    const job = new Job()
    await job.run('clean', { action: LEAKY, inputs: { secret: SECRET, 'leak-to': 'none' } })
    await job.run('leaky', { action: LEAKY, inputs: { secret: SECRET, 'leak-to': 'summary' } })
    expect(findJobLeaks(job, [SECRET])).toEqual([expect.stringMatching(/^step leaky: .*job summary/)])
  })

  it.each([
    ['form-encoded (URLSearchParams)', 'pa ss~word!(x)', (secret: string) => `client_secret=${new URLSearchParams({ s: secret }).toString().slice(2)}`],
    ['JSON with escaped slashes', 'key/with/slashes-0042', (secret: string) => `{"token":"${secret.replace(/\//g, '\\/')}"}`],
    ['Base64 of client-id:client-secret', 'csecret-0123456789', (secret: string) => `Basic ${Buffer.from(`my-client:${secret}`).toString('base64')}`],
    ['lower-cased', 'MixedCaseSecret0042', (secret: string) => `invalid entry ${secret.toLowerCase()}`],
    ['one line of a multi-line secret', 'first-line-0042\nsecond-line-0042', (secret: string) => `echo ${secret.split('\n')[1]}`]
  ])('finds a secret spelled %s in the summary', (_name, secret, spell) => {
    const clean = { log: '', debug: [], outputs: {}, exportedEnv: {}, masks: [], summary: 'nothing here', writtenFiles: [] } as unknown as StepResult
    expect(findLeaks(clean, [secret])).toEqual([])
    expect(findLeaks({ ...clean, summary: spell(secret) }, [secret])).toEqual([expect.stringContaining('job summary')])
    expect(leakSpellings(secret).length).toBeGreaterThan(3)
  })
})
