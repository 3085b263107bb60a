import { describe, expect, it } from 'vitest'
import { normaliseStatus, type Finding, type Severity } from '../../../src/core/api-types.js'
import { gateFindings } from '../../../src/trigger-scan/scan/gate-findings.js'
import type { FailOn } from '../../../src/trigger-scan/scan-report.js'

const SCAN = 's-1'

function finding(id: string, severity: Severity, extra: Partial<Finding> = {}): Finding {
  return { id, title: `Title ${id}`, severity, status: 'open', scanId: SCAN, references: [], ...extra }
}

/** One open finding of each severity. */
const ONE_OF_EACH = [finding('c', 'critical'), finding('h', 'high'), finding('m', 'medium'), finding('l', 'low'), finding('i', 'info')]

describe('gateFindings', () => {
  it.each<[FailOn, string, string[]]>([
    ['critical', 'failed', ['c']],
    ['high', 'failed', ['c', 'h']],
    ['medium', 'failed', ['c', 'h', 'm']],
    ['low', 'failed', ['c', 'h', 'm', 'l']],
    ['info', 'failed', ['c', 'h', 'm', 'l', 'i']],
    ['none', 'passed', []]
  ])('fail-on %s: verdict %s, tripped by %j', (failOn, verdict, tripping) => {
    const gate = gateFindings(ONE_OF_EACH, { scanId: SCAN, failOn, ignore: [] })
    expect(gate.verdict).toBe(verdict)
    expect(gate.threshold).toBe(failOn)
    expect(gate.atOrAboveThreshold.map((f) => f.id)).toEqual(tripping)
    expect(gate.countsBySeverity).toEqual({ critical: 1, high: 1, medium: 1, low: 1, info: 1 })
  })

  it.each([
    ['critical', [finding('l', 'low'), finding('i', 'info'), finding('m', 'medium')]],
    ['high', [finding('m', 'medium')]],
    ['medium', [finding('l', 'low')]],
    ['low', [finding('i', 'info')]],
    ['info', []]
  ] as const)('passes fail-on %s when everything counted is below it', (failOn, findings) => {
    const gate = gateFindings(findings, { scanId: SCAN, failOn, ignore: [] })
    expect(gate.verdict).toBe('passed')
    expect(gate.counted).toHaveLength(findings.length)
  })

  it.each([
    'false_positive',
    'False Positive',
    'FALSE-POSITIVE',
    'false positive',
    'accepted',
    'Accepted',
    'accepted_risk',
    'Accepted Risk',
    'Accepted_Risk',
    'accepted-risk',
    'Accepted _ Risk',
    'accepted__risk',
    'resolved',
    'Resolved',
    'RESOLVED',
    'fixed',
    'Fixed',
    'No action required',
    'no_action_required'
  ])('leaves out a finding triaged as %j', (status) => {
    // The core normalises statuses on the way in; the gate sees what it would.
    const triaged = finding('t', 'critical', { status: normaliseStatus(status) })
    const gate = gateFindings([triaged, finding('l', 'low')], { scanId: SCAN, failOn: 'high', ignore: [] })
    expect(gate.verdict).toBe('passed')
    expect(gate.counted.map((f) => f.id)).toEqual(['l'])
    expect(gate.leftOut).toEqual({ triaged: 1, ignored: 0, existing: 0 })
  })

  it('leaves out triaged statuses even when they arrive un-normalised', () => {
    const gate = gateFindings([finding('t', 'critical', { status: 'False  Positive' })], { scanId: SCAN, failOn: 'high', ignore: [] })
    expect(gate.verdict).toBe('passed')
    expect(gate.leftOut.triaged).toBe(1)
  })

  it.each(['open', 're_opened', 'reopened', 'new', 'in_progress', 'confirmed', 'support_ongoing', 'request_for_approval'])(
    'counts a finding whose status is %j',
    (status) => {
      const gate = gateFindings([finding('x', 'high', { status })], { scanId: SCAN, failOn: 'high', ignore: [] })
      expect(gate.verdict).toBe('failed')
    }
  )

  it('leaves out ignored findings by id and by exact title, and counts them apart from triaged ones', () => {
    const findings = [
      finding('f-1', 'critical'),
      finding('f-2', 'high', { title: 'Subdomain takeover possible' }),
      finding('f-3', 'high', { title: 'subdomain takeover possible' }),
      finding('f-4', 'high', { status: 'resolved' })
    ]
    const gate = gateFindings(findings, { scanId: SCAN, failOn: 'high', ignore: ['f-1', ' Subdomain takeover possible '] })
    // Titles match exactly: a different case is another title.
    expect(gate.counted.map((f) => f.id)).toEqual(['f-3'])
    expect(gate.leftOut).toEqual({ triaged: 1, ignored: 2, existing: 0 })
    expect(gate.verdict).toBe('failed')
  })

  it('counts only findings of this scan (a finding without a scan id is taken as this scan’s)', () => {
    const findings = [finding('a', 'critical', { scanId: 's-other' }), finding('b', 'low', { scanId: undefined })]
    const gate = gateFindings(findings, { scanId: SCAN, failOn: 'high', ignore: [] })
    expect(gate.counted.map((f) => f.id)).toEqual(['b'])
    expect(gate.verdict).toBe('passed')
  })

  it('lists the findings at or above the threshold most severe first, then by CVSS', () => {
    const findings = [
      finding('h1', 'high', { cvss: 7.1 }),
      finding('c1', 'critical', { cvss: 9.1 }),
      finding('h2', 'high', { cvss: 8.8 }),
      finding('c2', 'critical', { cvss: 9.8 })
    ]
    const gate = gateFindings(findings, { scanId: SCAN, failOn: 'high', ignore: [] })
    expect(gate.atOrAboveThreshold.map((f) => f.id)).toEqual(['c2', 'c1', 'h2', 'h1'])
  })

  it('passes with nothing to count', () => {
    const gate = gateFindings([], { scanId: SCAN, failOn: 'info', ignore: [] })
    expect(gate).toMatchObject({ verdict: 'passed', counted: [], atOrAboveThreshold: [], leftOut: { triaged: 0, ignored: 0 } })
  })
})
