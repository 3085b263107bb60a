/**
 * The types that scanning produces and reporting reads. This module imports neither scan/* nor
 * report/*, so the two depend on it and never on each other's internals.
 */
import type { Finding } from '../core/api-types.js'
import type { Severity } from '../core/severity.js'
import type { GateOn } from './names.js'

/** The status of a scan this step stopped waiting for (timeout-minutes ran out); S4E never sends it. */
export const TIMED_OUT_STATUS = 'timed-out'

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

/** A finding of this scan whose match in the baseline was less severe: it counts as new. */
export interface WorseFinding {
  readonly finding: Finding
  /** The matching baseline finding. */
  readonly baseline: Finding
  /** The baseline finding's severity as compared (an undocumented one counts as `info` there). */
  readonly baselineSeverity: Severity
}

/** What comparing this scan with its baseline found, among the open findings of each side. */
export interface BaselineMatch {
  /** Open findings of this scan with no match in the baseline, or whose match was less severe (see `worse`). */
  readonly new: readonly Finding[]
  /** Open findings of this scan that match one in the baseline at least as severe. */
  readonly existing: readonly Finding[]
  /** Open findings of the baseline with no match in this scan. */
  readonly fixed: readonly Finding[]
  /** The findings of `new` that got worse, each with the baseline finding it matched. */
  readonly worse: readonly WorseFinding[]
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
