import * as core from '@actions/core'
import * as log from '../../core/log.js'
import { SEVERITIES, type Severity } from '../../core/api-types.js'
import { errorMessage } from '../../core/errors.js'
import { redactSecrets } from '../../core/secrets.js'
import { AnnotationBudget, emitStepVerdicts } from './annotations.js'
import { findingsFileLine, resolveWorkspacePath, writeFindingsFile, writeFindingsFileOfScans } from './findings-file.js'
import { SEVERITY_COUNT_OUTPUT, TriggerScanOutput } from '../names.js'
import { gateFailedMessage, scanErrorMessage } from './outcome-messages.js'
import { upsertPullRequestComment } from './pr-comment.js'
import { PR_COMMENT_MAX_LENGTH, renderReportMarkdown } from './report-markdown.js'
import { emptySeverityCounts } from '../scan/gate-findings.js'
import { writeSarifLog, type SarifWritten } from './sarif-log.js'
import { renderScansMarkdown } from './scans-markdown.js'
import type { ScanOutcome, TriggerScanRun } from '../scan-outcome.js'
import { writeScansFile } from '../scans-file.js'
import type { GateVerdict, ScanReport } from '../scan-report.js'
import { writeScanSummary, writeScansSummary, writeSkippedSummary } from './scan-summary.js'
import type { AssetTarget, ReportSettings, TriggerScanInputs } from '../trigger-scan-inputs.js'

export type TriggerScanOutputName = (typeof TriggerScanOutput)[keyof typeof TriggerScanOutput]
/** Every output of a run, each with its one value. */
export type TriggerScanOutputValues = Record<TriggerScanOutputName, string>

/** Paths of the files a run wrote; empty when not written. */
export interface WrittenFiles {
  findingsFile: string
  sarifFile: string
}

const NO_FILES: WrittenFiles = { findingsFile: '', sarifFile: '' }

/** How the step ends for one scan: a line of log, a warning, or a failure. */
export interface ScanVerdict {
  level: 'info' | 'warning' | 'failure'
  message: string
  /** The report whose tripped gate gets annotations. */
  annotate?: ScanReport
}

interface ScanFacts {
  /** The asset's name, else its id. */
  asset: string
  assetId: string
  scanId: string
  status: string
  gate: GateVerdict
  counts: Readonly<Record<Severity, number>>
  counted: number
  baselineScanId: string
  newCount: number
  existingCount: number
  fixedCount: number
}

function factsOf(outcome: ScanOutcome): ScanFacts {
  if (outcome.kind === 'broken') {
    const { known } = outcome
    return {
      asset: known.assetName ?? known.assetId ?? '',
      assetId: known.assetId ?? '',
      scanId: known.scanId ?? '',
      status: known.status ?? '',
      gate: 'skipped',
      counts: emptySeverityCounts(),
      counted: 0,
      baselineScanId: '',
      newCount: 0,
      existingCount: 0,
      fixedCount: 0
    }
  }
  const { report } = outcome
  const compared = report.baseline?.state === 'compared' ? report.baseline : undefined
  const gated = report.gate.verdict !== 'skipped'
  return {
    asset: report.asset.name ?? report.asset.id,
    assetId: report.asset.id,
    scanId: report.scan.scanId,
    status: report.scan.status,
    gate: report.gate.verdict,
    counts: report.gate.countsBySeverity,
    counted: report.gate.counted.length,
    baselineScanId: compared?.scanId ?? '',
    // Without a baseline to compare with, every open finding is new.
    newCount: compared !== undefined ? compared.match.new.length : gated ? report.gate.counted.length : 0,
    existingCount: compared?.match.existing.length ?? 0,
    fixedCount: compared?.match.fixed.length ?? 0
  }
}

const STATUS_PRECEDENCE = ['timed-out', 'failed', 'cancelled']

/** One status for several scans: completed when all completed, else the most telling one. */
function overallStatus(statuses: string[]): string {
  if (statuses.length <= 1) return statuses[0] ?? ''
  if (statuses.every((status) => status === 'completed')) return 'completed'
  return STATUS_PRECEDENCE.find((status) => statuses.includes(status)) ?? statuses.find((status) => status !== 'completed') ?? ''
}

function overallGate(gates: GateVerdict[]): GateVerdict {
  if (gates.includes('failed')) return 'failed'
  if (gates.length === 0 || gates.includes('skipped')) return 'skipped'
  return 'passed'
}

/** One entry of the scans output: a scan's own outputs, with new-count and baseline-scan-id when a baseline is used. */
function scanEntry(fact: ScanFacts, withBaseline: boolean): Record<string, unknown> {
  return {
    asset: fact.asset,
    'asset-id': fact.assetId,
    'scan-id': fact.scanId,
    status: fact.status,
    gate: fact.gate,
    'findings-count': fact.counted,
    counts: Object.fromEntries(SEVERITIES.map((severity) => [severity, fact.counts[severity]])),
    ...(withBaseline ? { 'new-count': fact.newCount, 'baseline-scan-id': fact.baselineScanId } : {})
  }
}

export interface OutputOptions {
  /** A baseline input was given: each entry of the scans output carries new-count and baseline-scan-id. */
  withBaseline?: boolean
}

/** The value of every output, from the outcomes (none when the run was refused or skipped) and the files written. */
export function outputValues(scans: readonly ScanOutcome[], files: WrittenFiles, options: OutputOptions = {}): TriggerScanOutputValues {
  const facts = scans.map(factsOf)
  const sum = (pick: (fact: ScanFacts) => number) => String(facts.reduce((total, fact) => total + pick(fact), 0))
  const severityCounts = Object.fromEntries(SEVERITIES.map((severity) => [SEVERITY_COUNT_OUTPUT[severity], sum((fact) => fact.counts[severity])])) as Record<
    (typeof SEVERITY_COUNT_OUTPUT)[Severity],
    string
  >
  return {
    [TriggerScanOutput.scanId]: facts.map((fact) => fact.scanId).join(' '),
    [TriggerScanOutput.assetId]: facts.map((fact) => fact.assetId).join(' '),
    [TriggerScanOutput.status]: overallStatus(facts.map((fact) => fact.status)),
    [TriggerScanOutput.gate]: overallGate(facts.map((fact) => fact.gate)),
    [TriggerScanOutput.findingsCount]: sum((fact) => fact.counted),
    ...severityCounts,
    [TriggerScanOutput.findingsFile]: files.findingsFile,
    [TriggerScanOutput.sarifFile]: files.sarifFile,
    [TriggerScanOutput.baselineScanId]: facts
      .map((fact) => fact.baselineScanId)
      .filter((id) => id !== '')
      .join(' '),
    [TriggerScanOutput.newCount]: sum((fact) => fact.newCount),
    [TriggerScanOutput.existingCount]: sum((fact) => fact.existingCount),
    [TriggerScanOutput.fixedCount]: sum((fact) => fact.fixedCount),
    [TriggerScanOutput.scans]: JSON.stringify(facts.map((fact) => scanEntry(fact, options.withBaseline === true))),
    // Set by reportTriggerScanRun once the file is written.
    [TriggerScanOutput.scansFile]: ''
  }
}

// No trigger-scan output is a secret, and several carry server strings (asset names, statuses, ids).
function setOutputs(values: TriggerScanOutputValues): void {
  for (const [name, value] of Object.entries(values)) core.setOutput(name, redactSecrets(value))
}

/** How one scan ends the step: a tripped gate and a broken scan fail with different sentences. */
export function verdictOf(outcome: ScanOutcome, inputs: Pick<TriggerScanInputs, 'request' | 'report'>, several = false): ScanVerdict {
  if (outcome.kind === 'broken') return { level: 'failure', message: outcome.message }
  const { report } = outcome
  if (!inputs.request.wait) {
    return { level: 'info', message: `Scan ${report.scan.scanId} is ${report.scan.status}; wait is false, so the gate was not evaluated.` }
  }
  if (report.scan.status !== 'completed') {
    return { level: inputs.report.failOnScanError ? 'failure' : 'warning', message: scanErrorMessage(report, inputs.request.timeoutMs) }
  }
  if (report.gate.verdict === 'failed') return { level: 'failure', message: gateFailedMessage(report), annotate: report }
  const counted = report.gate.counted.length
  const rule = report.gate.threshold === 'none' ? 'fail-on is none' : `none at or above ${report.gate.threshold}`
  // With several scans, each line says which scan passed.
  const which = several ? ` for scan ${report.scan.scanId}` : ''
  return { level: 'info', message: `The S4E gate passed${which}: ${counted} open finding(s) counted, ${rule}.` }
}

/** The findings file and SARIF log of each completed scan; a file that cannot be written is a problem reported with the verdict. */
async function writeFiles(reports: readonly ScanReport[], settings: ReportSettings, problems: string[], annotations: AnnotationBudget): Promise<WrittenFiles> {
  const findingsFiles: string[] = []
  const sarifFiles: string[] = []
  for (const report of reports) {
    if (report.scan.status !== 'completed') {
      // An empty SARIF log would tell code scanning that every earlier alert is fixed.
      if (settings.sarifFile !== '') log.info(`No SARIF log was written: scan ${report.scan.scanId} is ${report.scan.status}, so it has no findings to report.`)
      continue
    }
    try {
      const file = await writeFindingsFile(settings.findingsFile, report)
      findingsFiles.push(file)
      log.info(findingsFileLine(report, file))
    } catch (error) {
      problems.push(
        `The findings file of scan ${report.scan.scanId} could not be written (${errorMessage(error).replace(/\.$/, '')}): choose a findings-file path the job may write to.`
      )
    }
    if (settings.sarifFile === '') continue
    const sarif = resolveWorkspacePath(settings.sarifFile)
    try {
      if (!sarifLeftOut(await writeSarifLog(sarif, [report]), annotations)) continue
      sarifFiles.push(sarif)
      log.info(`Wrote the SARIF log of the gated findings to ${sarif}.`)
    } catch (error) {
      problems.push(
        `The SARIF log of scan ${report.scan.scanId} could not be written (${errorMessage(error).replace(/\.$/, '')}): choose a sarif-file path the job may write to.`
      )
    }
  }
  return { findingsFile: findingsFiles.join(' '), sarifFile: sarifFiles.join(' ') }
}

/** The one findings file and the one SARIF log (a run per scan) of the completed scans of several assets. */
async function writeFilesOfScans(
  reports: readonly ScanReport[],
  settings: ReportSettings,
  problems: string[],
  annotations: AnnotationBudget
): Promise<WrittenFiles> {
  const completed = reports.filter((report) => report.scan.status === 'completed')
  const notCompleted = reports.filter((report) => report.scan.status !== 'completed').map((report) => `${report.scan.scanId} (${report.scan.status})`)
  if (notCompleted.length > 0) log.info(`The findings file and the SARIF log leave out scans that did not complete: ${notCompleted.join(', ')}.`)
  if (completed.length === 0) return NO_FILES
  const ids = completed.map((report) => report.scan.scanId).join(', ')
  const files: WrittenFiles = { findingsFile: '', sarifFile: '' }
  try {
    files.findingsFile = await writeFindingsFileOfScans(settings.findingsFile, completed)
    log.info(`Wrote the findings of scans ${ids} to ${files.findingsFile}.`)
  } catch (error) {
    problems.push(
      `The findings file of scans ${ids} could not be written (${errorMessage(error).replace(/\.$/, '')}): choose a findings-file path the job may write to.`
    )
  }
  if (settings.sarifFile === '') return files
  const sarif = resolveWorkspacePath(settings.sarifFile)
  try {
    if (!sarifLeftOut(await writeSarifLog(sarif, reports), annotations)) return files
    files.sarifFile = sarif
    log.info(`Wrote the SARIF log of the gated findings of scans ${ids} to ${sarif}, one run per scan type.`)
  } catch (error) {
    problems.push(
      `The SARIF log of scans ${ids} could not be written (${errorMessage(error).replace(/\.$/, '')}): choose a sarif-file path the job may write to.`
    )
  }
  return files
}

/** No SARIF log when a scan broke: its asset's results would be missing from its scan type's run, and code scanning would close its alerts. */
function sarifSettingsOf(scans: readonly ScanOutcome[], settings: ReportSettings): ReportSettings {
  const broken = scans.filter((outcome) => outcome.kind === 'broken').length
  if (settings.sarifFile === '' || broken === 0) return settings
  log.info(`No SARIF log was written: ${broken} of ${scans.length} scans broke, so code scanning keeps its alerts as they were instead of closing them.`)
  return { ...settings, sarifFile: '' }
}

/** Says what the SARIF log left out (warnings through the step's budget); true when it was written. */
function sarifLeftOut(written: SarifWritten, annotations: AnnotationBudget): boolean {
  for (const note of written.notes) log.info(note)
  for (const warning of written.warnings) annotations.warning(warning)
  return written.written
}

/** The key of the one PR comment of several assets: the assets as given, so every run of the same set finds it again. */
export function assetSetKey(targets: readonly AssetTarget[]): string {
  return targets
    .map((target) => ('assetId' in target ? target.assetId : target.assetName.toLowerCase()))
    .sort()
    .join(' ')
}

/**
 * Reports one step's scanning work, once: every output exactly once (so they are set whatever
 * happens next), then the job summary, the PR comment, annotations and the verdict. The one place
 * that writes trigger-scan outputs, for s4e-trigger-scan and the pipeline alike.
 */
export async function reportTriggerScanRun(run: TriggerScanRun): Promise<void> {
  if (run.kind === 'refused') {
    setOutputs(outputValues([], NO_FILES))
    log.setFailed(redactSecrets(run.message))
    return
  }
  if (run.kind === 'skipped') {
    log.warning(run.reason)
    const values = outputValues([], NO_FILES)
    setOutputs({ ...values, [TriggerScanOutput.scansFile]: await writeScansFile(run.inputs.report.scansFile, values[TriggerScanOutput.scans], []) })
    if (run.inputs.report.summary)
      await writeSkippedSummary('No S4E credentials were available to this run (on-missing-credentials: skip), so no scan ran and the gate was not evaluated.')
    return
  }

  const { inputs, scans } = run
  const settings = inputs.report
  const several = scans.length > 1
  const reports = scans.flatMap((outcome) => (outcome.kind === 'reported' ? [outcome.report] : []))
  const problems: string[] = []
  // Every error and warning of the step from here on goes through one budget (the runner shows 10 of each).
  const annotations = new AnnotationBudget()
  // Stricter, never laxer: a baseline that could not be found is a warning, and the gate counted every finding.
  for (const report of reports) if (report.baseline?.state === 'missing') annotations.warning(redactSecrets(report.baseline.reason))
  const sarifSettings = sarifSettingsOf(scans, settings)
  const files = several
    ? await writeFilesOfScans(reports, sarifSettings, problems, annotations)
    : await writeFiles(reports, sarifSettings, problems, annotations)
  const values = outputValues(scans, files, { withBaseline: inputs.request.baseline !== undefined })
  setOutputs({ ...values, [TriggerScanOutput.scansFile]: await writeScansFile(settings.scansFile, values[TriggerScanOutput.scans], problems) })

  if (several && reports.length > 0) {
    // One summary and one comment for the whole set of assets.
    if (settings.summary) await writeScansSummary(scans)
    if (settings.prComment) {
      const body = renderScansMarkdown(scans, { maxLength: PR_COMMENT_MAX_LENGTH })
      const subject = { asset: { id: assetSetKey(inputs.request.targets) }, generatedAt: reports.at(-1)?.generatedAt ?? '' }
      await upsertPullRequestComment({ githubToken: settings.githubToken, report: subject, body })
    }
  }
  for (const report of several ? [] : reports) {
    if (settings.summary) await writeScanSummary(report)
    if (settings.prComment) {
      const body = renderReportMarkdown(report, { maxLength: PR_COMMENT_MAX_LENGTH })
      await upsertPullRequestComment({ githubToken: settings.githubToken, report, body })
    }
  }
  emitStepVerdicts(
    scans.map((outcome) => verdictOf(outcome, inputs, several)),
    problems,
    annotations
  )
}
