// One budget per step: warnings and errors printed anywhere in the step (inputs, polling, paging) count with the report's.
import * as core from '@actions/core'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as log from '../../../src/core/log.js'
import { AnnotationBudget, emitFindingAnnotations, MAX_WARNING_ANNOTATIONS } from '../../../src/trigger-scan/report/annotations.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

let budget: AnnotationBudget
beforeEach(() => {
  vi.clearAllMocks()
  budget = new AnnotationBudget()
})
afterEach(() => budget.close())

describe('the step annotation budget', () => {
  it('counts warnings printed before the report, so early and report warnings together stay within 10', () => {
    for (let index = 0; index < 7; index++) log.warning(`early warning ${index}`)
    for (let index = 0; index < 6; index++) budget.warning(`report warning ${index}`)
    log.error('an early error')
    emitFindingAnnotations([], budget)
    const warnings = vi.mocked(core.warning).mock.calls.map(([message]) => String(message))
    expect(warnings).toHaveLength(MAX_WARNING_ANNOTATIONS)
    expect(warnings.at(-1)).toBe('report warning 2')
    expect(vi.mocked(core.error)).toHaveBeenCalledTimes(1)
    expect(vi.mocked(core.info).mock.calls.map(([line]) => line)).toEqual(['report warning 3', 'report warning 4', 'report warning 5'])
    expect(vi.mocked(core.notice).mock.calls[0]?.[0]).toMatch(
      /^3 more errors and warnings are in the log only \(GitHub shows 10 error and 10 warning annotations per step\)/
    )
  })

  it('counts nothing once the step closed it', () => {
    budget.close()
    for (let index = 0; index < 12; index++) log.warning(`later warning ${index}`)
    expect(vi.mocked(core.warning)).toHaveBeenCalledTimes(12)
    expect(budget.unannotated).toBe(0)
  })
})
