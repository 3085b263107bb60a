// Annotations of a scan step: the runner shows 10 error and 10 warning annotations per step and
// drops the rest without a word (docs/design.md, section "Annotations"), so every error and warning
// of the step goes through one budget, the most severe findings first, then one line naming how
// many more the summary lists.
import * as core from '@actions/core'
import * as log from '../../core/log.js'
import type { Finding, Severity } from '../../core/api-types.js'
import { compareSeverity, isAtOrAbove } from '../../core/severity.js'
import { sentenceOf, type Problem } from '../../core/problem.js'
import { redactSecrets } from '../../core/secrets.js'
import { redactFinding } from './redacted-finding.js'
import type { FailOn, ScanReport } from '../scan-report.js'

/** What the runner shows of each kind in one step. */
export const MAX_ERROR_ANNOTATIONS = 10
export const MAX_WARNING_ANNOTATIONS = 10

/** Findings at or above this severity are error annotations; the rest are warnings. */
const ERROR_FROM: Severity = 'high'

/**
 * The step's annotations: at most 10 errors and 10 warnings. Made once per step (in the step's main,
 * before anything is printed), it routes every warning and error of the step through itself, the
 * ones printed before the report (inputs, credentials, polling, paging, creates) included. A
 * message over the budget is printed as a plain log line instead (and counted); a failure over the
 * budget still fails the step.
 */
export class AnnotationBudget implements log.AnnotationGate {
  private errors = 0
  private warnings = 0
  /** Errors kept for failure sentences still to come. */
  private reserved = 0
  /** Errors and warnings printed as plain lines because the budget was spent. */
  unannotated = 0

  constructor() {
    log.routeAnnotationsThrough(this)
  }

  get errorsLeft(): number {
    return MAX_ERROR_ANNOTATIONS - this.errors - this.reserved
  }

  /** Keeps errors (up to what is left) for failure sentences emitted later, so annotations cannot take them. */
  reserve(count: number): void {
    this.reserved += Math.max(0, Math.min(count, this.errorsLeft))
  }

  get warningsLeft(): number {
    return MAX_WARNING_ANNOTATIONS - this.warnings
  }

  /** Whether one more of this kind may be an annotation; counts it either way. */
  admit(kind: 'warning' | 'error'): boolean {
    const left = kind === 'warning' ? this.warningsLeft : this.errorsLeft
    if (left <= 0) {
      this.unannotated++
      return false
    }
    if (kind === 'warning') this.warnings++
    else this.errors++
    return true
  }

  /** An error annotation while the budget lasts (else a plain line); whether it was one. */
  error(message: string, properties?: core.AnnotationProperties): boolean {
    const before = this.unannotated
    log.error(message, properties)
    return this.unannotated === before
  }

  /** A warning annotation while the budget lasts (else a plain line); whether it was one. */
  warning(message: string, properties?: core.AnnotationProperties): boolean {
    const before = this.unannotated
    log.warning(message, properties)
    return this.unannotated === before
  }

  /** Ends the step's routing: later lines (another step in the same process, a test) are not counted here. */
  close(): void {
    log.routeAnnotationsThrough(undefined)
  }

  /** Fails the step with the sentence: an error annotation while the budget lasts, else a plain line. */
  fail(message: string): void {
    if (this.reserved > 0 || this.errorsLeft > 0) {
      if (this.reserved > 0) this.reserved--
      this.errors++
      log.setFailed(message)
      return
    }
    process.exitCode = core.ExitCode.Failure
    this.unannotated++
    log.info(message)
  }
}

/** How one scan ends the step: a line of log, a warning, or a failure (with the report when its gate tripped). */
export interface StepVerdict {
  level: 'info' | 'warning' | 'failure'
  message: string
  annotate?: ScanReport
}

function assetLabel(report: ScanReport): string {
  return redactSecrets(report.asset.name ?? report.asset.id)
}

function findingMessage(finding: Finding, asset: string): string {
  const cvss = finding.cvss !== undefined ? `, CVSS ${finding.cvss}` : ''
  const where = finding.url !== undefined ? ` at ${finding.url}` : ''
  // The id is what the ignore input takes.
  return `${finding.title} (${finding.severity}${cvss}, finding id ${finding.id})${where} on ${asset}.`
}

function thresholdsOf(reports: readonly ScanReport[]): string {
  return [...new Set<FailOn>(reports.map((report) => report.gate.threshold))].join(' or ')
}

/** The step's failure sentence when the gates of several assets tripped; each asset's own sentence goes to the log. */
export function gatesFailedMessage(tripped: number, assets: number, reports: readonly ScanReport[]): string {
  const findings = reports.reduce((total, report) => total + report.gate.atOrAboveThreshold.length, 0)
  return `The S4E gate failed on ${tripped} of ${assets} assets: ${findings} open finding${findings === 1 ? '' : 's'} at or above ${thresholdsOf(reports)} in all; the log above has each asset's verdict and the job summary lists the findings.`
}

/**
 * Annotations for the findings of every tripped gate of the step, the most severe first across
 * assets (critical/high as errors, the rest as warnings) while the budget lasts, then one notice
 * naming how many more the summary lists.
 */
export function emitFindingAnnotations(reports: readonly ScanReport[], budget: AnnotationBudget): void {
  const above = reports
    .flatMap((report) => report.gate.atOrAboveThreshold.map((finding) => ({ finding: redactFinding(finding), asset: assetLabel(report) })))
    .sort((a, b) => compareSeverity(a.finding.severity, b.finding.severity) || (b.finding.cvss ?? -1) - (a.finding.cvss ?? -1))
  let notAnnotated = 0
  for (const { finding, asset } of above) {
    const asError = isAtOrAbove(finding.severity, ERROR_FROM)
    const left = asError ? budget.errorsLeft : budget.warningsLeft
    if (left <= 0) {
      notAnnotated++
      continue
    }
    const properties = { title: `S4E ${finding.severity}: ${finding.title}` }
    if (asError) budget.error(findingMessage(finding, asset), properties)
    else budget.warning(findingMessage(finding, asset), properties)
  }
  const inLog = budget.unannotated
  if (notAnnotated === 0 && inLog === 0) return
  const parts = [
    ...(notAnnotated > 0
      ? [`${notAnnotated} more S4E ${notAnnotated === 1 ? 'finding' : 'findings'} at or above ${thresholdsOf(reports)} are not annotated`]
      : []),
    ...(inLog > 0 ? [`${inLog} more ${inLog === 1 ? 'error or warning is' : 'errors and warnings are'} in the log only`] : [])
  ]
  log.notice(
    `${parts.join(', and ')} (GitHub shows ${MAX_ERROR_ANNOTATIONS} error and ${MAX_WARNING_ANNOTATIONS} warning annotations per step): the job summary lists every finding, and the findings file has them all.`,
    { title: 'More S4E findings' }
  )
}

/**
 * How the step ends, through the budget: each scan's line or warning; the findings of the tripped
 * gates (errors kept back for the failures); then the failures, last as the runner shows them: with
 * several tripped gates one sentence for the step (each gate's own sentence as a line of log), and
 * the problems (files not written).
 */
export function emitStepVerdicts(verdicts: readonly StepVerdict[], problems: readonly Problem[], budget: AnnotationBudget): void {
  const tripped = verdicts.flatMap((verdict) => (verdict.annotate !== undefined ? [verdict.annotate] : []))
  const failures: string[] = []
  for (const verdict of verdicts) {
    const message = redactSecrets(verdict.message)
    if (verdict.level === 'info') log.info(message)
    else if (verdict.level === 'warning') budget.warning(message)
    else if (verdict.annotate === undefined || tripped.length === 1) failures.push(message)
    else log.info(message)
  }
  if (tripped.length > 1) failures.push(gatesFailedMessage(tripped.length, verdicts.length, tripped))
  failures.push(...problems.map((problem) => redactSecrets(sentenceOf(problem))))
  budget.reserve(failures.length)
  emitFindingAnnotations(tripped, budget)
  for (const failure of failures) budget.fail(failure)
}
