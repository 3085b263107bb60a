/**
 * The one job-summary contract of every action: the summary is a report, so failing to write it
 * never changes the step's verdict. It is a warning, and the outputs and the gate stand.
 * See docs/design.md, section "The job summary".
 */
import * as core from '@actions/core'
import * as log from './log.js'
import { causeOf, sentenceOf } from './problem.js'

const SUMMARY_FILE_VARIABLE = 'GITHUB_STEP_SUMMARY'

/** GitHub drops a step's summary of 1 MiB or more. */
export const MAX_SUMMARY_BYTES = 1024 * 1024

/**
 * Appends Markdown (or HTML) to the job summary. Outside a runner (a local try-out) there is no
 * summary file, so nothing is written; a write that fails is one warning.
 */
export async function writeJobSummary(content: string): Promise<void> {
  if (!process.env[SUMMARY_FILE_VARIABLE]) return
  try {
    await core.summary.addRaw(content, true).write()
  } catch (error) {
    core.summary.emptyBuffer()
    log.warning(
      sentenceOf({
        what: 'The job summary could not be written',
        cause: causeOf(error),
        fix: 'the outputs and the verdict are set all the same, so read them in the log, or check that GITHUB_STEP_SUMMARY names a file the job may write'
      })
    )
  }
}
