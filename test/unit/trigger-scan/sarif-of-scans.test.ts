// One SARIF log for a step's scans: runs per scan type, categories, fingerprints and GitHub's limits
// (docs/design.md, "SARIF for code scanning"; docs/api.md, "What GitHub accepts in an uploaded SARIF file").
import { createHash } from 'node:crypto'
import type { Log, Result } from 'sarif'
import { describe, expect, it, vi } from 'vitest'
import type { Finding } from '../../../src/core/api-types.js'
import {
  buildSarifLog,
  categoryFor,
  FINGERPRINT_KEY,
  leftOutSentences,
  MAX_SARIF_RESULTS,
  MAX_SARIF_RUNS,
  MAX_SARIF_UPLOAD_BYTES
} from '../../../src/trigger-scan/report/sarif-log.js'
import type { ScanReport } from '../../../src/trigger-scan/scan-report.js'
import { expectUploadable } from '../../sarif/expect-uploadable.js'
import { testFinding, testReport } from '../support/scan-report-fixture.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

function reportOf(asset: string, findings: Finding[], scanType = 'quick', status = 'completed'): ScanReport {
  const report = testReport(findings, { asset: { id: `id-${asset}`, name: asset } })
  return { ...report, scan: { ...report.scan, scanId: `scan-${asset}-${scanType}`, scanType, status } }
}

const uploadable = (log: Log) => expectUploadable(JSON.stringify(log), { fingerprintKey: FINGERPRINT_KEY })
const resultsOf = (log: Log): Result[] => log.runs.flatMap((run) => run.results ?? [])
const printOf = (result: Result) => result.partialFingerprints?.[FINGERPRINT_KEY]

describe('one run per scan type', () => {
  it('puts every asset of a scan type in one run, category s4e/<scan type>/, each result naming its asset', () => {
    const { log } = buildSarifLog([
      reportOf('app.example.com', [testFinding('a1', 'high')]),
      reportOf('api.example.com', [testFinding('b1', 'medium')]),
      reportOf('app.example.com', [testFinding('c1', 'low')], 'ssl')
    ])
    uploadable(log)
    expect(log.runs.map((run) => [run.automationDetails?.id, run.results?.length])).toEqual([
      ['s4e/quick/', 2],
      ['s4e/ssl/', 1]
    ])
    expect(log.runs[0]!.results!.map((result) => result.properties?.asset)).toEqual(['app.example.com', 'api.example.com'])
    expect(log.runs[0]!.results!.map((result) => result.locations?.[0]?.physicalLocation?.artifactLocation?.uri)).toEqual([
      '.github/s4e/app.example.com',
      '.github/s4e/api.example.com'
    ])
    expect(log.runs[0]!.invocations).toHaveLength(2)
  })

  it('keeps the category whatever set of assets is scanned, so an asset no longer scanned has its alerts closed', () => {
    const all = buildSarifLog([reportOf('a.example.com', [testFinding('1', 'high')]), reportOf('b.example.com', [testFinding('2', 'high')])]).log
    const fewer = buildSarifLog([reportOf('b.example.com', [testFinding('2', 'high')])]).log
    expect(fewer.runs.map((run) => run.automationDetails?.id)).toEqual(all.runs.map((run) => run.automationDetails?.id))
  })

  it('folds scan types that differ only in case or punctuation into one category, and hashes one without letters', () => {
    expect(categoryFor('Web_App')).toBe(categoryFor('web-app'))
    expect(categoryFor('quick')).toBe('s4e/quick/')
    expect(categoryFor('Быстрый')).toMatch(/^s4e\/[0-9a-f]{12}\/$/)
    expect(categoryFor('x'.repeat(200)).length).toBeLessThan(70)
  })

  it('writes at most 20 runs, keeping the scan types with the most severe findings, and says which were left out', () => {
    const reports = Array.from({ length: MAX_SARIF_RUNS + 2 }, (_, index) =>
      reportOf('app.example.com', [testFinding(`f${index}`, index < 2 ? 'low' : 'high')], `type${String(index).padStart(2, '0')}`)
    )
    const { log, leftOut } = buildSarifLog(reports)
    uploadable(log)
    expect(log.runs).toHaveLength(MAX_SARIF_RUNS)
    expect(leftOut.scanTypes).toEqual(['type00', 'type01'])
    expect(leftOutSentences(leftOut).warnings[0]).toMatch(
      /^The SARIF log leaves out the findings of 2 scan types \(type00, type01\): GitHub takes at most 20 runs/
    )
  })

  it('leaves out a scan type whose scan did not complete, so its alerts are not closed', () => {
    const { log, leftOut } = buildSarifLog([
      reportOf('a.example.com', [testFinding('1', 'high')]),
      reportOf('b.example.com', [], 'quick', 'timed-out'),
      reportOf('a.example.com', [testFinding('2', 'high')], 'ssl')
    ])
    expect(log.runs.map((run) => run.automationDetails?.id)).toEqual(['s4e/ssl/'])
    expect(leftOut.incomplete).toEqual(['quick'])
    expect(leftOutSentences(leftOut).notes[0]).toMatch(/^The SARIF log leaves out scan type quick: a scan of it did not complete/)
  })

  it('keeps an empty run for a scan type with no findings: its alerts close', () => {
    const { log } = buildSarifLog([reportOf('a.example.com', [])])
    uploadable(log)
    expect(log.runs[0]!.results).toEqual([])
  })
})

describe('fingerprints', () => {
  it('tell apart findings with the same title and URL that differ in path, port or parameter, and two without a URL', () => {
    const findings = [
      testFinding('1', 'high', { title: 'SQL injection', url: 'https://a.example.com/login', parameter: 'user' }),
      testFinding('2', 'high', { title: 'SQL injection', url: 'https://a.example.com/login', parameter: 'password' }),
      testFinding('3', 'medium', { title: 'Open port', url: undefined, port: '8080' }),
      testFinding('4', 'medium', { title: 'Open port', url: undefined, port: '9090' }),
      testFinding('5', 'low', { title: 'Weak cipher', url: undefined }),
      testFinding('6', 'low', { title: 'Weak cipher', url: undefined, path: '/tls' })
    ]
    const { log } = buildSarifLog([reportOf('a.example.com', findings)])
    uploadable(log)
    expect(new Set(resultsOf(log).map(printOf)).size).toBe(findings.length)
  })

  it('tell apart true duplicates by their rank, and give each the same value in the next scan, whatever the ids and order', () => {
    const twin = (id: string) => testFinding(id, 'medium', { title: 'Cookie without Secure', url: undefined, description: 'Same text.' })
    const other = (id: string) => testFinding(id, 'high', { title: 'Exposed .git directory', url: 'https://a.example.com/.git/' })
    const first = buildSarifLog([reportOf('a.example.com', [twin('1'), twin('2'), other('3')])]).log
    const next = buildSarifLog([reportOf('a.example.com', [other('30'), twin('20'), twin('10')])]).log
    const prints = (log: Log) => resultsOf(log).map(printOf).sort()
    expect(new Set(prints(first)).size).toBe(3)
    expect(prints(next)).toEqual(prints(first))
  })

  it('differ per asset, so two assets with the same finding stay two alerts in one run', () => {
    const same = () => testFinding('1', 'high', { url: undefined, title: 'Exposed .git directory' })
    const { log } = buildSarifLog([reportOf('a.example.com', [same()]), reportOf('b.example.com', [same()])])
    uploadable(log)
    expect(new Set(resultsOf(log).map(printOf)).size).toBe(2)
  })
})

describe('GitHub limits', () => {
  it('keeps at most 5,000 results per run across assets, the most severe, and counts the rest', () => {
    const per = Math.ceil((MAX_SARIF_RESULTS + 10) / 2)
    const many = (asset: string, severity: 'critical' | 'low') => Array.from({ length: per }, (_, i) => testFinding(`${asset}-${i}`, severity))
    const { log, leftOut } = buildSarifLog([reportOf('a.example.com', many('a', 'low')), reportOf('b.example.com', many('b', 'critical'))])
    uploadable(log)
    expect(log.runs[0]!.results).toHaveLength(MAX_SARIF_RESULTS)
    expect(log.runs[0]!.results!.filter((result) => result.properties?.severity === 'critical')).toHaveLength(per)
    expect(leftOut.results).toBe(2 * per - MAX_SARIF_RESULTS)
    expect(leftOutSentences(leftOut).warnings[0]).toMatch(/the least severe, to stay within GitHub's upload limits .*: the findings file has them all\.$/)
  })

  it('stays under 10 MB uploaded when every finding carries text that does not compress, leaving out the least severe', () => {
    // Text that gzip cannot shrink (hashes), 3,000 characters to a field: 2,500 findings are far over 10 MB.
    const noise = (seed: string) => Array.from({ length: 70 }, (_, i) => createHash('sha256').update(`${seed}/${i}`).digest('base64')).join('')
    const findings = Array.from({ length: 2500 }, (_, i) =>
      testFinding(`n${i}`, i < 10 ? 'critical' : 'low', { title: `T${i} ${noise(`t${i}`)}`, url: `https://a.example.com/${noise(`u${i}`)}` })
    )
    const { log, leftOut } = buildSarifLog([reportOf('a.example.com', findings)])
    const text = JSON.stringify(log)
    uploadable(log)
    expect(text.length).toBeGreaterThan(MAX_SARIF_UPLOAD_BYTES / 2)
    expect(leftOut.results).toBeGreaterThan(0)
    expect(log.runs[0]!.results!.filter((result) => result.properties?.severity === 'critical')).toHaveLength(10)
  })
})

describe('Markdown from server strings', () => {
  it('escapes HTML, mentions and links in help markdown, built from the named fields only', () => {
    const hostile = testFinding('1', 'high', {
      title: '<img src=x onerror=alert(1)> @admin',
      description: 'See <script>alert(1)</script> and [click](https://evil.example/) @octocat',
      remediation: '**bold** `code` | pipe',
      references: ['https://evil.example/`x`', 'javascript:alert(1)']
    })
    const extra = { ...hostile, internalNote: 'not a named field' } as Finding
    const { log } = buildSarifLog([reportOf('a.example.com', [extra])])
    const markdown = log.runs[0]!.tool.driver.rules![0]!.help!.markdown ?? ''
    // No tag, no link (a bare scheme is linked by GitHub too), no mention.
    const prose = markdown.replace(/`[^`]*`/g, '')
    expect(prose).not.toMatch(/<script|<img|https?:\/\/|@octocat|@admin/)
    expect(markdown).toContain('&lt;script&gt;')
    expect(markdown).toContain('- `https://evil.example/ x`')
    expect(JSON.stringify(log)).not.toContain('not a named field')
  })
})

describe('invocation times from two clocks', () => {
  it('leaves out a start after the end, and a time that is not one, so the invocation stays consistent', () => {
    const report = reportOf('a.example.com', [])
    const skewed = { ...report, scan: { ...report.scan, startedAt: '2026-11-28T12:00:01.484Z', finishedAt: '2026-11-28T12:00:01Z' } }
    const garbage = { ...report, scan: { ...report.scan, scanType: 'ssl', startedAt: 'yesterday-ish', finishedAt: 'soon' } }
    const { log } = buildSarifLog([skewed, garbage])
    uploadable(log)
    expect(log.runs.map((run) => run.invocations?.[0])).toEqual([
      expect.objectContaining({ endTimeUtc: '2026-11-28T12:00:01.000Z' }),
      expect.objectContaining({ endTimeUtc: '2026-11-28T12:00:05.000Z' })
    ])
    expect(log.runs.every((run) => run.invocations?.[0]?.startTimeUtc === undefined)).toBe(true)
  })
})
