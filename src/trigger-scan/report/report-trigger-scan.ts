import * as core from '@actions/core'
import * as log from '../../core/log.js'
import { SEVERITIES } from '../../core/api-types.js'
import { redactSecrets } from '../../core/secrets.js'
import { emitGateAnnotations } from './annotations.js'
import { resolveWorkspacePath, writeFindingsFile } from './findings-file.js'
import { SEVERITY_COUNT_OUTPUT, TriggerScanOutput } from '../names.js'
import { gateFailedMessage, scanErrorMessage } from './outcome-messages.js'
import { upsertPullRequestComment } from './pr-comment.js'
import { PR_COMMENT_MAX_LENGTH, renderReportMarkdown } from './report-markdown.js'
import type { KnownSoFar } from '../scan/run-scan-and-gate.js'
import { writeSarifLog } from './sarif-log.js'
import type { ScanReport } from '../scan-report.js'
import { writeScanSummary, writeSkippedSummary } from './scan-summary.js'
import type { TriggerScanInputs } from '../trigger-scan-inputs.js'

export type TriggerScanOutcome = 'passed' | 'gate-failed' | 'scan-error' | 'scan-error-warned' | 'not-waited'

/** Every output, from what is known; the gate is `skipped` and the counts 0 until a gate ran. */
export function setKnownOutputs(known: KnownSoFar): void {
  core.setOutput(TriggerScanOutput.scanId, known.scanId ?? '')
  core.setOutput(TriggerScanOutput.assetId, known.assetId ?? '')
  core.setOutput(TriggerScanOutput.status, known.status ?? '')
  core.setOutput(TriggerScanOutput.gate, 'skipped')
  core.setOutput(TriggerScanOutput.findingsCount, '0')
  for (const severity of SEVERITIES) core.setOutput(SEVERITY_COUNT_OUTPUT[severity], '0')
  core.setOutput(TriggerScanOutput.findingsFile, '')
  core.setOutput(TriggerScanOutput.sarifFile, '')
}

function setReportOutputs(report: ScanReport): void {
  setKnownOutputs({ assetId: report.asset.id, scanId: report.scan.scanId, status: report.scan.status })
  core.setOutput(TriggerScanOutput.gate, report.gate.verdict)
  core.setOutput(TriggerScanOutput.findingsCount, String(report.gate.counted.length))
  for (const severity of SEVERITIES) core.setOutput(SEVERITY_COUNT_OUTPUT[severity], String(report.gate.countsBySeverity[severity]))
}

/** A run skipped for want of credentials (on-missing-credentials: skip): a warning, outputs, success. */
export async function reportSkippedRun(reason: string, inputs: Pick<TriggerScanInputs, 'report'>): Promise<void> {
  log.warning(`${reason} The S4E scan was skipped because on-missing-credentials is skip.`)
  setKnownOutputs({})
  if (inputs.report.summary) await writeSkippedSummary('No S4E credentials were available to this run (on-missing-credentials: skip), so no scan ran and the gate was not evaluated.')
}

/**
 * Reports a finished run: outputs first (so they are set whatever happens next), the findings file,
 * SARIF, the job summary, the PR comment, annotations, then the verdict: a tripped gate and a
 * broken scan fail the step with different sentences; fail-on-scan-error: false makes the latter a warning.
 */
export async function reportTriggerScan(report: ScanReport, inputs: TriggerScanInputs): Promise<TriggerScanOutcome> {
  const settings = inputs.report
  setReportOutputs(report)
  const completed = report.scan.status === 'completed'

  if (completed) {
    const file = await writeFindingsFile(settings.findingsFile, report)
    core.setOutput(TriggerScanOutput.findingsFile, file)
    log.info(`Wrote ${report.findings.length} finding(s) of scan ${report.scan.scanId} to ${file}.`)
    if (settings.sarifFile !== '') {
      const sarif = resolveWorkspacePath(settings.sarifFile)
      await writeSarifLog(sarif, report)
      core.setOutput(TriggerScanOutput.sarifFile, sarif)
      log.info(`Wrote the SARIF log of the gated findings to ${sarif}.`)
    }
  } else if (settings.sarifFile !== '') {
    // An empty SARIF log would tell code scanning that every earlier alert is fixed.
    log.info(`No SARIF log was written: scan ${report.scan.scanId} is ${report.scan.status}, so it has no findings to report.`)
  }

  if (settings.summary) await writeScanSummary(report)
  if (settings.prComment) {
    const body = renderReportMarkdown(report, { maxLength: PR_COMMENT_MAX_LENGTH })
    await upsertPullRequestComment({ githubToken: settings.githubToken, report, body })
  }

  if (!inputs.request.wait) {
    log.info(`Scan ${report.scan.scanId} is ${report.scan.status}; wait is false, so the gate was not evaluated.`)
    return 'not-waited'
  }
  if (!completed) {
    const message = redactSecrets(scanErrorMessage(report, inputs.request.timeoutMs))
    if (settings.failOnScanError) {
      log.setFailed(message)
      return 'scan-error'
    }
    log.warning(message)
    return 'scan-error-warned'
  }
  if (report.gate.verdict === 'failed') {
    emitGateAnnotations(report)
    log.setFailed(redactSecrets(gateFailedMessage(report)))
    return 'gate-failed'
  }
  const counted = report.gate.counted.length
  const rule = report.gate.threshold === 'none' ? 'fail-on is none' : `none at or above ${report.gate.threshold}`
  log.info(`The S4E gate passed: ${counted} open finding(s) counted, ${rule}.`)
  return 'passed'
}
