// pullRequestOpening: the opening time of the pull request, only from a valid ISO 8601 created_at.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { pullRequestOpening } from '../../../src/core/github-event.js'

const saved = { name: process.env.GITHUB_EVENT_NAME, path: process.env.GITHUB_EVENT_PATH }

afterEach(() => {
  for (const [key, value] of [
    ['GITHUB_EVENT_NAME', saved.name],
    ['GITHUB_EVENT_PATH', saved.path]
  ] as const) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
})

function onPullRequest(pullRequest: unknown, event = 'pull_request'): void {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 's4e-event-')), 'event.json')
  writeFileSync(file, JSON.stringify({ pull_request: pullRequest }))
  process.env.GITHUB_EVENT_NAME = event
  process.env.GITHUB_EVENT_PATH = file
}

describe('pullRequestOpening', () => {
  it('reads an ISO 8601 created_at in UTC', () => {
    onPullRequest({ number: 7, created_at: '2026-11-28T10:15:00Z' })
    expect(pullRequestOpening()).toEqual({ openedAtMs: Date.parse('2026-11-28T10:15:00Z') })
  })

  it('reads one with an offset, on pull_request_target too', () => {
    onPullRequest({ number: 7, created_at: '2026-11-28T12:15:00.500+02:00' }, 'pull_request_target')
    expect(pullRequestOpening()).toEqual({ openedAtMs: Date.parse('2026-11-28T10:15:00.500Z') })
  })

  it.each([
    ['a date without a time', '2026-11-28'],
    ['a date in another notation', 'Sat, 28 Nov 2026 10:15:00 GMT'],
    ['a pattern-shaped but impossible instant', '2026-13-45T99:99:99Z'],
    ['a text past 40 characters', `2026-11-28T10:15:00.${'0'.repeat(40)}Z`]
  ])('knows no opening time from %s', (_name, createdAt) => {
    onPullRequest({ number: 7, created_at: createdAt })
    expect(pullRequestOpening()).toEqual({})
  })

  it('knows no opening time when created_at is not a string', () => {
    onPullRequest({ number: 7, created_at: 1_700_000_000 })
    expect(pullRequestOpening()).toEqual({})
  })

  it('is undefined on any other event', () => {
    onPullRequest({ number: 7, created_at: '2026-11-28T10:15:00Z' }, 'push')
    expect(pullRequestOpening()).toBeUndefined()
  })
})
