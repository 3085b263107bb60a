// findingsWarnings: severities the API documents nowhere, and findings of another scan, each warned of once.
import { describe, expect, it } from 'vitest'
import type { Finding } from '../../../src/core/api-types.js'
import { sentenceOf } from '../../../src/core/problem.js'
import { findingsWarnings, MAX_NAMED } from '../../../src/trigger-scan/scan/findings-warnings.js'
import { expectSentence } from '../support/sentence.js'

const finding = (id: string, extra: Partial<Finding> = {}): Finding => ({
  id,
  title: `Finding ${id}`,
  severity: 'high',
  status: 'open',
  references: [],
  ...extra
})
const rated = (id: string, spelling: string) => finding(id, { undocumentedSeverity: { spelling, from: 'cvss' }, cvss: 7.5 })
const assumed = (id: string, spelling: string) => finding(id, { severity: 'critical', undocumentedSeverity: { spelling, from: 'assumed' } })

describe('findingsWarnings', () => {
  it('warns of nothing when every severity is documented and every finding is of the scan', () => {
    expect(findingsWarnings('s-1', [finding('f-1'), finding('f-2', { scanId: 's-1' })])).toEqual([])
  })

  it('says how many findings were rated by CVSS, naming the spelling once', () => {
    const [warning, ...rest] = findingsWarnings('s-1', [rated('f-1', 'Severe'), rated('f-2', 'Severe')])
    expect(rest).toEqual([])
    expect(warning?.what).toBe('Scan s-1 rated 2 findings by CVSS score, because the S4E API gave a severity it does not document')
    expect(warning?.cause).toContain('Severe')
    expect(warning?.cause).not.toContain(',')
    expect(warning?.fix).toBe('report these spellings to S4E support')
  })

  it('says how many were counted as critical for want of a CVSS score, and both kinds at once', () => {
    expect(findingsWarnings('s-1', [assumed('f-1', 'P1')])[0]?.what).toBe(
      'Scan s-1 counted 1 finding with no CVSS score as critical, because the S4E API gave a severity it does not document'
    )
    expect(findingsWarnings('s-1', [rated('f-1', 'Severe'), assumed('f-2', 'P1'), assumed('f-3', 'P0')])[0]?.what).toBe(
      'Scan s-1 rated 1 finding by CVSS score and counted 2 findings with no CVSS score as critical, because the S4E API gave a severity it does not document'
    )
  })

  it(`names at most ${MAX_NAMED} spellings, and how many more there are`, () => {
    const findings = Array.from({ length: MAX_NAMED + 2 }, (_, index) => rated(`f-${index}`, `odd-${index}`))
    const cause = findingsWarnings('s-1', findings)[0]?.cause ?? ''
    expect(cause).toContain('odd-4')
    expect(cause).not.toContain('odd-5')
    expect(cause).toMatch(/ and 2 more$/)
  })

  it('warns once of findings that name another scan, naming those scans', () => {
    const warnings = findingsWarnings('s-1', [finding('f-1', { scanId: 's-2' }), finding('f-2', { scanId: 's-2' }), finding('f-3', { scanId: 's-1' })])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]?.what).toBe('The S4E API listed 2 findings of another scan among those of scan s-1, and the gate leaves them out')
    expect(warnings[0]?.cause).toMatch(/^scan .*s-2/)
  })

  it('composes into one sentence', () => {
    const [warning] = findingsWarnings('s-1', [finding('f-1', { scanId: 's-9' })])
    if (warning === undefined) throw new Error('a warning was expected')
    expectSentence(sentenceOf(warning), {
      what: 'The S4E API listed 1 finding of another scan among those of scan s-1',
      cause: 's-9',
      fix: 'report this to S4E support'
    })
  })
})
