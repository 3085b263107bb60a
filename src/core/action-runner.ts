import * as log from './log.js'
import { errorMessage } from './errors.js'
import { redactSecrets } from './secrets.js'
import type { Timing } from './timing.js'

/** What tests inject into an action's run(): the clock, and the signals that cancel a wait. */
export interface ActionRunOptions {
  timing?: Timing
  /** Signals that end a long wait early; default SIGINT and SIGTERM (what the runner sends on cancel). */
  signals?: NodeJS.Signals[]
}

/**
 * The one catch of every action: any error becomes a failed step with a redacted, one-sentence
 * message. Stack traces stay out of the log: they can hold request details.
 */
export async function runAction(work: () => Promise<void>): Promise<void> {
  try {
    await work()
  } catch (error) {
    log.setFailed(redactSecrets(errorMessage(error)))
  }
}
