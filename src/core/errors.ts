/**
 * Error types the actions tell apart. Every one carries its parts (see problem.ts) and its message
 * is one sentence a user can act on; redaction of secrets happens where errors are reported (see
 * action-runner.ts).
 */
import { type Problem, ProblemError } from './problem.js'

/** Bad or contradictory configuration, found before any request is sent. */
export class InputError extends ProblemError {
  override readonly name: string = 'InputError'
}

/** No credentials at all; callers may choose to skip instead of failing (fork pull requests). */
export class MissingCredentialsError extends InputError {
  override readonly name: string = 'MissingCredentialsError'
}

/** The S4E API answered with an error we will not retry, or retries ran out. */
export class S4EApiError extends ProblemError {
  override readonly name: string = 'S4EApiError'
  constructor(
    problem: Problem | string,
    readonly status: number | undefined,
    readonly code: string | undefined
  ) {
    super(problem)
  }
}

/**
 * A non-idempotent request may or may not have been processed (timeout, reset, 5xx after
 * sending): the caller must check the server state before trying again.
 */
export class AmbiguousRequestError extends S4EApiError {
  override readonly name: string = 'AmbiguousRequestError'
}

/** The access token expired and this step has nothing to renew it with. */
export class TokenExpiredError extends ProblemError {
  override readonly name: string = 'TokenExpiredError'
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  return String(error)
}
