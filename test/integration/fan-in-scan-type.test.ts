// A fan-in step takes each scan's type from its scans entry, not from its own scan-type input (docs/design.md, "Fan-in across jobs").
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Log } from 'sarif'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Emulator } from '../../dev/emulator/emulator-options.js'
import { startEmulator } from '../../dev/emulator/server.js'
import { runStep } from '../../dev/harness/run-step.js'
import { registerAssets, tokenFor } from '../emulator/emulator-requests.js'
import type { ScansEntry } from './scans-entry.js'

const ACTION = 'actions/s4e-trigger-scan'
const HOST = 'tls.example.com'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator({ port: 0, scanDurationMs: 0, chosenFindings: { [HOST]: [{ title: 'Weak TLS cipher', severity: 'medium', path: '/' }] } })
  await registerAssets(emulator, await tokenFor(emulator), [HOST])
})
afterAll(async () => {
  await emulator.stop()
})

const credentials = () => ({ 'api-url': emulator.url, 'client-id': emulator.credentials.clientId, 'client-secret': emulator.credentials.clientSecret })

describe('the scan type of a scans entry', () => {
  it('is written by the leg and used by the fan-in step for its report, SARIF category and own scans entries', async () => {
    const leg = await runStep({ action: ACTION, inputs: { ...credentials(), asset: HOST, 'scan-type': 'ssl', wait: 'false' } })
    expect(leg.exitCode, leg.log).toBe(0)
    const started = JSON.parse(leg.outputs.scans ?? '') as ScansEntry[]
    expect(started).toEqual([expect.objectContaining({ 'scan-type': 'ssl' })])

    const workspace = mkdtempSync(path.join(tmpdir(), 's4e-fan-in-type-'))
    mkdirSync(path.join(workspace, 'scans'))
    copyFileSync(leg.outputs['scans-file'] ?? '', path.join(workspace, 'scans', 'leg.json'))
    // The fan-in step's scan-type input is left at its default (quick).
    const result = await runStep({
      action: ACTION,
      workspace,
      inputs: { ...credentials(), 'scans-from': 'scans/*.json', 'poll-interval': '1', 'sarif-file': 's4e.sarif', 'fail-on': 'high' }
    })
    expect(result.exitCode, result.log).toBe(0)
    expect(result.summary).toContain(`| **${HOST}** | ${started[0]?.['scan-id']} (ssl) | completed |`)
    const sarif = JSON.parse(readFileSync(result.outputs['sarif-file'] ?? '', 'utf8')) as Log
    expect(sarif.runs.map((run) => run.automationDetails?.id)).toEqual(['s4e/ssl/'])
    expect((JSON.parse(result.outputs.scans ?? '') as ScansEntry[]).map((entry) => entry['scan-type'])).toEqual(['ssl'])
  })

  it('falls back to the scan-type input for a bare scan id', async () => {
    const leg = await runStep({ action: ACTION, inputs: { ...credentials(), asset: HOST, 'scan-type': 'ssl', wait: 'false' } })
    const result = await runStep({
      action: ACTION,
      inputs: { ...credentials(), 'scan-id': leg.outputs['scan-id'] ?? '', 'scan-type': 'full', 'poll-interval': '1' }
    })
    expect(result.exitCode, result.log).toBe(0)
    expect((JSON.parse(result.outputs.scans ?? '') as ScansEntry[]).map((entry) => entry['scan-type'])).toEqual(['full'])
  })
})
