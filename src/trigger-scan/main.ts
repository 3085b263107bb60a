import { type ActionRunOptions, runAction } from '../core/action-runner.js'
import { withCancellation } from '../core/cancellation.js'
import { InputError } from '../core/errors.js'
import { maskCredentialInputs } from '../core/read-credentials.js'
import { openSession } from '../core/session.js'
import { AnnotationBudget } from './report/annotations.js'
import { reportTriggerScanRun } from './report/report-trigger-scan.js'
import type { TriggerScanRun } from './scan-outcome.js'
import { runScanStep } from './scan/started-elsewhere.js'
import { stepEndsAtMs } from './scan/step-deadline.js'
import { readTriggerScanCredentials, readTriggerScanInputs } from './trigger-scan-inputs.js'

/** Validates everything, then starts each scan once, waits and gates: the run as a value, nothing reported yet. */
async function triggerScan(options: ActionRunOptions, signal: AbortSignal): Promise<TriggerScanRun> {
  maskCredentialInputs()
  let inputs, credentials
  try {
    inputs = readTriggerScanInputs()
    credentials = readTriggerScanCredentials(inputs.onMissingCredentials)
  } catch (error) {
    if (error instanceof InputError) return { kind: 'refused', message: error.message }
    throw error
  }
  if ('skipped' in credentials) return { kind: 'skipped', reason: credentials.skipped, inputs }
  const session = openSession(credentials.settings, { timing: options.timing, endsAtMs: stepEndsAtMs(options.timing, inputs.request) })
  return { kind: 'scanned', inputs, scans: await runScanStep(session.api, inputs.request, { timing: options.timing, signal }) }
}

/** s4e-trigger-scan: validate everything, start the scan once, wait, gate, then report it once. */
export async function run(options: ActionRunOptions = {}): Promise<void> {
  await withCancellation((signal) => {
    // One budget for every warning and error of the step, the ones before the report included.
    const annotations = new AnnotationBudget()
    return runAction(async () => reportTriggerScanRun(await triggerScan(options, signal), annotations)).finally(() => annotations.close())
  }, options.signals)
}
