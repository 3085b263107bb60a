import type { ScanReport } from './scan-report.js'
import type { TriggerScanInputs } from './trigger-scan-inputs.js'

/** What a scan that broke had got to: the outputs a failed step still sets. */
export interface KnownSoFar {
  readonly assetId?: string
  readonly assetName?: string
  readonly scanId?: string
  readonly status?: string
}

/** One asset's scan, as a value: its report, or the sentence it broke with and what was known by then. */
export type ScanOutcome =
  | { readonly kind: 'reported'; readonly report: ScanReport }
  | {
      readonly kind: 'broken'
      readonly message: string
      readonly known: KnownSoFar
      /** The scan counts as one that failed on S4E, so fail-on-scan-error decides (more findings than a step reads). */
      readonly asScanError?: boolean
    }

/**
 * One step's scanning work, ready to be reported once: refused before any request (bad input),
 * skipped for want of credentials, or one outcome per asset scanned.
 */
export type TriggerScanRun =
  | { readonly kind: 'refused'; readonly message: string }
  | { readonly kind: 'skipped'; readonly reason: string; readonly inputs: TriggerScanInputs }
  | { readonly kind: 'scanned'; readonly inputs: TriggerScanInputs; readonly scans: readonly ScanOutcome[] }
