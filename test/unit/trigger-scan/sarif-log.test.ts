import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Log, Result } from 'sarif'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SEVERITIES, type Finding, type Severity } from '../../../src/core/api-types.js'
import { registerSecret } from '../../../src/core/secrets.js'
import { forgetSecrets } from '../support/forget-secrets.js'
import { PROJECT_VERSION } from '../../../src/core/version.js'
import {
  buildSarifLog,
  FINGERPRINT_KEY,
  MAX_SARIF_RESULTS,
  ruleIdFor,
  sarifLevel,
  securitySeverity,
  writeSarifLog
} from '../../../src/trigger-scan/report/sarif-log.js'
import type { ScanReport } from '../../../src/trigger-scan/scan-report.js'
import { schemaErrors } from '../../sarif/expect-uploadable.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

afterEach(() => forgetSecrets())

function finding(overrides: Partial<Finding> & Pick<Finding, 'id' | 'title' | 'severity'>): Finding {
  return { status: 'open', references: [], ...overrides }
}

const SAMPLE_FINDINGS: Finding[] = [
  finding({
    id: 'f-1',
    title: 'Reflected Cross-Site Scripting',
    severity: 'high',
    cvss: 7.4,
    url: 'https://preview.example.com/search?q=1',
    description: 'User input is echoed back without encoding.',
    remediation: 'Encode output for the HTML context.',
    references: ['https://owasp.org/www-community/attacks/xss/', 'CWE-79']
  }),
  finding({ id: 'f-2', title: 'Reflected cross-site scripting!', severity: 'high', url: 'https://preview.example.com/login?next=1' }),
  finding({ id: 'f-3', title: 'Outdated TLS version (TLS 1.0)', severity: 'medium', cvss: 5.3, url: 'https://preview.example.com/' }),
  finding({ id: 'f-4', title: 'Remote code execution in admin panel', severity: 'critical', url: 'https://preview.example.com/admin' }),
  finding({ id: 'f-5', title: 'Missing security header: X-Frame-Options', severity: 'low' }),
  finding({ id: 'f-6', title: 'Server banner discloses version', severity: 'info', url: 'https://preview.example.com/' }),
  finding({ id: 'f-7', title: 'Заголовок без латиницы', severity: 'medium', url: 'https://preview.example.com/ru' })
]

function countsOf(findings: Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>
  for (const f of findings) counts[f.severity]++
  return counts
}

function reportWith(counted: Finding[], overrides: Partial<ScanReport> = {}): ScanReport {
  return {
    apiUrl: 'https://api.s4e.io',
    asset: { id: 'asset-42', name: 'preview.example.com' },
    scan: { scanId: 'scan-100', scanType: 'quick', status: 'completed', startedAt: '2026-11-28T11:50:00Z', finishedAt: '2026-11-28T12:00:00Z' },
    gate: {
      verdict: 'failed',
      threshold: 'high',
      counted,
      countsBySeverity: countsOf(counted),
      atOrAboveThreshold: counted.filter((f) => f.severity === 'critical' || f.severity === 'high'),
      leftOut: { triaged: 0, ignored: 0, existing: 0 }
    },
    findings: counted,
    generatedAt: '2026-11-28T12:00:05.000Z',
    ...overrides
  }
}

/** What upload-sarif reads: the log as written to disk. */
function asWritten(log: Log): unknown {
  return JSON.parse(JSON.stringify(log))
}

/** The log of one scan's report. */
function logOf(report: ScanReport): Log {
  return buildSarifLog([report]).log
}

function results(log: Log): Result[] {
  return log.runs[0]!.results ?? []
}

describe('buildSarifLog: validity', () => {
  it('produces a log that validates against the official SARIF 2.1.0 schema', () => {
    const log = logOf(reportWith(SAMPLE_FINDINGS))
    expect(schemaErrors(asWritten(log))).toEqual([])
    expect(results(log)).toHaveLength(SAMPLE_FINDINGS.length)
  })

  it('the schema check is not vacuous: a result without a message, or a bad level, is rejected', () => {
    const log = asWritten(logOf(reportWith(SAMPLE_FINDINGS))) as Log
    const broken = structuredClone(log) as unknown as { runs: { results: Record<string, unknown>[] }[] }
    delete broken.runs[0]!.results[0]!.message
    expect(schemaErrors(broken).join('\n')).toMatch(/must have required property 'message'/)
    const badLevel = structuredClone(log) as unknown as { runs: { results: Record<string, unknown>[] }[] }
    badLevel.runs[0]!.results[0]!.level = 'critical'
    expect(schemaErrors(badLevel)).not.toEqual([])
    const badUri = structuredClone(log) as unknown as { runs: { tool: { driver: Record<string, unknown> } }[] }
    badUri.runs[0]!.tool.driver.informationUri = 'not a uri'
    expect(schemaErrors(badUri)).not.toEqual([])
  })

  it('validates with no gated findings too: an empty result list, which closes earlier alerts', () => {
    const log = logOf(reportWith([], { gate: { ...reportWith([]).gate, verdict: 'passed' } }))
    expect(schemaErrors(asWritten(log))).toEqual([])
    expect(results(log)).toEqual([])
    expect(log.runs[0]!.tool.driver.rules).toEqual([])
  })

  it('stays within GitHub code scanning upload rules', () => {
    const log = logOf(reportWith(SAMPLE_FINDINGS))
    expect(log.version).toBe('2.1.0')
    expect(log.runs.length).toBeLessThanOrEqual(20)
    const rules = log.runs[0]!.tool.driver.rules ?? []
    // One rule per kind of finding (the two XSS titles share one), one result per finding.
    expect(rules).toHaveLength(SAMPLE_FINDINGS.length - 1)
    expect(results(log)).toHaveLength(SAMPLE_FINDINGS.length)
    for (const rule of rules) {
      expect((rule.properties?.tags ?? []).length).toBeLessThanOrEqual(20)
      expect(rule.properties?.tags).toContain('security')
      expect(rule.shortDescription?.text).toBeTruthy()
      expect(rule.help?.text).toBeTruthy()
    }
    for (const result of results(log)) {
      expect(result.ruleId).toBeTruthy()
      expect(result.locations).toHaveLength(1)
      const physical = result.locations?.[0]?.physicalLocation
      expect(physical?.artifactLocation?.uri).toBe('.github/s4e/preview.example.com')
      expect(physical?.region?.startLine).toBe(1)
      expect(Object.keys(result.partialFingerprints ?? {})).toEqual([FINGERPRINT_KEY])
    }
  })
})

describe('buildSarifLog: content', () => {
  it('holds only the findings the gate counted, not triaged or ignored ones', () => {
    const triaged = finding({ id: 'f-9', title: 'Accepted risk', severity: 'critical', status: 'accepted' })
    const report = { ...reportWith(SAMPLE_FINDINGS.slice(0, 2)), findings: [...SAMPLE_FINDINGS.slice(0, 2), triaged] }
    const log = logOf(report)
    expect(
      results(log)
        .map((r) => r.properties?.findingId)
        .sort()
    ).toEqual(['f-1', 'f-2'])
  })

  it('rules and results line up: every ruleIndex points at the rule named by ruleId, rule ids are unique', () => {
    const log = logOf(reportWith(SAMPLE_FINDINGS))
    const rules = log.runs[0]!.tool.driver.rules ?? []
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length)
    expect(results(log)).toHaveLength(SAMPLE_FINDINGS.length)
    for (const result of results(log)) {
      expect(result.ruleIndex).toBeGreaterThanOrEqual(0)
      expect(rules[result.ruleIndex ?? -1]?.id).toBe(result.ruleId)
    }
    // The two XSS titles differ only in case and punctuation: one kind of finding, one rule, two results.
    const xss = results(log).filter((r) => r.ruleId === 's4e/reflected-cross-site-scripting')
    expect(xss).toHaveLength(2)
    expect(rules).toHaveLength(SAMPLE_FINDINGS.length - 1)
  })

  it('derives stable, readable rule ids from titles, with a hash for titles without latin letters', () => {
    expect(ruleIdFor('Outdated TLS version (TLS 1.0)')).toBe('s4e/outdated-tls-version-tls-1-0')
    expect(ruleIdFor('  Outdated TLS VERSION (tls 1.0)  ')).toBe('s4e/outdated-tls-version-tls-1-0')
    expect(ruleIdFor('Заголовок без латиницы')).toMatch(/^s4e\/[0-9a-f]{12}$/)
    expect(ruleIdFor('Заголовок без латиницы')).not.toBe(ruleIdFor('Другой заголовок'))
    const long = 'a'.repeat(90)
    expect(ruleIdFor(`${long} one`)).not.toBe(ruleIdFor(`${long} two`))
    expect(ruleIdFor(`${long} one`).length).toBeLessThanOrEqual(4 + 80 + 13)
  })

  it('maps severity to level: critical/high → error, medium → warning, low/info → note', () => {
    expect(SEVERITIES.map((s) => sarifLevel(s))).toEqual(['error', 'error', 'warning', 'note', 'note'])
    const log = logOf(reportWith(SAMPLE_FINDINGS))
    // The sample has every severity, so every level is checked.
    expect(new Set(results(log).map((result) => result.properties?.severity))).toEqual(new Set(SEVERITIES))
    for (const result of results(log)) {
      expect(result.level).toBe(sarifLevel(result.properties?.severity as Severity))
    }
  })

  it('sets security-severity from CVSS as a one-decimal string, else from the severity band, none for info', () => {
    expect(securitySeverity({ severity: 'low', cvss: 7.44 })).toBe('7.4')
    expect(securitySeverity({ severity: 'high', cvss: 10 })).toBe('10.0')
    expect(securitySeverity({ severity: 'high', cvss: 12 })).toBe('10.0')
    expect(securitySeverity({ severity: 'critical' })).toBe('9.5')
    expect(securitySeverity({ severity: 'high' })).toBe('8.0')
    expect(securitySeverity({ severity: 'medium' })).toBe('5.5')
    expect(securitySeverity({ severity: 'low' })).toBe('2.0')
    expect(securitySeverity({ severity: 'info' })).toBeUndefined()
    expect(securitySeverity({ severity: 'info', cvss: 0 })).toBe('0.0')

    const log = logOf(reportWith(SAMPLE_FINDINGS))
    const rules = log.runs[0]!.tool.driver.rules ?? []
    const ruleOf = (id: string) => rules.find((r) => r.id === id)
    // A rule carries the highest score of its results: 8.0 (high, no CVSS) over 7.4 (CVSS).
    expect(ruleOf('s4e/reflected-cross-site-scripting')?.properties?.['security-severity']).toBe('8.0')
    expect(ruleOf('s4e/outdated-tls-version-tls-1-0')?.properties?.['security-severity']).toBe('5.3')
    expect(ruleOf('s4e/server-banner-discloses-version')?.properties).not.toHaveProperty('security-severity')
    expect(rules.filter((rule) => rule.properties?.['security-severity'] !== undefined)).toHaveLength(rules.length - 1)
    for (const rule of rules) {
      const score = rule.properties?.['security-severity']
      if (score !== undefined) {
        expect(typeof score).toBe('string')
        expect(Number(score)).toBeGreaterThanOrEqual(0)
        expect(Number(score)).toBeLessThanOrEqual(10)
      }
    }
  })

  it('keeps the URL in the message and properties, and writes help markdown from remediation and references', () => {
    const log = logOf(reportWith(SAMPLE_FINDINGS))
    const first = results(log).find((r) => r.properties?.findingId === 'f-1')
    expect(first?.message.text).toContain('https://preview.example.com/search?q=1')
    expect(first?.properties?.url).toBe('https://preview.example.com/search?q=1')
    expect(first?.locations?.[0]?.message?.text).toBe('https://preview.example.com/search?q=1')
    const rule = log.runs[0]!.tool.driver.rules?.[first?.ruleIndex ?? -1]
    expect(rule?.help?.markdown).toContain('**Remediation**\n\nEncode output for the HTML context.')
    // A reference is shown as code, never as a link to wherever the server points.
    expect(rule?.help?.markdown).toContain('- `https://owasp.org/www-community/attacks/xss/`')
    expect(rule?.help?.markdown).toContain('- `CWE-79`')
    expect(rule).not.toHaveProperty('helpUri')
  })

  it('names the tool S4E with the project version, and names the category after the scan type, not the asset', () => {
    const log = logOf(reportWith(SAMPLE_FINDINGS))
    expect(log.runs[0]!.tool.driver).toMatchObject({ name: 'S4E', version: PROJECT_VERSION })
    expect(log.runs[0]!.tool.driver.informationUri).toMatch(/^https:\/\//)
    const other = logOf(reportWith(SAMPLE_FINDINGS, { asset: { id: 'asset-43', name: 'api.example.com' } }))
    expect(log.runs[0]!.automationDetails?.id).toBe('s4e/quick/')
    expect(other.runs[0]!.automationDetails?.id).toBe('s4e/quick/')
  })

  it('turns asset names that are not path-safe (IPv6, CIDR) into one path segment, and falls back to the asset id', () => {
    const v6 = logOf(reportWith(SAMPLE_FINDINGS.slice(0, 1), { asset: { id: '7', name: '2001:db8::/64' } }))
    expect(results(v6)[0]!.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe('.github/s4e/2001_db8_64')
    expect(schemaErrors(asWritten(v6))).toEqual([])
    const byId = logOf(reportWith(SAMPLE_FINDINGS.slice(0, 1), { asset: { id: '12345' } }))
    expect(results(byId)[0]!.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toBe('.github/s4e/12345')
  })

  it('keeps the most severe results when there are more than GitHub stores, and says how many were left out', () => {
    const many = Array.from({ length: MAX_SARIF_RESULTS + 3 }, (_, i) =>
      finding({ id: `n-${i}`, title: `Finding kind ${i % 50}`, severity: i < 3 ? 'critical' : 'low', url: `https://preview.example.com/${i}` })
    )
    const { log, leftOut } = buildSarifLog([reportWith(many)])
    expect(results(log)).toHaveLength(MAX_SARIF_RESULTS)
    expect(results(log).filter((r) => r.properties?.severity === 'critical')).toHaveLength(3)
    expect(leftOut).toMatchObject({ results: 3, resultsTotal: MAX_SARIF_RESULTS + 3 })
  })
})

describe('buildSarifLog: fingerprints', () => {
  it('are the same on two runs of the same findings, even with new scan and finding ids, order and time', () => {
    const first = logOf(reportWith(SAMPLE_FINDINGS))
    const rerun = SAMPLE_FINDINGS.map((f, i) => ({ ...f, id: `rerun-${i}`, scanId: 'scan-200' })).reverse()
    const second = logOf(reportWith(rerun, { scan: { scanId: 'scan-200', scanType: 'quick', status: 'completed' }, generatedAt: '2026-11-29T08:00:00Z' }))
    const key = (r: Result) => `${r.ruleId} ${String(r.properties?.url)}`
    const prints = (log: Log) => new Map(results(log).map((r) => [key(r), r.partialFingerprints?.[FINGERPRINT_KEY]]))
    expect(prints(second)).toEqual(prints(first))
    expect(new Set(prints(first).values()).size).toBe(SAMPLE_FINDINGS.length)
  })

  it('differ when the URL or the asset differs', () => {
    const one = finding({ id: '1', title: 'Open redirect', severity: 'medium', url: 'https://preview.example.com/a' })
    const print = (report: ScanReport) => results(logOf(report))[0]!.partialFingerprints?.[FINGERPRINT_KEY]
    const base = print(reportWith([one]))
    expect(print(reportWith([{ ...one, url: 'https://preview.example.com/b' }]))).not.toBe(base)
    expect(print(reportWith([one], { asset: { id: 'asset-99', name: 'preview.example.com' } }))).not.toBe(base)
    expect(base).toMatch(/^[0-9a-f]{64}$/)
  })
})

describe('writeSarifLog', () => {
  it('creates missing folders and writes a log that validates', async () => {
    const root = mkdtempSync(join(tmpdir(), 's4e-sarif-'))
    try {
      const path = join(root, 'reports', 'nested', 's4e.sarif')
      await writeSarifLog(path, [reportWith(SAMPLE_FINDINGS)])
      const written: unknown = JSON.parse(readFileSync(path, 'utf8'))
      expect(schemaErrors(written)).toEqual([])
      expect((written as Log).runs[0]?.results).toHaveLength(SAMPLE_FINDINGS.length)
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })

  it('redacts registered secrets that a finding echoes back, everywhere in the file', async () => {
    const secret = 's4e_live_Secr3tTokenValue'
    registerSecret(secret)
    const leaky = finding({
      id: 'leak-1',
      title: `Token ${secret} exposed in page`,
      severity: 'high',
      url: `https://preview.example.com/cb?token=${secret}`,
      description: `The page prints ${secret}.`,
      remediation: `Rotate ${secret}.`,
      references: [`https://preview.example.com/${secret}`]
    })
    const root = mkdtempSync(join(tmpdir(), 's4e-sarif-'))
    try {
      const path = join(root, 'leak.sarif')
      await writeSarifLog(path, [reportWith([leaky], { asset: { id: 'asset-42', name: `host-${secret}.example.com` } })])
      const text = readFileSync(path, 'utf8')
      expect(text).not.toContain(secret)
      expect(text).not.toContain(secret.toLowerCase())
      expect(text).toContain('***')
      expect(schemaErrors(JSON.parse(text))).toEqual([])
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})
