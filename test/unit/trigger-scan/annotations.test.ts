import * as core from '@actions/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { registerSecret } from '../../../src/core/secrets.js'
import { forgetSecrets } from '../support/forget-secrets.js'
import { emitGateAnnotations, MAX_FINDING_ANNOTATIONS } from '../../../src/trigger-scan/report/annotations.js'
import { testFinding as finding, testReport } from '../support/scan-report-fixture.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

beforeEach(() => vi.clearAllMocks())
afterEach(() => forgetSecrets())

const errors = () => vi.mocked(core.error).mock.calls
const warnings = () => vi.mocked(core.warning).mock.calls
const notices = () => vi.mocked(core.notice).mock.calls

describe('emitGateAnnotations', () => {
  it('a tripped gate gets one error annotation with the verdict, then one per finding at or above the threshold', () => {
    const above = [finding('c1', 'critical', { title: 'Remote code execution', cvss: 9.8 }), finding('h1', 'high', { title: 'Reflected XSS' })]
    emitGateAnnotations(testReport([...above, finding('m1', 'medium')]))
    expect(errors()).toHaveLength(3)
    const [message, properties] = errors()[0]!
    expect(message).toBe('S4E gate failed on preview.example.com: 2 open findings at or above high in scan scan-100 (counted: 1 critical, 1 high, 1 medium).')
    expect(properties).toEqual({ title: 'S4E gate failed (fail-on: high)' })
    expect(errors()[1]).toEqual([
      'Remote code execution (critical, CVSS 9.8, finding id c1) at https://preview.example.com/c1.',
      { title: 'S4E critical: Remote code execution' }
    ])
    expect(errors()[2]).toEqual(['Reflected XSS (high, finding id h1) at https://preview.example.com/h1.', { title: 'S4E high: Reflected XSS' }])
    expect(warnings()).toEqual([])
    expect(notices()).toEqual([])
  })

  it('annotates medium, low and info findings as warnings when the threshold lets them trip the gate', () => {
    const above = [finding('m1', 'medium'), finding('l1', 'low', { url: undefined }), finding('i1', 'info')]
    emitGateAnnotations(testReport(above, { failOn: 'info' }))
    expect(errors()).toHaveLength(1)
    expect(warnings().map(([, props]) => props?.title)).toEqual(['S4E medium: Finding m1', 'S4E low: Finding l1', 'S4E info: Finding i1'])
    expect(warnings()[1]![0]).toBe('Finding l1 (low, finding id l1).')
  })

  it(`caps finding annotations at ${MAX_FINDING_ANNOTATIONS} (GitHub shows 10 errors per step) and says how many more there are`, () => {
    const above = Array.from({ length: 23 }, (_, i) => finding(`h${i}`, 'high'))
    emitGateAnnotations(testReport(above))
    expect(errors()).toHaveLength(1 + MAX_FINDING_ANNOTATIONS)
    // With the step's own failure message that makes 10 errors, the most GitHub shows.
    expect(errors().length + 1).toBeLessThanOrEqual(10)
    expect(notices()).toEqual([
      [
        `${23 - MAX_FINDING_ANNOTATIONS} more S4E findings at or above high on preview.example.com are not annotated: see the job summary or the findings file.`,
        { title: 'More S4E findings' }
      ]
    ])
  })

  it('emits nothing for a passed gate with nothing at or above the threshold', () => {
    emitGateAnnotations(testReport([finding('l1', 'low')]))
    expect(errors()).toEqual([])
    expect(warnings()).toEqual([])
    expect(notices()).toEqual([])
  })

  it('redacts registered secrets that a finding echoes back', () => {
    const secret = 'sk_live_annotationSecret99'
    registerSecret(secret)
    emitGateAnnotations(testReport([finding('h1', 'high', { title: `Key ${secret} leaked`, url: `https://preview.example.com/?key=${secret}` })]))
    const everything = JSON.stringify([errors(), warnings(), notices()])
    expect(everything).not.toContain(secret)
    expect(everything).toContain('Key *** leaked')
  })
})
