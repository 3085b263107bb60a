import * as log from '../core/log.js'
import { type ActionRunOptions, runAction } from '../core/action-runner.js'
import { withCancellation } from '../core/cancellation.js'
import { maskCredentialInputs } from '../core/read-credentials.js'
import { openSession } from '../core/session.js'
import { registerAssets } from '../add-assets/register-assets.js'
import { reportAddAssets } from '../add-assets/report-add-assets.js'
import { reportSkippedRun, reportTriggerScan, setKnownOutputs } from '../trigger-scan/report/report-trigger-scan.js'
import { runScanAndGate, ScanRunError } from '../trigger-scan/scan/run-scan-and-gate.js'
import { stepEndsAtMs } from '../trigger-scan/scan/step-deadline.js'
import { planPipeline } from './plan-pipeline.js'

/**
 * The one-step pipeline: auth → register assets (when given) → scan and gate (unless scan: false),
 * in one process with one token provider. The token is never an output and never exported.
 */
export async function run(options: ActionRunOptions = {}): Promise<void> {
  await withCancellation(
    (signal) =>
      runAction(async () => {
        maskCredentialInputs()
        const plan = await planPipeline()
        if ('skipped' in plan.credentials) {
          if (plan.assets !== undefined) log.info('No asset was registered: there are no S4E credentials in this run.')
          if (plan.scan !== undefined) await reportSkippedRun(plan.credentials.skipped, plan.scan)
          return
        }

        const endsAtMs = plan.scan !== undefined ? stepEndsAtMs(options.timing, plan.scan.request) : undefined
        const session = openSession(plan.credentials, { timing: options.timing, endsAtMs })
        if (plan.assets !== undefined) {
          const result = await registerAssets(session.api, plan.assets)
          await reportAddAssets(plan.assets, result)
          if (result.error !== undefined) throw result.error
        }
        if (plan.scan === undefined) return
        const report = await runScanAndGate(session.api, plan.scan.request, { timing: options.timing, signal }).catch((error: unknown) => {
          // Scan outputs are set on every path, with what is known so far.
          setKnownOutputs(error instanceof ScanRunError ? error.known : {})
          throw error
        })
        await reportTriggerScan(report, plan.scan)
      }),
    options.signals
  )
}
