import { idOf, normaliseStatus, type Finding } from '../../core/api-types.js'
import { compareBySeverity, emptySeverityCounts, isAtOrAbove } from '../../core/severity.js'
import type { FailOn, GateResult } from '../scan-report.js'

// report/* still takes these from here; the one order lives in src/core/severity.ts.

/** Statuses of findings someone already triaged on S4E, after normaliseStatus (docs/api.md, "Severities and statuses"). */
export const TRIAGED_STATUSES: ReadonlySet<string> = new Set(['false_positive', 'accepted', 'accepted_risk', 'resolved', 'fixed', 'no_action_required'])

export interface GateOptions {
  /** Only findings of this scan count; a finding naming another scan is left out. */
  scanId: string
  failOn: FailOn
  /** Finding ids or exact titles. */
  ignore: readonly string[]
  /** Open findings already in the baseline, left out of the gate (gate-on: new). */
  existing?: ReadonlySet<Finding>
}

export function isTriaged(finding: Finding): boolean {
  // The core already normalises; doing it again (it is idempotent) keeps the gate right for findings built elsewhere.
  return TRIAGED_STATUSES.has(normaliseStatus(finding.status))
}

/**
 * docs/api.md, "Ids": a finding belongs to this scan when it names no scan, or names it trimmed and in any letter case;
 * fails closed: a finding listed under this scan in another case (`S-2001`, an upper-case UUID) is counted, never left out.
 */
export function isOfScan(finding: Finding, scanId: string): boolean {
  return finding.scanId === undefined || finding.scanId.toLowerCase() === idOf(scanId)?.toLowerCase()
}

/** The findings of this scan: one naming another scan is left out. */
export function ofScan(findings: readonly Finding[], scanId: string): Finding[] {
  return findings.filter((finding) => isOfScan(finding, scanId))
}

/** The gate: counts the open findings of this scan that are not ignored, and fails at or above fail-on. */
export function gateFindings(findings: readonly Finding[], options: GateOptions): GateResult {
  const ignored = new Set(options.ignore.map((entry) => entry.trim()).filter((entry) => entry !== ''))
  const counted: Finding[] = []
  const leftOut = { triaged: 0, ignored: 0, existing: 0 }
  for (const finding of ofScan(findings, options.scanId)) {
    if (isTriaged(finding)) leftOut.triaged++
    else if (ignored.has(finding.id) || ignored.has(finding.title)) leftOut.ignored++
    else if (options.existing?.has(finding) === true) leftOut.existing++
    else counted.push(finding)
  }
  const countsBySeverity = emptySeverityCounts()
  for (const finding of counted) countsBySeverity[finding.severity]++
  const atOrAboveThreshold = counted.filter((finding) => isAtOrAbove(finding.severity, options.failOn)).sort(compareBySeverity)
  return {
    verdict: atOrAboveThreshold.length > 0 ? 'failed' : 'passed',
    threshold: options.failOn,
    counted,
    countsBySeverity,
    atOrAboveThreshold,
    leftOut
  }
}

/** The gate when it was not evaluated (wait: false, a broken scan, no credentials). */
export function skippedGate(failOn: FailOn): GateResult {
  return {
    verdict: 'skipped',
    threshold: failOn,
    counted: [],
    countsBySeverity: emptySeverityCounts(),
    atOrAboveThreshold: [],
    leftOut: { triaged: 0, ignored: 0, existing: 0 }
  }
}
