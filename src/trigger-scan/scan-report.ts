import type { Finding, Severity } from '../core/api-types.js'

/** `fail-on` values: a severity, or `none` to never fail on findings. */
export type FailOn = Severity | 'none'

export type GateVerdict = 'passed' | 'failed' | 'skipped'

/** What the gate decided, and from which findings. */
export interface GateResult {
  verdict: GateVerdict
  threshold: FailOn
  /** Findings the gate counted: open, of this scan, not ignored. */
  counted: Finding[]
  countsBySeverity: Record<Severity, number>
  /** Counted findings at or above the threshold, most severe first. */
  atOrAboveThreshold: Finding[]
  /** Left out of the gate: triaged (false positive, accepted, resolved, …) and `ignore`d. */
  leftOut: { triaged: number; ignored: number }
}

/** Everything the summary, the PR comment, SARIF and annotations render. */
export interface ScanReport {
  apiUrl: string
  asset: { id: string; name?: string }
  scan: {
    scanId: string
    scanType: string
    /** completed, failed, cancelled, timed-out, or the status at creation with wait: false. */
    status: string
    startedAt?: string
    finishedAt?: string
    durationSeconds?: number
  }
  gate: GateResult
  /** Every finding of the scan, gated or not. */
  findings: Finding[]
  /** ISO instant this report was made (the time of the run). */
  generatedAt: string
}
