import type { Finding, Severity } from '../core/api-types.js'
import type { GateOn } from './names.js'
import type { BaselineMatch } from './scan/baseline-match.js'

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
  /** Left out of the gate: triaged (false positive, accepted, resolved, …), `ignore`d, and already in the baseline (gate-on: new). */
  readonly leftOut: { readonly triaged: number; readonly ignored: number; readonly existing: number }
}

/** The comparison with a baseline scan, or why there was none to compare with. */
export type BaselineOutcome =
  | {
      readonly state: 'compared'
      readonly scanId: string
      /** The baseline's asset: its name when known, else its id. */
      readonly assetLabel?: string
      readonly gateOn: GateOn
      readonly match: BaselineMatch
    }
  | { readonly state: 'missing'; readonly reason: string }

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
  /** Absent with `baseline: none`, or when the gate was not evaluated. */
  readonly baseline?: BaselineOutcome
  /** Every finding of the scan, gated or not. */
  readonly findings: readonly Finding[]
  /** ISO instant this report was made (the time of the run). */
  readonly generatedAt: string
}
