/** Inputs and outputs of s4e-trigger-scan beyond the shared credential inputs (actions/s4e-trigger-scan/action.yml). */
export const TriggerScanInput = {
  asset: 'asset',
  assetId: 'asset-id',
  scanType: 'scan-type',
  scanOptions: 'scan-options',
  priority: 'priority',
  wait: 'wait',
  timeoutMinutes: 'timeout-minutes',
  pollInterval: 'poll-interval',
  failOn: 'fail-on',
  failOnScanError: 'fail-on-scan-error',
  ignore: 'ignore',
  baseline: 'baseline',
  gateOn: 'gate-on',
  findingsFile: 'findings-file',
  sarifFile: 'sarif-file',
  summary: 'summary',
  prComment: 'pr-comment',
  githubToken: 'github-token',
  scanId: 'scan-id',
  scansFrom: 'scans-from',
  scansFile: 'scans-file'
} as const

export const TriggerScanOutput = {
  scanId: 'scan-id',
  assetId: 'asset-id',
  status: 'status',
  gate: 'gate',
  findingsCount: 'findings-count',
  criticalCount: 'critical-count',
  highCount: 'high-count',
  mediumCount: 'medium-count',
  lowCount: 'low-count',
  infoCount: 'info-count',
  findingsFile: 'findings-file',
  sarifFile: 'sarif-file',
  baselineScanId: 'baseline-scan-id',
  newCount: 'new-count',
  existingCount: 'existing-count',
  fixedCount: 'fixed-count',
  scans: 'scans',
  scansFile: 'scans-file'
} as const

/** Output name of each severity count. */
export const SEVERITY_COUNT_OUTPUT = {
  critical: TriggerScanOutput.criticalCount,
  high: TriggerScanOutput.highCount,
  medium: TriggerScanOutput.mediumCount,
  low: TriggerScanOutput.lowCount,
  info: TriggerScanOutput.infoCount
} as const

export const DEFAULT_SCAN_TYPE = 'quick'
/** What a scan type name looks like (lower case), in the scan-type input and in a scans entry. */
export const SCAN_TYPE_PATTERN = /^[a-z0-9][a-z0-9_-]*$/
export const DEFAULT_TIMEOUT_MINUTES = 60
export const DEFAULT_POLL_INTERVAL_SECONDS = 15
export const MIN_POLL_INTERVAL_SECONDS = 1
export const SCAN_PRIORITIES = ['low', 'normal', 'high'] as const
export type ScanPriority = (typeof SCAN_PRIORITIES)[number]
export const GATE_ON_VALUES = ['new', 'all'] as const
/** `gate-on`: only findings not in the baseline, or every open finding. */
export type GateOn = (typeof GATE_ON_VALUES)[number]
/** Assets one scan step scans at most; more go to matrix jobs and one fan-in job (examples/matrix-fan-in.yml). */
export const MAX_SCAN_STEP_ASSETS = 256
/** Scans one fan-in step gates at most (scan-id and scans-from together): a bound on what a hostile scans file can make it poll. */
export const MAX_FAN_IN_SCANS = 4096
