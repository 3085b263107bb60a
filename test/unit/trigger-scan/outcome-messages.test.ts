import { describe, expect, it, vi } from 'vitest'
import { sentenceOf } from '../../../src/core/problem.js'
import { gateFailedProblem } from '../../../src/trigger-scan/report/outcome-messages.js'
import { testFinding as finding, testReport } from '../support/scan-report-fixture.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

describe('gateFailedProblem', () => {
  it('names each title once, with the ids the ignore input takes', () => {
    const report = testReport([
      finding('c1', 'critical', { title: 'Exposed .git directory', cvss: 9.5 }),
      finding('h1', 'high', { title: 'Subdomain takeover possible', cvss: 8.9 }),
      finding('h2', 'high', { title: 'Subdomain takeover possible', cvss: 7.2 })
    ])
    expect(sentenceOf(gateFailedProblem(report))).toBe(
      'The S4E gate failed: scan scan-100 has 3 open findings at or above high (1 critical, 2 high), such as "Exposed .git directory" (id c1), ' +
        '"Subdomain takeover possible" (ids h1, h2): fix them, triage them on S4E (false positive, accepted risk), or list their ids under ignore.'
    )
  })

  it('names at most three titles and three ids under each, and counts the findings it did not name', () => {
    const same = Array.from({ length: 5 }, (_, i) => finding(`s${i}`, 'high', { title: 'Same title', cvss: 9 - i }))
    const others = ['B', 'C', 'D'].map((title, i) => finding(`o${i}`, 'high', { title, cvss: 1 }))
    const message = sentenceOf(gateFailedProblem(testReport([...same, ...others])))
    expect(message).toContain('such as "Same title" (ids s0, s1, s2), "B" (id o0), "C" (id o1) and 3 more: fix them')
    expect(message.match(/"Same title"/g)).toHaveLength(1)
  })
})
