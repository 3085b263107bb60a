import { writeJobSummary } from '../../core/job-summary.js'
import { outsideText } from '../../core/markdown-text.js'
import { renderRunMarkdown, SUMMARY_MAX_LENGTH } from './report-markdown.js'
import type { RunReport } from './report-model.js'

/** Appends the step's report to the job summary: one row per asset, then the top findings across all. */
export async function writeRunSummary(model: RunReport): Promise<void> {
  await writeJobSummary(renderRunMarkdown(model, { maxLength: SUMMARY_MAX_LENGTH }))
}

/** The job summary of a skipped run (no credentials with on-missing-credentials: skip). */
export async function writeSkippedSummary(reason: string): Promise<void> {
  await writeJobSummary(`### ⏭️ S4E scan skipped\n\n${outsideText(reason, 2000)}\n`)
}
