import { describe, expect, it } from 'vitest'
import { compareSeverity, cvssOf, isAtOrAbove, readSeverity, SEVERITIES } from '../../../src/core/severity.js'
import { quoted } from '../../../src/core/quoted.js'

describe('readSeverity fails closed (docs/api.md, "Severities and statuses")', () => {
  it.each([
    ['critical', 'critical'],
    [' High\t', 'high'],
    ['MEDIUM', 'medium'],
    ['Informational', 'info'],
    ['info', 'info']
  ])('reads the documented %j as %s', (value, severity) => {
    expect(readSeverity(value, undefined)).toEqual({ severity, from: 'severity' })
  })

  it.each([
    ['crit', 9.8, 'critical'],
    ['P1', 7.0, 'high'],
    ['4', 4.0, 'medium'],
    ['9.8', 0.1, 'low'],
    ['ｈｉｇｈ', 0, 'info'],
    ['hi\u200bgh', 8.9, 'high'],
    [null, 9, 'critical'],
    [undefined, 6.9, 'medium']
  ])('reads the undocumented %j from CVSS %s as %s', (value, cvss, severity) => {
    expect(readSeverity(value, cvss)).toMatchObject({ severity, from: 'cvss' })
  })

  it.each(['very high', 'constructor', 'toString', '__proto__', 4, null, undefined, { level: 'high' }, 'x'.repeat(10_000)])(
    'counts the undocumented %j without CVSS as critical',
    (value) => {
      expect(readSeverity(value, undefined)).toMatchObject({ severity: 'critical', from: 'assumed' })
    }
  )

  it('keeps a bounded spelling for the warning', () => {
    const reading = readSeverity('x'.repeat(10_000), undefined)
    expect(reading.from !== 'severity' && reading.spelling.length).toBe(40)
  })

  it('takes a CVSS score only from 0 to 10, as a number or a numeric string', () => {
    expect([cvssOf(9.8), cvssOf('5.3'), cvssOf(0), cvssOf(10)]).toEqual([9.8, 5.3, 0, 10])
    expect([cvssOf(98), cvssOf(-1), cvssOf('high'), cvssOf(''), cvssOf(null), cvssOf(Number.NaN), cvssOf('1e1')]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined
    ])
  })
})

describe('the one severity order', () => {
  it('orders most severe first and compares with a threshold', () => {
    expect([...SEVERITIES].reverse().sort(compareSeverity)).toEqual(['critical', 'high', 'medium', 'low', 'info'])
    expect([isAtOrAbove('high', 'high'), isAtOrAbove('medium', 'high'), isAtOrAbove('critical', 'none')]).toEqual([true, false, false])
  })
})

describe('quoted', () => {
  it('cuts, then escapes everything outside printable ASCII', () => {
    expect(quoted('hi\u200bgh', 40)).toBe('"hi\\u200bgh"')
    expect(quoted('\u001b[32mok', 40)).toBe('"\\u001b[32mok"')
    expect(quoted('abcdef', 3)).toBe('"abc"…')
  })
})
