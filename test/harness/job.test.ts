import { describe, expect, it } from 'vitest'
import { Job } from '../../dev/harness/job.js'

const ECHO = 'test/fixtures/echo-action'

describe('Job', () => {
  it('chains outputs and exported env between steps', async () => {
    const job = new Job()
    await job.run('first', { action: ECHO, inputs: { greeting: 'bonjour' } })
    const second = await job.run('second', { action: ECHO, inputs: (context) => ({ greeting: context.steps.first!.outputs.greeting! }) })
    expect(second?.outputs.greeting).toBe('bonjour world world')
    expect(second?.outputs['seen-env']).toBe('bonjour')
    expect(job.context.env).toEqual({ ECHO_GREETING: 'bonjour world' })
    expect(second?.workspace).toBe(job.workspace)
    expect(job.summary).toContain('bonjour world')
  })

  it('masks in later steps what an earlier step masked', async () => {
    const job = new Job()
    await job.run('first', { action: ECHO, inputs: { secret: 'carried-secret' } })
    const second = await job.run('second', { action: ECHO, inputs: { greeting: 'carried-secret' } })
    expect(second?.log).toContain('greeting: ***')
  })

  it('masks job secrets from the first line, as the runner masks ${{ secrets.* }}', async () => {
    const job = new Job({ secrets: ['repo-secret'] })
    const step = await job.run('only', { action: ECHO, inputs: { secret: 'repo-secret' } })
    expect(step?.log).toContain('before mask: ***')
  })

  it('stops after a failed step unless it continues on error', async () => {
    const job = new Job()
    const soft = await job.run('soft', { action: ECHO, inputs: { 'exit-code': '1' }, continueOnError: true })
    expect(soft).toMatchObject({ outcome: 'failure', conclusion: 'success' })
    expect(job.status).toBe('success')
    await job.run('hard', { action: ECHO, inputs: { 'exit-code': '2' } })
    expect(job.status).toBe('failure')
    expect(await job.run('after', { action: ECHO })).toBeUndefined()
    expect(job.skipped).toEqual(['after'])
    expect(job.context.steps.after!.outcome).toBe('skipped')
  })
})
