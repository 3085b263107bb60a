import * as log from '../../core/log.js'
import type { Finding, Severity } from '../../core/api-types.js'
import { redactSecrets } from '../../core/secrets.js'
import { redactFinding } from './redacted-finding.js'
import type { ScanReport } from '../scan-report.js'

/**
 * GitHub shows at most 10 error and 10 warning annotations per step. The verdict takes one error
 * and the step's failure message (log.setFailed) another, so findings get the other 8.
 */
export const MAX_FINDING_ANNOTATIONS = 8

const ERROR_SEVERITIES = new Set<Severity>(['critical', 'high'])

function assetLabel(report: ScanReport): string {
  return redactSecrets(report.asset.name ?? report.asset.id)
}

function countsSentence(report: ScanReport): string {
  const parts = Object.entries(report.gate.countsBySeverity)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`)
  return parts.length > 0 ? parts.join(', ') : 'none'
}

function findingMessage(finding: Finding): string {
  const cvss = finding.cvss !== undefined ? `, CVSS ${finding.cvss}` : ''
  const where = finding.url !== undefined ? ` at ${finding.url}` : ''
  // The id is what the ignore input takes.
  return `${finding.title} (${finding.severity}${cvss}, finding id ${finding.id})${where}.`
}

/**
 * Annotations for the run page: one error with the verdict when the gate tripped, then one per
 * finding at or above the threshold (critical/high as errors, the rest as warnings), capped, with
 * a notice saying how many more there are.
 */
export function emitGateAnnotations(report: ScanReport): void {
  const { gate } = report
  const asset = assetLabel(report)
  const above = gate.atOrAboveThreshold
  if (gate.verdict === 'failed') {
    const plural = above.length === 1 ? 'finding' : 'findings'
    log.error(
      `S4E gate failed on ${asset}: ${above.length} open ${plural} at or above ${gate.threshold} in scan ${redactSecrets(report.scan.scanId)} (counted: ${countsSentence(report)}).`,
      { title: `S4E gate failed (fail-on: ${gate.threshold})` }
    )
  }
  for (const raw of above.slice(0, MAX_FINDING_ANNOTATIONS)) {
    const finding = redactFinding(raw)
    const annotate = ERROR_SEVERITIES.has(finding.severity) ? log.error : log.warning
    annotate(findingMessage(finding), { title: `S4E ${finding.severity}: ${finding.title}` })
  }
  const more = above.length - MAX_FINDING_ANNOTATIONS
  if (more > 0) {
    log.notice(
      `${more} more S4E ${more === 1 ? 'finding' : 'findings'} at or above ${gate.threshold} on ${asset} are not annotated: see the job summary or the findings file.`,
      { title: 'More S4E findings' }
    )
  }
}
