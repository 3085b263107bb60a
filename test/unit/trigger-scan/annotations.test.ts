import * as core from '@actions/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { registerSecret } from '../../../src/core/secrets.js'
import { forgetSecrets } from '../support/forget-secrets.js'
import {
  AnnotationBudget,
  emitFindingAnnotations,
  emitStepVerdicts,
  MAX_ERROR_ANNOTATIONS,
  MAX_WARNING_ANNOTATIONS
} from '../../../src/trigger-scan/report/annotations.js'
import { testFinding as finding, testReport } from '../support/scan-report-fixture.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

beforeEach(() => vi.clearAllMocks())
afterEach(() => {
  forgetSecrets()
  process.exitCode = undefined
})

const errors = () => vi.mocked(core.error).mock.calls
const warnings = () => vi.mocked(core.warning).mock.calls
const notices = () => vi.mocked(core.notice).mock.calls
const failures = () => vi.mocked(core.setFailed).mock.calls.map(([message]) => String(message))

describe('emitFindingAnnotations', () => {
  it('annotates each finding at or above the threshold, critical/high as errors, naming the asset and the id ignore takes', () => {
    const above = [finding('c1', 'critical', { title: 'Remote code execution', cvss: 9.8 }), finding('h1', 'high', { title: 'Reflected XSS' })]
    emitFindingAnnotations([testReport([...above, finding('m1', 'medium')])], new AnnotationBudget())
    expect(errors()).toEqual([
      [
        'Remote code execution (critical, CVSS 9.8, finding id c1) at https://preview.example.com/c1 on preview.example.com.',
        { title: 'S4E critical: Remote code execution' }
      ],
      ['Reflected XSS (high, finding id h1) at https://preview.example.com/h1 on preview.example.com.', { title: 'S4E high: Reflected XSS' }]
    ])
    expect(warnings()).toEqual([])
    expect(notices()).toEqual([])
  })

  it('annotates medium, low and info findings as warnings when the threshold lets them trip the gate', () => {
    const above = [finding('m1', 'medium'), finding('l1', 'low', { url: undefined }), finding('i1', 'info')]
    emitFindingAnnotations([testReport(above, { failOn: 'info' })], new AnnotationBudget())
    expect(errors()).toEqual([])
    expect(warnings().map(([, props]) => props?.title)).toEqual(['S4E medium: Finding m1', 'S4E low: Finding l1', 'S4E info: Finding i1'])
    expect(warnings()[1]![0]).toBe('Finding l1 (low, finding id l1) on preview.example.com.')
  })

  it('stops at 10 errors and 10 warnings for the step, the most severe first across assets, then one notice naming the rest', () => {
    const reports = Array.from({ length: 4 }, (_, a) =>
      testReport(
        [
          ...Array.from({ length: 4 }, (_, i) => finding(`a${a}-h${i}`, 'high')),
          finding(`a${a}-c`, 'critical'),
          ...Array.from({ length: 4 }, (_, i) => finding(`a${a}-m${i}`, 'medium'))
        ],
        { failOn: 'medium', asset: { id: `id-${a}`, name: `a${a}.example.com` } }
      )
    )
    emitFindingAnnotations(reports, new AnnotationBudget())
    expect(errors()).toHaveLength(MAX_ERROR_ANNOTATIONS)
    expect(warnings()).toHaveLength(MAX_WARNING_ANNOTATIONS)
    // Every critical of every asset comes before any high.
    expect(
      errors()
        .slice(0, 4)
        .map(([, props]) => props?.title)
    ).toEqual([0, 1, 2, 3].map((a) => `S4E critical: Finding a${a}-c`))
    expect(notices()).toEqual([
      [
        '16 more S4E findings at or above medium are not annotated (GitHub shows 10 error and 10 warning annotations per step): the job summary lists every finding, and the findings file has them all.',
        { title: 'More S4E findings' }
      ]
    ])
  })

  it('redacts registered secrets that a finding echoes back', () => {
    const secret = 'sk_live_annotationSecret99'
    registerSecret(secret)
    emitFindingAnnotations(
      [testReport([finding('h1', 'high', { title: `Key ${secret} leaked`, url: `https://preview.example.com/?key=${secret}` })])],
      new AnnotationBudget()
    )
    const everything = JSON.stringify([errors(), warnings(), notices()])
    expect(everything).not.toContain(secret)
    expect(everything).toContain('Key *** leaked')
  })
})

describe('emitStepVerdicts', () => {
  it('with one tripped gate: its sentence fails the step, then its findings', () => {
    const report = testReport([finding('h1', 'high')])
    emitStepVerdicts([{ level: 'failure', message: 'The S4E gate failed: scan scan-100 has 1 open finding.', annotate: report }], [], new AnnotationBudget())
    expect(failures()).toEqual(['The S4E gate failed: scan scan-100 has 1 open finding.'])
    expect(errors()).toHaveLength(1)
  })

  it('with 15 tripped gates: one failure sentence for the step, each gate in the log, and findings within the budget of 10 errors', () => {
    const reports = Array.from({ length: 15 }, (_, a) =>
      testReport([finding(`a${a}`, a === 14 ? 'critical' : 'high')], { asset: { id: `id-${a}`, name: `a${a}.example.com` } })
    )
    const verdicts = reports.map((report, a) => ({ level: 'failure' as const, message: `Gate ${a} failed.`, annotate: report }))
    emitStepVerdicts(verdicts, [], new AnnotationBudget())
    expect(failures()).toEqual([
      "The S4E gate failed on 15 of 15 assets: 15 open findings at or above high in all; the log above has each asset's verdict and the job summary lists the findings."
    ])
    expect(vi.mocked(core.info).mock.calls.map(([line]) => line)).toContain('Gate 3 failed.')
    // The failure takes one error; the findings the other 9, the critical first.
    expect(errors()).toHaveLength(MAX_ERROR_ANNOTATIONS - 1)
    expect(errors()[0]![1]).toEqual({ title: 'S4E critical: Finding a14' })
    expect(notices()[0]![0]).toMatch(/^6 more S4E findings at or above high are not annotated/)
    // The failure comes last, as the runner shows the step's end.
    expect(vi.mocked(core.setFailed).mock.invocationCallOrder[0]).toBeGreaterThan(vi.mocked(core.error).mock.invocationCallOrder.at(-1) ?? 0)
  })

  it('a failure over the budget still fails the step, as a plain line', () => {
    const budget = new AnnotationBudget()
    for (let i = 0; i < MAX_ERROR_ANNOTATIONS; i++) budget.error(`error ${i}`)
    budget.fail('One failure too many.')
    expect(failures()).toEqual([])
    expect(process.exitCode).toBe(1)
    expect(vi.mocked(core.info).mock.calls.map(([line]) => line)).toContain('One failure too many.')
    expect(budget.unannotated).toBe(1)
  })
})
