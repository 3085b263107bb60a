// One s4e-trigger-scan step of many assets against the emulator, writing SARIF: for the GitHub-limits
// bundle tests and the SARIF validation bench alike.
import type { Emulator, EmulatorOptions } from '../../dev/emulator/emulator-options.js'
import { runStep, type StepResult } from '../../dev/harness/run-step.js'

/** Emulator settings for hundreds of scans: each over at its first status request, no create limit in the way (rate limits have their own tests). */
export const MANY_SCANS: EmulatorOptions = { scanDurationMs: 0, rateLimits: { 'POST /api/scan/create': 10_000, default: 100_000 } }

/** Scans the assets in one step (fail-on none unless extra says otherwise) and writes out/s4e.sarif. */
export function sarifStep(emulator: Emulator, assets: readonly string[], extra: Record<string, string> = {}, timeoutMs?: number): Promise<StepResult> {
  const { clientId, clientSecret } = emulator.credentials
  return runStep({
    action: 'actions/s4e-trigger-scan',
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    inputs: {
      'api-url': emulator.url,
      'client-id': clientId,
      'client-secret': clientSecret,
      asset: assets.join('\n'),
      'fail-on': 'none',
      'poll-interval': '1',
      'sarif-file': 'out/s4e.sarif',
      ...extra
    }
  })
}
