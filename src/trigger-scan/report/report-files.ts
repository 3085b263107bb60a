import * as log from '../../core/log.js'
import { causeOf, type Problem } from '../../core/problem.js'
import { findingsFileLine, resolveWorkspacePath, writeFindingsFile } from './findings-file.js'
import { scansNamed, type RunReport } from './report-model.js'
import { writeSarifLog, writeSarifLogOfScans } from './sarif-log.js'
import type { ScanReport } from '../scan-report.js'
import type { ReportSettings } from '../trigger-scan-inputs.js'

/** Paths of the files a run wrote; empty when not written. */
export interface WrittenFiles {
  findingsFile: string
  sarifFile: string
}

export const NO_FILES: WrittenFiles = { findingsFile: '', sarifFile: '' }

/** The one place that writes SARIF: the SARIF helper's writeSarifLog(path, reports) takes its place. */
async function writeSarif(file: string, completed: readonly ScanReport[]): Promise<void> {
  if (completed.length === 1 && completed[0] !== undefined) await writeSarifLog(file, completed[0])
  else await writeSarifLogOfScans(file, completed)
}

/**
 * Writes the findings file and the SARIF log of the completed scans, once for the whole step. A file
 * that cannot be written is a problem reported with the verdict; the other file is still written.
 */
export async function writeReportFiles(model: RunReport, settings: ReportSettings, problems: Problem[]): Promise<WrittenFiles> {
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
    await writeSarif(sarif, completed)
    files.sarifFile = sarif
    log.info(`Wrote the SARIF log of the gated findings of ${scans} to ${sarif}.`)
  } catch (error) {
    problems.push({ what: `The SARIF log of ${scans} could not be written`, cause: causeOf(error), fix: 'choose a sarif-file path the job may write to' })
  }
  return files
}
