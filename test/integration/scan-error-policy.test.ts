// fail-on-scan-error: false turns a scan the server reports as failed into a warning, never a listing the step could not read (docs/design.md, "What fails closed").
import { afterAll, describe, expect, it } from 'vitest'
import type { Emulator, EmulatorOptions } from '../../dev/emulator/emulator-options.js'
import { startEmulator } from '../../dev/emulator/server.js'
import { runStep, type StepResult } from '../../dev/harness/run-step.js'
import { registerAssets, tokenFor } from '../emulator/emulator-requests.js'

const emulators: Emulator[] = []
afterAll(async () => {
  await Promise.all(emulators.map((emulator) => emulator.stop()))
})

async function stepOn(asset: string, options: EmulatorOptions): Promise<StepResult> {
  const emulator = await startEmulator({ port: 0, ...options })
  emulators.push(emulator)
  await registerAssets(emulator, await tokenFor(emulator), [asset])
  const { clientId, clientSecret } = emulator.credentials
  return runStep({
    action: 'actions/s4e-trigger-scan',
    inputs: { 'api-url': emulator.url, 'client-id': clientId, 'client-secret': clientSecret, asset, 'fail-on': 'critical', 'fail-on-scan-error': 'false' }
  })
}

describe('fail-on-scan-error: false', () => {
  it('still fails the step on a findings listing it could not read', async () => {
    const result = await stepOn('app.example.com', { findingsAnswer: 'unknown-wrapper' })
    expect(result.exitCode, result.log).toBe(1)
    expect(result.outputs).toMatchObject({ status: 'failed', gate: 'skipped' })
    expect(result.errors.at(-1)).toMatch(/^Scan \S+ was started on S4E, but this step could not finish it \(The S4E API answered GET \/api\/findings/)
    expect(result.warnings.join('\n')).not.toContain('could not finish it')
  })

  it('turns a scan the server reports as failed into a warning', async () => {
    const result = await stepOn('fail-app.example.com', {})
    expect(result.exitCode, result.log).toBe(0)
    expect(result.outputs).toMatchObject({ status: 'failed', gate: 'skipped' })
    expect(result.errors).toEqual([])
    expect(result.warnings.join('\n')).toMatch(/failed/)
  })
})
