// The tolerant reading of S4E answers (docs/api.md, "How the client reads answers"): every spelling a server uses, and nothing from an entry that is not one.
import { describe, expect, it } from 'vitest'
import { idOf, normaliseStatus, toAsset, toFinding, toScan, toScanProgress } from '../../../src/core/api-types.js'

describe('idOf', () => {
  it('takes non-empty strings and finite numbers as opaque strings, nothing else', () => {
    expect([idOf('a-1'), idOf(42), idOf(''), idOf(Number.NaN), idOf(null), idOf({ id: 1 })]).toEqual(['a-1', '42', undefined, undefined, undefined, undefined])
  })
})

describe('normaliseStatus', () => {
  it('folds case, spaces and hyphens, and reads a missing or empty status as open', () => {
    expect([normaliseStatus(' False-Positive '), normaliseStatus('Re Opened'), normaliseStatus(''), normaliseStatus(7)]).toEqual([
      'false_positive',
      're_opened',
      'open',
      'open'
    ])
  })
})

describe('toAsset', () => {
  it('reads id or asset_id and name, asset or value; refuses an entry without either', () => {
    expect(toAsset({ asset_id: 5, asset: ' app.example.com ', type: 'domain' })).toEqual({
      id: '5',
      name: 'app.example.com',
      type: 'domain',
      status: undefined
    })
    expect(toAsset({ id: 'a-1', value: 'api.example.com', status: 'active' })).toMatchObject({ id: 'a-1', name: 'api.example.com', status: 'active' })
    expect([toAsset({ id: 'a-1' }), toAsset({ name: 'x.example.com' }), toAsset('a-1'), toAsset(null)]).toEqual([undefined, undefined, undefined, undefined])
  })
})

describe('toScan', () => {
  it('reads scan_id or id, and the estimate in seconds or minutes', () => {
    expect(toScan({ id: 9, status: 'Queued', estimated_duration_minutes: '2' })).toEqual({
      scanId: '9',
      assetId: '',
      scanType: '',
      status: 'queued',
      createdAt: undefined,
      estimatedDurationSeconds: 120
    })
    expect(toScan({ scan_id: 's-1', asset_id: 'a-1', scan_type: 'full', estimated_duration: 30, estimated_duration_minutes: 5 })).toMatchObject({
      estimatedDurationSeconds: 30
    })
    expect(toScan({ scan_id: 's-1', estimated_duration: null })?.estimatedDurationSeconds).toBeUndefined()
    expect(toScan({ scan_id: 's-1', estimated_duration: 'soon' })?.estimatedDurationSeconds).toBeUndefined()
    expect([toScan({ status: 'queued' }), toScan([])]).toEqual([undefined, undefined])
  })
})

describe('toScanProgress', () => {
  it('needs a status, keeps the asked scan id unless the answer names one, and reads phase or current_phase', () => {
    expect(toScanProgress({ status: 'Running', progress: '40', phase: 'crawl' }, 's-1')).toEqual({
      scanId: 's-1',
      status: 'running',
      progress: 40,
      phase: 'crawl'
    })
    expect(toScanProgress({ scan_id: 's-2', status: 'running', current_phase: 'port_scan' }, 's-1')).toMatchObject({ scanId: 's-2', phase: 'port_scan' })
    expect([toScanProgress({ progress: 10 }, 's-1'), toScanProgress('running', 's-1')]).toEqual([undefined, undefined])
  })
})

describe('toFinding', () => {
  it('reads the other spellings of each field and a location object', () => {
    expect(
      toFinding({
        finding_id: 3,
        name: 'Open redirect',
        severity: 'Moderate',
        cvss_score: '6.1',
        asset: { name: 'app.example.com' },
        location: { url: 'https://app.example.com/go', path: '/go', port: 443, parameter: 'next' },
        solution: 'Validate the target.',
        references: ['https://owasp.example/redirect', 7]
      })
    ).toMatchObject({
      id: '3',
      title: 'Open redirect',
      severity: 'medium',
      cvss: 6.1,
      assetName: 'app.example.com',
      url: 'https://app.example.com/go',
      path: '/go',
      port: '443',
      parameter: 'next',
      remediation: 'Validate the target.',
      references: ['https://owasp.example/redirect']
    })
  })

  it('takes a location that is the URL itself, names a finding without a title by its id, and refuses one without an id', () => {
    expect(toFinding({ id: 'f-1', location: 'https://app.example.com/x', asset: 'app.example.com' })).toMatchObject({
      title: 'Finding f-1',
      url: 'https://app.example.com/x',
      assetName: 'app.example.com',
      references: []
    })
    expect([toFinding({ title: 'No id' }), toFinding(null)]).toEqual([undefined, undefined])
  })
})
