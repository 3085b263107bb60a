/**
 * Errors as data. A failure is kept as its parts (what happened, why, what to do) until one
 * function composes them into the sentence that the log, an annotation and the summary show, so
 * no sentence is ever trimmed, re-cased or patched to fit inside another.
 * See docs/design.md, section "Errors as data".
 */

/** A failure's parts. Each is a clause without a closing full stop. */
export interface Problem {
  /** What happened, starting with a capital: `The findings file of scan 7 could not be written`. */
  readonly what: string
  /** Why, when known, shown in brackets after `what`: `EACCES: permission denied`. Outside text goes here, never in `what`. */
  readonly cause?: string
  /** What to do, an imperative clause after a colon: `choose a findings-file path the job may write to`. */
  readonly fix?: string
}

/** The one sentence of a problem: `What (cause): fix.` */
export function sentenceOf(problem: Problem): string {
  return `${clauseOf(problem)}${problem.fix !== undefined && problem.fix !== '' ? `: ${problem.fix}` : ''}.`
}

/** A problem as the cause of another: what happened and why, without the fix or a full stop. */
export function clauseOf(problem: Problem): string {
  return `${problem.what}${problem.cause !== undefined && problem.cause !== '' ? ` (${problem.cause})` : ''}`
}

/**
 * An error that carries its parts; its message is their one sentence. A plain string is a
 * sentence written whole (older call sites); it is shown as it is and never cut to fit elsewhere.
 */
export class ProblemError extends Error {
  override readonly name: string = 'ProblemError'
  readonly problem: Problem | undefined
  constructor(problem: Problem | string, options?: ErrorOptions) {
    super(typeof problem === 'string' ? problem : sentenceOf(problem), options)
    this.problem = typeof problem === 'string' ? undefined : problem
  }
}

/**
 * The cause clause of anything thrown: a ProblemError's clause, else the error's own message as it
 * came (a Node error such as `EACCES: permission denied, open '/x'` has no closing full stop).
 */
export function causeOf(error: unknown): string {
  if (error instanceof ProblemError && error.problem !== undefined) return clauseOf(error.problem)
  if (error instanceof Error) return error.message
  return String(error)
}
