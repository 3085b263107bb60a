import * as log from '../../core/log.js'
import { causeOf, type Problem } from '../../core/problem.js'
import { findingsFileLine, resolveWorkspacePath, writeFindingsFile } from './findings-file.js'
import { scansNamed, type RunReport } from './report-model.js'
import type { AnnotationBudget } from './annotations.js'
import { writeSarifLog, type SarifWritten } from './sarif-log.js'
import type { ReportSettings } from '../trigger-scan-inputs.js'

/** Paths of the files a run wrote; empty when not written. */
export interface WrittenFiles {
  findingsFile: string
  sarifFile: string
}

export const NO_FILES: WrittenFiles = { findingsFile: '', sarifFile: '' }

/** Says what the SARIF log left out (warnings through the step's budget); true when it was written. */
function sarifLeftOut(written: SarifWritten, annotations: AnnotationBudget): boolean {
  for (const note of written.notes) log.info(note)
  for (const warning of written.warnings) annotations.warning(warning)
  return written.written
}

/**
 * Writes the findings file and the SARIF log of the completed scans, once for the whole step. A file
 * that cannot be written is a problem reported with the verdict; the other file is still written.
 */
export async function writeReportFiles(model: RunReport, settings: ReportSettings, problems: Problem[], annotations: AnnotationBudget): Promise<WrittenFiles> {
  const { completed } = model
  const notCompleted = model.reports.filter((report) => report.scan.status !== 'completed').map((report) => `${report.scan.scanId} (${report.scan.status})`)
  if (completed.length === 0) {
    // An empty SARIF log would tell code scanning that every earlier alert is fixed.
    if (notCompleted.length > 0)
      log.info(`No findings file or SARIF log was written: no scan completed (${notCompleted.join(', ')}), so there are no findings to report.`)
    return NO_FILES
  }
  if (notCompleted.length > 0) log.info(`The findings file and the SARIF log leave out the scans that did not complete: ${notCompleted.join(', ')}.`)
  const scans = scansNamed(completed.map((report) => report.scan.scanId))
  const files: WrittenFiles = { ...NO_FILES }
  try {
    files.findingsFile = await writeFindingsFile(settings.findingsFile, completed, model.facts.length)
    log.info(findingsFileLine(completed, files.findingsFile))
  } catch (error) {
    problems.push({
      what: `The findings file of ${scans} could not be written`,
      cause: causeOf(error),
      fix: 'choose a findings-file path the job may write to'
    })
  }
  if (settings.sarifFile === '') return files
  const sarif = resolveWorkspacePath(settings.sarifFile)
  try {
    // Every report goes in: the run of a scan type with a scan that did not complete is left out.
    if (!sarifLeftOut(await writeSarifLog(sarif, model.reports), annotations)) return files
    files.sarifFile = sarif
    log.info(`Wrote the SARIF log of the gated findings of ${scans} to ${sarif}, one run per scan type.`)
  } catch (error) {
    problems.push({ what: `The SARIF log of ${scans} could not be written`, cause: causeOf(error), fix: 'choose a sarif-file path the job may write to' })
  }
  return files
}
