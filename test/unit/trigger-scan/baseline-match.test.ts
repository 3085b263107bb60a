import { describe, expect, it } from 'vitest'
import type { Finding } from '../../../src/core/api-types.js'
import { matchBaseline, pathAndQuery, titleKey } from '../../../src/trigger-scan/scan/baseline-match.js'

function finding(id: string, title: string, extra: Partial<Finding> = {}): Finding {
  return { id, title, severity: 'high', status: 'open', references: [], ...extra }
}

const ids = (findings: readonly Finding[]) => findings.map((f) => f.id)

interface Case {
  current: Finding[]
  baseline: Finding[]
  ignore?: string[]
  new: string[]
  existing: string[]
  fixed: string[]
}

const CASES: Record<string, Case> = {
  'a preview host and a production host with the same path match': {
    current: [finding('c1', 'SQL injection', { url: 'https://pr-7.preview.example.com/login?user=' })],
    baseline: [finding('b1', 'SQL injection', { url: 'https://example.com:8443/login?user=' })],
    new: [],
    existing: ['c1'],
    fixed: []
  },
  'the same title at a different path is new, and the old path fixed': {
    current: [finding('c1', 'Open redirect', { url: 'https://preview.example.com/logout?next=' })],
    baseline: [finding('b1', 'Open redirect', { url: 'https://example.com/login?next=' })],
    new: ['c1'],
    existing: [],
    fixed: ['b1']
  },
  'a different query is a different place': {
    current: [finding('c1', 'XSS', { url: 'https://preview.example.com/search?q=' })],
    baseline: [finding('b1', 'XSS', { url: 'https://example.com/search?term=' })],
    new: ['c1'],
    existing: [],
    fixed: ['b1']
  },
  'a location on one side only is no match (the union of fields counts)': {
    current: [finding('c1', 'Weak TLS protocol TLS 1.0 enabled')],
    baseline: [finding('b1', 'Weak TLS protocol TLS 1.0 enabled', { url: 'https://example.com/' })],
    new: ['c1'],
    existing: [],
    fixed: ['b1']
  },
  'a baseline finding without location does not absorb the same title at a new location': {
    current: [finding('c1', 'SQL injection', { url: 'https://preview.example.com/admin' })],
    baseline: [finding('b1', 'SQL injection')],
    new: ['c1'],
    existing: [],
    fixed: ['b1']
  },
  'a field present on one side only is no match, though the others agree': {
    current: [finding('c1', 'SQL injection', { path: '/login', parameter: 'user' })],
    baseline: [finding('b1', 'SQL injection', { path: '/login' })],
    new: ['c1'],
    existing: [],
    fixed: ['b1']
  },
  'neither side with a location matches on the title': {
    current: [finding('c1', 'Weak TLS protocol TLS 1.0 enabled')],
    baseline: [finding('b1', 'weak tls protocol tls 1.0 enabled')],
    new: [],
    existing: ['c1'],
    fixed: []
  },
  'a finding more severe than its match is new (it got worse), and its match is not fixed': {
    current: [finding('c1', 'XSS', { severity: 'critical', path: '/a' }), finding('c2', 'CSRF', { severity: 'low' })],
    baseline: [finding('b1', 'XSS', { severity: 'low', path: '/a' }), finding('b2', 'CSRF', { severity: 'high' })],
    new: ['c1'],
    existing: ['c2'],
    fixed: []
  },
  'a baseline severity the API does not document counts as the least': {
    current: [finding('c1', 'XSS', { severity: 'low' })],
    baseline: [finding('b1', 'XSS', { severity: 'critical', undocumentedSeverity: { spelling: 'crit', from: 'assumed' } })],
    new: ['c1'],
    existing: [],
    fixed: []
  },
  'among findings of one key the most severe pair first': {
    current: [finding('c1', 'XSS', { severity: 'low' }), finding('c2', 'XSS', { severity: 'critical' })],
    baseline: [finding('b1', 'XSS', { severity: 'low' }), finding('b2', 'XSS', { severity: 'critical' })],
    new: [],
    existing: ['c1', 'c2'],
    fixed: []
  },
  'a URL matches a path field with the same path': {
    current: [finding('c1', 'Directory listing', { url: 'https://preview.example.com/assets/' })],
    baseline: [finding('b1', 'Directory listing', { path: '/assets/' })],
    new: [],
    existing: ['c1'],
    fixed: []
  },
  'a different port on the same title is new': {
    current: [finding('c1', 'Open port', { port: '22' })],
    baseline: [finding('b1', 'Open port', { port: '2222' })],
    new: ['c1'],
    existing: [],
    fixed: ['b1']
  },
  'a different parameter at the same path is new': {
    current: [finding('c1', 'SQL injection', { path: '/login', parameter: 'password' })],
    baseline: [finding('b1', 'SQL injection', { path: '/login', parameter: 'user' })],
    new: ['c1'],
    existing: [],
    fixed: ['b1']
  },
  'white space and case in titles do not count': {
    current: [finding('c1', '  Missing  Strict-Transport-Security\theader ')],
    baseline: [finding('b1', 'missing strict-transport-security HEADER')],
    new: [],
    existing: ['c1'],
    fixed: []
  },
  'a different title is a different finding': {
    current: [finding('c1', 'Cookie without Secure flag')],
    baseline: [finding('b1', 'Cookie without HttpOnly flag')],
    new: ['c1'],
    existing: [],
    fixed: ['b1']
  },
  'a finding triaged in this scan is neither new nor existing': {
    current: [finding('c1', 'XSS', { status: 'false_positive' }), finding('c2', 'CSRF')],
    baseline: [finding('b1', 'XSS')],
    new: ['c2'],
    existing: [],
    fixed: ['b1']
  },
  'a finding triaged in the baseline does not make this one existing': {
    current: [finding('c1', 'XSS')],
    baseline: [finding('b1', 'XSS', { status: 'Accepted Risk' })],
    new: ['c1'],
    existing: [],
    fixed: []
  },
  'an ignored finding is left out on both sides': {
    current: [finding('c1', 'Server version disclosure'), finding('c2', 'XSS')],
    baseline: [finding('b1', 'Server version disclosure'), finding('b2', 'XSS')],
    ignore: ['Server version disclosure'],
    new: [],
    existing: ['c2'],
    fixed: []
  },
  'duplicate titles match one to one: a second copy is new': {
    current: [finding('c1', 'Weak cipher'), finding('c2', 'Weak cipher')],
    baseline: [finding('b1', 'Weak cipher')],
    new: ['c2'],
    existing: ['c1'],
    fixed: []
  },
  'duplicate titles at different paths pair by path only': {
    current: [finding('c1', 'XSS'), finding('c2', 'XSS', { path: '/b' })],
    baseline: [finding('b1', 'XSS', { path: '/b' }), finding('b2', 'XSS', { path: '/a' })],
    new: ['c1'],
    existing: ['c2'],
    fixed: ['b2']
  },
  'an empty baseline makes every open finding new': {
    current: [finding('c1', 'XSS'), finding('c2', 'CSRF', { status: 'resolved' })],
    baseline: [],
    new: ['c1'],
    existing: [],
    fixed: []
  }
}

describe('matchBaseline', () => {
  it.each(Object.entries(CASES))('%s', (_name, testCase) => {
    const result = matchBaseline(testCase.current, testCase.baseline, { ignore: testCase.ignore ?? [] })
    expect({ new: ids(result.new), existing: ids(result.existing), fixed: ids(result.fixed) }).toEqual({
      new: testCase.new,
      existing: testCase.existing,
      fixed: testCase.fixed
    })
  })

  it('names what got worse and the severity it had in the baseline, for the report', () => {
    const worse = finding('c1', 'XSS', { severity: 'critical' })
    const was = finding('b1', 'XSS', { severity: 'low' })
    expect(matchBaseline([worse], [was], { ignore: [] }).worse).toEqual([{ finding: worse, baseline: was, baselineSeverity: 'low' }])
  })

  it('no text can forge an absent location field', () => {
    const forged = finding('c1', 'XSS', { path: 'null' })
    expect(matchBaseline([forged], [finding('b1', 'XSS')], { ignore: [] }).new).toEqual([forged])
  })

  it('normalises titles and takes path and query, never the host, from a URL', () => {
    expect(titleKey(' SQL\n Injection ')).toBe('sql injection')
    expect(pathAndQuery('https://user:pw@pr-1.example.com:8443/a/b?x=1#frag')).toBe('/a/b?x=1')
    expect(pathAndQuery('/a/b?x=1')).toBe('/a/b?x=1')
    expect(pathAndQuery('a/b')).toBe('/a/b')
  })
})
