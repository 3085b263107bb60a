import type { ScanAndGateRequest } from '../../../src/trigger-scan/trigger-scan-inputs.js'

/** A request to scan asset a-1 (quick, waiting, fail-on high, 5 s polls), with the fields a test changes. */
export function scanRequest(extra: Partial<ScanAndGateRequest> = {}): ScanAndGateRequest {
  return {
    targets: [{ assetId: 'a-1' }],
    scanType: 'quick',
    wait: true,
    timeoutMs: 60_000,
    pollIntervalMs: 5_000,
    failOn: 'high',
    ignore: [],
    gateOn: 'all',
    ...extra
  }
}
