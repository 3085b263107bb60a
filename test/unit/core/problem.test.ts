import { describe, expect, it } from 'vitest'
import { InputError, S4EApiError } from '../../../src/core/errors.js'
import { causeOf, clauseOf, ProblemError, sentenceOf } from '../../../src/core/problem.js'

describe('errors as data', () => {
  const problem = {
    what: 'The findings file of scan 7 could not be written',
    cause: 'EACCES: permission denied',
    fix: 'choose a findings-file path the job may write to'
  }

  it('composes what, cause and fix into one sentence with one closing full stop', () => {
    expect(sentenceOf(problem)).toBe(
      'The findings file of scan 7 could not be written (EACCES: permission denied): choose a findings-file path the job may write to.'
    )
    expect(sentenceOf({ what: 'The scan was cancelled' })).toBe('The scan was cancelled.')
    expect(sentenceOf({ what: 'No credentials', fix: 'add them' })).toBe('No credentials: add them.')
  })

  it('gives a problem as the clause of another, without its fix or a full stop', () => {
    expect(clauseOf(problem)).toBe('The findings file of scan 7 could not be written (EACCES: permission denied)')
    const outer = new ProblemError({ what: 'The step stopped', cause: causeOf(new ProblemError(problem)), fix: 'fix the path' })
    expect(outer.message).toBe('The step stopped (The findings file of scan 7 could not be written (EACCES: permission denied)): fix the path.')
  })

  it('keeps a thrown error that has no parts as its own message', () => {
    expect(causeOf(new Error("ENOENT: no such file or directory, open '/x'"))).toBe("ENOENT: no such file or directory, open '/x'")
    expect(causeOf('plain')).toBe('plain')
    expect(causeOf(new InputError('A sentence written whole.'))).toBe('A sentence written whole.')
  })

  it('lets the error types carry their parts', () => {
    const error = new S4EApiError({ what: 'S4E answered HTTP 404 to GET /api/assets', fix: 'check api-url' }, 404, undefined)
    expect(error.message).toBe('S4E answered HTTP 404 to GET /api/assets: check api-url.')
    expect(error.problem?.fix).toBe('check api-url')
    expect(error).toBeInstanceOf(ProblemError)
  })
})
