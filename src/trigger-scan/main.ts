import { type ActionRunOptions, runAction } from '../core/action-runner.js'
import { withCancellation } from '../core/cancellation.js'
import { openSession } from '../core/session.js'
import { reportSkippedRun, reportTriggerScan, setKnownOutputs } from './report/report-trigger-scan.js'
import { runScanAndGate, ScanRunError } from './scan/run-scan-and-gate.js'
import { stepEndsAtMs } from './scan/step-deadline.js'
import { readTriggerScanCredentials, readTriggerScanInputs } from './trigger-scan-inputs.js'

/** s4e-trigger-scan: validate everything, start the scan once, wait, gate, report. */
export async function run(options: ActionRunOptions = {}): Promise<void> {
  await withCancellation(
    (signal) =>
      runAction(async () => {
        let reporting = false
        try {
          const credentials = readTriggerScanCredentials()
          const inputs = readTriggerScanInputs()
          reporting = true
          if ('skipped' in credentials) return await reportSkippedRun(credentials.skipped, inputs)
          reporting = false

          const session = openSession(credentials.settings, { timing: options.timing, endsAtMs: stepEndsAtMs(options.timing, inputs.request) })
          const report = await runScanAndGate(session.api, inputs.request, { timing: options.timing, signal })
          reporting = true
          await reportTriggerScan(report, inputs)
        } catch (error) {
          // Outputs are set on every path; once reporting began they are already right.
          if (!reporting) setKnownOutputs(error instanceof ScanRunError ? error.known : {})
          throw error
        }
      }),
    options.signals
  )
}
