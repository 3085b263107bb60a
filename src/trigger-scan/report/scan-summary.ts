import * as core from '@actions/core'
import { renderReportMarkdown, SUMMARY_MAX_LENGTH } from './report-markdown.js'
import type { ScanReport } from '../scan-report.js'

/** Appends the report to the job summary. */
export async function writeScanSummary(report: ScanReport): Promise<void> {
  await core.summary.addRaw(renderReportMarkdown(report, { maxLength: SUMMARY_MAX_LENGTH })).write()
}

/** The job summary of a skipped run (no credentials with on-missing-credentials: skip). */
export async function writeSkippedSummary(reason: string): Promise<void> {
  await core.summary.addRaw(`### ⏭️ S4E scan skipped\n\n${reason.replace(/[<>&|@]/g, ' ')}\n`).write()
}
