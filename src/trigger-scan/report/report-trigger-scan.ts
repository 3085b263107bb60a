import * as core from '@actions/core'
import * as log from '../../core/log.js'
import { SEVERITIES, type Severity } from '../../core/api-types.js'
import { jsonArrayWithin, MAX_OUTPUT_BYTES } from '../../core/output-limits.js'
import { sentenceOf, type Problem } from '../../core/problem.js'
import { redactSecrets } from '../../core/secrets.js'
import { AnnotationBudget, emitStepVerdicts } from './annotations.js'
import { SEVERITY_COUNT_OUTPUT, TriggerScanOutput } from '../names.js'
import { gateFailedProblem, scanErrorProblem } from './outcome-messages.js'
import { upsertPullRequestComment, type CommentSubject } from './pr-comment.js'
import { NO_FILES, writeReportFiles, type WrittenFiles } from './report-files.js'
import { PR_COMMENT_MAX_LENGTH, renderRunMarkdown } from './report-markdown.js'
import { countsObject, overallGate, overallStatus, runReportOf, type RunReport, type ScanFacts } from './report-model.js'
import type { ScanOutcome, TriggerScanRun } from '../scan-outcome.js'
import { writeScansFile } from '../scans-file.js'
import type { ScanReport } from '../scan-report.js'
import { writeRunSummary, writeSkippedSummary } from './scan-summary.js'
import type { AssetTarget, ReportSettings, TriggerScanInputs } from '../trigger-scan-inputs.js'

export type { WrittenFiles } from './report-files.js'

export type TriggerScanOutputName = (typeof TriggerScanOutput)[keyof typeof TriggerScanOutput]
/** Every output of a run, each with its one value. */
export type TriggerScanOutputValues = Record<TriggerScanOutputName, string>

/** How the step ends for one scan: a line of log, a warning, or a failure. */
export interface ScanVerdict {
  level: 'info' | 'warning' | 'failure'
  message: string
  /** The report whose tripped gate gets annotations. */
  annotate?: ScanReport
}

/** One entry of the scans output: a scan's own outputs, with new-count and baseline-scan-id when a baseline is used. */
function scanEntry(fact: ScanFacts, withBaseline: boolean): Record<string, unknown> {
  return {
    asset: fact.asset,
    'asset-id': fact.assetId,
    'scan-id': fact.scanId,
    // A fan-in step reads it back, so its baseline and SARIF category are this scan's own.
    'scan-type': fact.scanType,
    status: fact.status,
    gate: fact.gate,
    'findings-count': fact.counted,
    counts: countsObject(fact.counts),
    ...(withBaseline ? { 'new-count': fact.newCount, 'baseline-scan-id': fact.baselineScanId } : {})
  }
}

/** Every entry of the scans output, uncut. */
export function scanEntries(facts: readonly ScanFacts[], withBaseline: boolean): Record<string, unknown>[] {
  return facts.map((fact) => scanEntry(fact, withBaseline))
}

export interface OutputOptions {
  /** A baseline input was given: each entry of the scans output carries new-count and baseline-scan-id. */
  withBaseline?: boolean
}

/** What the runner adds around each output in the file-command format (name, delimiters, line ends). */
const OUTPUT_FRAMING_BYTES = 128

/** Bytes an output takes in GITHUB_OUTPUT. */
function outputBytes(name: string, value: string): number {
  return Buffer.byteLength(name) + Buffer.byteLength(value) + OUTPUT_FRAMING_BYTES
}

/** The value of every output, from the outcomes (none when the run was refused or skipped) and the files written; all of them within GitHub's 1 MB. */
export function outputValues(scans: readonly ScanOutcome[], files: WrittenFiles, options: OutputOptions = {}): TriggerScanOutputValues {
  const facts = runReportOf(scans, options.withBaseline === true).facts
  const sum = (pick: (fact: ScanFacts) => number) => String(facts.reduce((total, fact) => total + pick(fact), 0))
  const severityCounts = Object.fromEntries(SEVERITIES.map((severity) => [SEVERITY_COUNT_OUTPUT[severity], sum((fact) => fact.counts[severity])])) as Record<
    (typeof SEVERITY_COUNT_OUTPUT)[Severity],
    string
  >
  const others = {
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
    // Set by reportTriggerScanRun once the file is written.
    [TriggerScanOutput.scansFile]: ''
  }
  // The scans output gets what the others leave of the step's 1 MB; the findings file holds every scan.
  const used = Object.entries(others).reduce((total, [name, value]) => total + outputBytes(name, value), outputBytes(TriggerScanOutput.scans, ''))
  return { ...others, [TriggerScanOutput.scans]: jsonArrayWithin(scanEntries(facts, options.withBaseline === true), Math.max(2, MAX_OUTPUT_BYTES - used)).json }
}

/** The log line saying the scans output was cut, when it was. */
function scansOutputNote(values: TriggerScanOutputValues, total: number): string | undefined {
  const kept = (JSON.parse(values[TriggerScanOutput.scans]) as unknown[]).length
  if (kept >= total) return undefined
  return `The ${TriggerScanOutput.scans} output holds only the first ${kept} of ${total} scans, because all outputs of a step must stay under GitHub's 1 MB: read every scan from the file named by the ${TriggerScanOutput.scansFile} output.`
}

// No trigger-scan output is a secret, and several carry server strings (asset names, statuses, ids).
function setOutputs(values: TriggerScanOutputValues): void {
  for (const [name, value] of Object.entries(values)) core.setOutput(name, redactSecrets(value))
}

/**
 * How one scan ends the step: a tripped gate and a broken scan fail with different sentences.
 * fail-on-scan-error: false makes a warning of a scan the server reports as not completed (failed,
 * cancelled), a wait that timed out, or a scan with more findings than a step reads (status failed,
 * gate skipped: never a pass); never of another broken one (a request that failed, a listing that
 * is not a listing): it fails closed whatever the input says (docs/design.md, "What fails closed").
 */
export function verdictOf(outcome: ScanOutcome, inputs: Pick<TriggerScanInputs, 'request' | 'report'>): ScanVerdict {
  if (outcome.kind === 'broken') {
    const excused = outcome.asScanError === true && !inputs.report.failOnScanError
    return { level: excused ? 'warning' : 'failure', message: outcome.message }
  }
  const { report } = outcome
  if (!inputs.request.wait) {
    return { level: 'info', message: `Scan ${report.scan.scanId} is ${report.scan.status}; wait is false, so the gate was not evaluated.` }
  }
  if (report.scan.status !== 'completed') {
    return { level: inputs.report.failOnScanError ? 'failure' : 'warning', message: sentenceOf(scanErrorProblem(report, inputs.request.timeoutMs)) }
  }
  if (report.gate.verdict === 'failed') return { level: 'failure', message: sentenceOf(gateFailedProblem(report)), annotate: report }
  const counted = report.gate.counted.length
  const rule = report.gate.threshold === 'none' ? 'fail-on is none' : `none at or above ${report.gate.threshold}`
  return { level: 'info', message: `The S4E gate passed: ${counted} open finding(s) counted, ${rule} (scan ${report.scan.scanId}).` }
}

/** No SARIF log when a scan broke: its asset's results would be missing from its scan type's run, and code scanning would close its alerts. */
function sarifSettingsOf(scans: readonly ScanOutcome[], settings: ReportSettings): ReportSettings {
  const broken = scans.filter((outcome) => outcome.kind === 'broken').length
  if (settings.sarifFile === '' || broken === 0) return settings
  log.info(`No SARIF log was written: ${broken} of ${scans.length} scans broke, so code scanning keeps its alerts as they were instead of closing them.`)
  return { ...settings, sarifFile: '' }
}

/** The key of the one PR comment of several assets: the assets as given, so every run of the same set finds it again. */
export function assetSetKey(targets: readonly AssetTarget[]): string {
  return targets
    .map((target) => ('assetId' in target ? target.assetId : target.assetName.toLowerCase()))
    .sort()
    .join(' ')
}

/** What the one PR comment is about: one asset keeps its id as the marker (so earlier comments are found again), a set its key. */
function commentSubject(model: RunReport, targets: readonly AssetTarget[]): CommentSubject {
  const [only] = model.reports
  const generatedAt = model.reports.at(-1)?.generatedAt ?? ''
  if (targets.length === 1 && only !== undefined) return { asset: { id: only.asset.id }, generatedAt }
  // A fan-in step names no assets, so its comment is keyed by the assets its scans were of.
  const key = targets.length > 0 ? assetSetKey(targets) : [...new Set(model.facts.map((fact) => fact.assetId))].sort().join(' ')
  return { asset: { id: key }, generatedAt }
}

/**
 * Reports one step's scanning work, once, whatever the number of assets: every output exactly once
 * (so they are set whatever happens next), then the job summary, the PR comment, annotations and
 * the verdict. The one place that writes trigger-scan outputs, for s4e-trigger-scan and the
 * pipeline alike. `annotations` is the step's one budget, made before the step printed anything.
 */
export async function reportTriggerScanRun(run: TriggerScanRun, annotations: AnnotationBudget = new AnnotationBudget()): Promise<void> {
  if (run.kind === 'refused') {
    setOutputs(outputValues([], NO_FILES))
    log.setFailed(redactSecrets(run.message))
    return
  }
  if (run.kind === 'skipped') {
    log.warning(run.reason)
    const values = outputValues([], NO_FILES)
    setOutputs({ ...values, [TriggerScanOutput.scansFile]: await writeScansFile(run.inputs.report.scansFile, [], []) })
    if (run.inputs.report.summary)
      await writeSkippedSummary('No S4E credentials were available to this run (on-missing-credentials: skip), so no scan ran and the gate was not evaluated.')
    return
  }

  const { inputs, scans } = run
  const settings = inputs.report
  const withBaseline = inputs.request.baseline !== undefined
  const model = runReportOf(scans, withBaseline)
  const problems: Problem[] = []
  // Stricter, never laxer: a baseline that could not be found is a warning, and the gate counted every finding.
  for (const report of model.reports) if (report.baseline?.state === 'missing') annotations.warning(redactSecrets(report.baseline.reason))
  const files = await writeReportFiles(model, sarifSettingsOf(scans, settings), problems, annotations)
  const values = outputValues(scans, files, { withBaseline })
  // The scans file holds every scan, even when the scans output had to be cut.
  const scansFile = await writeScansFile(settings.scansFile, scanEntries(model.facts, withBaseline), problems)
  setOutputs({ ...values, [TriggerScanOutput.scansFile]: scansFile })
  const cut = scansOutputNote(values, scans.length)
  if (cut !== undefined) annotations.warning(cut)

  if (model.reports.length > 0) {
    if (settings.summary) await writeRunSummary(model)
    if (settings.prComment) {
      const body = renderRunMarkdown(model, { maxLength: PR_COMMENT_MAX_LENGTH })
      await upsertPullRequestComment({ githubToken: settings.githubToken, report: commentSubject(model, inputs.request.targets), body })
    }
  }
  emitStepVerdicts(
    scans.map((outcome) => verdictOf(outcome, inputs)),
    problems,
    annotations
  )
}
