import type { Finding, Severity } from '../core/api-types.js'

/** `fail-on` values: a severity, or `none` to never fail on findings. */
export type FailOn = Severity | 'none'

export type GateVerdict = 'passed' | 'failed' | 'skipped'

/** What the gate decided, and from which findings. */
export interface GateResult {
  readonly verdict: GateVerdict
  readonly threshold: FailOn
  /** Findings the gate counted: open, of this scan, not ignored. */
  readonly counted: readonly Finding[]
  readonly countsBySeverity: Readonly<Record<Severity, number>>
  /** Counted findings at or above the threshold, most severe first. */
  readonly atOrAboveThreshold: readonly Finding[]
  /** Left out of the gate: triaged (false positive, accepted, resolved, …) and `ignore`d. */
  readonly leftOut: { readonly triaged: number; readonly ignored: number }
}

/** Everything the summary, the PR comment, SARIF and annotations render; built once, never changed. */
export interface ScanReport {
  readonly apiUrl: string
  readonly asset: { readonly id: string; readonly name?: string }
  readonly scan: {
    readonly scanId: string
    readonly scanType: string
    /** completed, failed, cancelled, timed-out, or the status at creation with wait: false. */
    readonly status: string
    readonly startedAt?: string
    readonly finishedAt?: string
    readonly durationSeconds?: number
  }
  readonly gate: GateResult
  /** Every finding of the scan, gated or not. */
  readonly findings: readonly Finding[]
  /** ISO instant this report was made (the time of the run). */
  readonly generatedAt: string
}
