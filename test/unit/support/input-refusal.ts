import { expect } from 'vitest'
import { InputError } from '../../../src/core/errors.js'

/** The sentence of the InputError `work` throws; fails the test when it throws none, or another error. */
export function inputRefusalOf(work: () => unknown): string {
  try {
    work()
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return (error as Error).message
  }
  return expect.fail('the input should have been refused')
}
