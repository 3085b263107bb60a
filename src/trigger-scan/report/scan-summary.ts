import * as core from '@actions/core'
import { renderReportMarkdown, SUMMARY_MAX_LENGTH } from './report-markdown.js'
import { renderScansMarkdown } from './scans-markdown.js'
import type { ScanOutcome } from '../scan-outcome.js'
import type { ScanReport } from '../scan-report.js'

/** Appends the report to the job summary. */
export async function writeScanSummary(report: ScanReport): Promise<void> {
  await core.summary.addRaw(renderReportMarkdown(report, { maxLength: SUMMARY_MAX_LENGTH })).write()
}

/** Appends the report of several assets' scans to the job summary: one row per asset, then the top findings across all. */
export async function writeScansSummary(outcomes: readonly ScanOutcome[]): Promise<void> {
  await core.summary.addRaw(renderScansMarkdown(outcomes, { maxLength: SUMMARY_MAX_LENGTH })).write()
}

/** The job summary of a skipped run (no credentials with on-missing-credentials: skip). */
export async function writeSkippedSummary(reason: string): Promise<void> {
  await core.summary.addRaw(`### ⏭️ S4E scan skipped\n\n${reason.replace(/[<>&|@]/g, ' ')}\n`).write()
}
