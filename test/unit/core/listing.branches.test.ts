// readPage: what the sentence says came instead of a list, and of an entry that is not an object.
import { describe, expect, it } from 'vitest'
import { readPage, type ListingReader } from '../../../src/core/listing.js'

const reader: ListingReader<{ id: string }> = {
  noun: 'scan',
  nouns: 'scans',
  needs: 'an id',
  read: (raw) => {
    const id = (raw as { id?: unknown }).id
    return typeof id === 'string' ? { id } : undefined
  },
  idOf: (item) => item.id
}

const PLACE = { request: 'GET /api/scans', page: 2 }

function causeOf(body: unknown): string | undefined {
  const read = readPage(reader, body, PLACE, new Set())
  if (!('problem' in read)) return expect.fail('the page should have been refused')
  expect(read.problem.what).toBe('The S4E API answered GET /api/scans (page 2) with something other than a list of scans')
  return read.problem.cause
}

describe('readPage refusals', () => {
  it('calls an empty wrapped payload an empty object', () => {
    expect(causeOf({ data: {} })).toBe('an empty object')
  })

  it('names the first three keys of an object without a list, and how many more there are', () => {
    expect(causeOf({ data: { alpha: 1, beta: 2, gamma: 3, delta: 4, epsilon: 5 } })).toMatch(
      /^an object with .*alpha.*, .*beta.*, .*gamma.* and 2 more but no list$/
    )
  })

  it('names every key of an object of three keys without a list, and no "more"', () => {
    const cause = causeOf({ data: { alpha: 1, beta: 2, gamma: 3 } })
    expect(cause).toMatch(/^an object with .*alpha.*, .*beta.*, .*gamma.* but no list$/)
    expect(cause).not.toContain('more')
  })

  it('says a number where a list was due', () => {
    expect(causeOf({ data: 42 })).toBe('a number where a list was due')
  })

  it.each([
    [null, 'entry 2 is null, not an object'],
    [['s-1'], 'entry 2 is a list, not an object'],
    ['s-1', 'entry 2 is a string, not an object']
  ])('names an entry %j that is not an object by what it is', (entry, cause) => {
    expect(causeOf({ data: [{ id: 's-0' }, entry] })).toBe(cause)
  })
})
