import type { Finding, Severity } from '../../../src/core/api-types.js'
import { gateFindings } from '../../../src/trigger-scan/scan/gate-findings.js'
import type { FailOn, ScanReport } from '../../../src/trigger-scan/scan-report.js'
import type { AssetTarget, ReportSettings, TriggerScanInputs } from '../../../src/trigger-scan/trigger-scan-inputs.js'

export const FIXTURE_SCAN_ID = 'scan-100'

/** An open finding of the fixture scan, at a URL of the fixture asset. */
export function testFinding(id: string, severity: Severity, extra: Partial<Finding> = {}): Finding {
  return { id, title: `Finding ${id}`, severity, status: 'open', scanId: FIXTURE_SCAN_ID, references: [], url: `https://preview.example.com/${id}`, ...extra }
}

export interface TestReportOptions extends Partial<Omit<ScanReport, 'gate' | 'findings'>> {
  failOn?: FailOn
  ignore?: string[]
}

/** A completed scan's report whose gate is the real gate over the findings, so it is always consistent. */
export function testReport(findings: Finding[], options: TestReportOptions = {}): ScanReport {
  const { failOn = 'high', ignore = [], ...overrides } = options
  return {
    apiUrl: 'https://api.s4e.io',
    asset: { id: 'asset-42', name: 'preview.example.com' },
    scan: { scanId: FIXTURE_SCAN_ID, scanType: 'quick', status: 'completed' },
    gate: gateFindings(findings, { scanId: FIXTURE_SCAN_ID, failOn, ignore }),
    findings,
    generatedAt: '2026-11-28T12:00:05.000Z',
    ...overrides
  }
}

/** Validated inputs of a step that waits and gates at high, with every report off unless asked. */
export function testInputs(targets: readonly AssetTarget[], report: Partial<ReportSettings> = {}): TriggerScanInputs {
  return {
    request: { targets, scanType: 'quick', wait: true, timeoutMs: 60_000, pollIntervalMs: 1_000, failOn: 'high', ignore: [], gateOn: 'all' },
    report: { failOnScanError: true, findingsFile: '', sarifFile: '', scansFile: '', summary: false, prComment: false, githubToken: '', ...report },
    onMissingCredentials: 'fail'
  }
}
