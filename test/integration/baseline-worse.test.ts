// A finding that got worse since the baseline, from the bundle: it counts as new and every format says from what (docs/design.md, "Baseline").
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Log } from 'sarif'
import type { ChosenFinding, Emulator } from '../../dev/emulator/emulator-options.js'
import { startEmulator } from '../../dev/emulator/server.js'
import { runStep, type StepResult } from '../../dev/harness/run-step.js'

const ASSET = 'app.example.com'
const BEFORE: ChosenFinding[] = [
  { title: 'Missing Strict-Transport-Security header', severity: 'low', path: '/' },
  { title: 'Open redirect in return URL', severity: 'low', path: '/logout?next=' }
]
/** The same findings now, the open redirect risen from low to high. */
const NOW: ChosenFinding[] = BEFORE.map((finding) => (finding.title.startsWith('Open redirect') ? { ...finding, severity: 'high' } : finding))

let emulator: Emulator
let result: StepResult
let baselineId = ''
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, chosenFindings: { [ASSET]: NOW } })
  baselineId = emulator.seedScan({ asset: ASSET, findings: BEFORE })
  const { clientId, clientSecret } = emulator.credentials
  result = await runStep({
    action: 'actions/s4e-trigger-scan',
    inputs: {
      'api-url': emulator.url,
      'client-id': clientId,
      'client-secret': clientSecret,
      asset: ASSET,
      baseline: `scan:${baselineId}`,
      'fail-on': 'high',
      'sarif-file': 's4e.sarif',
      'findings-file': 'findings.json'
    }
  })
})
afterAll(async () => {
  await emulator.stop()
})

describe('a finding whose severity rose since the baseline', () => {
  it('fails the gate as new, and the summary says it got worse and from what', () => {
    expect(result.exitCode, result.log).toBe(1)
    expect(result.outputs).toMatchObject({ gate: 'failed', 'new-count': '1', 'existing-count': '1' })
    expect(result.summary).toContain('### ❌ S4E gate failed: 1 new finding (1 got worse) at or above high')
    expect(result.summary).toContain('**1 new** open finding (1 got worse) compared with baseline scan')
    expect(result.summary).toContain('1 new (1 got worse), 1 existing, 0 fixed |')
    expect(result.summary).toMatch(/\| High \| app\.example\.com \| Open redirect in return URL \| \S+ \| \S+ \| \*\*new\*\* \(was low\) \|/)
  })

  it('marks the SARIF result new, with baseline "worse" and the previous severity in its properties', () => {
    const log = JSON.parse(readFileSync(path.join(result.workspace, 's4e.sarif'), 'utf8')) as Log
    const results = log.runs.flatMap((run) => run.results ?? [])
    const worse = results.find((item) => item.message.text?.startsWith('Open redirect'))
    expect(worse).toMatchObject({ baselineState: 'new', properties: { severity: 'high', baseline: 'worse', previousSeverity: 'low' } })
    const same = results.find((item) => item.message.text?.startsWith('Missing Strict'))
    expect(same?.baselineState).toBe('unchanged')
    expect(same?.properties).not.toHaveProperty('previousSeverity')
  })

  it('marks the findings file entry new with its previous severity, and counts it', () => {
    const file = JSON.parse(readFileSync(path.join(result.workspace, 'findings.json'), 'utf8')) as {
      scan: { baseline: { worseCount: number } }
      findings: { title: string; baseline?: string; previousSeverity?: string }[]
    }
    expect(file.scan.baseline.worseCount).toBe(1)
    expect(file.findings.find((finding) => finding.title.startsWith('Open redirect'))).toMatchObject({ baseline: 'new', previousSeverity: 'low' })
    expect(file.findings.find((finding) => finding.title.startsWith('Missing Strict'))).not.toHaveProperty('previousSeverity')
  })
})
