// Reading the run's event payload: a missing, unreadable or odd payload is no pull request, never a crash.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { pullRequestContext, readEventPayload } from '../../../src/core/github-event.js'

const saved = { path: process.env.GITHUB_EVENT_PATH, name: process.env.GITHUB_EVENT_NAME, repository: process.env.GITHUB_REPOSITORY }
afterEach(() => {
  for (const [name, value] of [
    ['GITHUB_EVENT_PATH', saved.path],
    ['GITHUB_EVENT_NAME', saved.name],
    ['GITHUB_REPOSITORY', saved.repository]
  ] as const) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
})

function event(name: string, payload: string): void {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 's4e-event-')), 'event.json')
  writeFileSync(file, payload)
  process.env.GITHUB_EVENT_PATH = file
  process.env.GITHUB_EVENT_NAME = name
}

describe('readEventPayload', () => {
  it('is empty without a path, for a missing file, for bad JSON and for JSON that is not an object', () => {
    delete process.env.GITHUB_EVENT_PATH
    expect(readEventPayload()).toEqual({})
    process.env.GITHUB_EVENT_PATH = path.join(tmpdir(), 's4e-no-such-event.json')
    expect(readEventPayload()).toEqual({})
    event('push', '{ not json')
    expect(readEventPayload()).toEqual({})
    event('push', '[1, 2]')
    expect(readEventPayload()).toEqual({})
  })
})

describe('pullRequestContext', () => {
  it('is undefined on other events and on a pull-request event without a pull_request object', () => {
    event('push', JSON.stringify({ pull_request: { number: 1 } }))
    expect(pullRequestContext()).toBeUndefined()
    event('pull_request', JSON.stringify({ pull_request: 'seven' }))
    expect(pullRequestContext()).toBeUndefined()
  })

  it('tells a fork by its flag, by a head repository other than the base, and not when they are the same', () => {
    event(
      'pull_request_target',
      JSON.stringify({ pull_request: { number: 4, head: { repo: { full_name: 'a/r', fork: true } }, base: { repo: { full_name: 'a/r' } } } })
    )
    expect(pullRequestContext()).toEqual({ number: 4, fromFork: true, headRepository: 'a/r' })
    event('pull_request', JSON.stringify({ pull_request: { number: 5, head: { repo: { full_name: 'b/r' } }, base: { repo: { full_name: 'a/r' } } } }))
    expect(pullRequestContext()?.fromFork).toBe(true)
    // Without a base repository in the payload, the run's own repository stands in.
    process.env.GITHUB_REPOSITORY = 'a/r'
    event('pull_request', JSON.stringify({ pull_request: { number: 6, head: { repo: { full_name: 'a/r' } } } }))
    expect(pullRequestContext()).toEqual({ number: 6, fromFork: false, headRepository: 'a/r' })
    event('pull_request', JSON.stringify({ pull_request: { number: 8 } }))
    expect(pullRequestContext()).toEqual({ number: 8, fromFork: false, headRepository: undefined })
  })
})
