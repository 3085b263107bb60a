import { type ActionRunOptions, runAction } from '../core/action-runner.js'
import { withCancellation } from '../core/cancellation.js'
import * as log from '../core/log.js'
import { maskCredentialInputs } from '../core/read-credentials.js'
import { openSession } from '../core/session.js'
import { InvalidAssetsError } from '../add-assets/add-assets-inputs.js'
import { registerAssets } from '../add-assets/register-assets.js'
import { nothingSent, reportAddAssets } from '../add-assets/report-add-assets.js'
import { AnnotationBudget } from '../trigger-scan/report/annotations.js'
import { reportTriggerScanRun } from '../trigger-scan/report/report-trigger-scan.js'
import { runScanStep } from '../trigger-scan/scan/started-elsewhere.js'
import { stepEndsAtMs } from '../trigger-scan/scan/step-deadline.js'
import { planPipeline, type PipelinePlan } from './plan-pipeline.js'

/**
 * The one-step pipeline: auth → register assets (when given) → scan and gate (unless scan: false),
 * in one process with one token provider. The token is never an output and never exported.
 */
export async function run(options: ActionRunOptions = {}): Promise<void> {
  await withCancellation((signal) => {
    // One budget for every warning and error of the step, registration's included.
    const annotations = new AnnotationBudget()
    return runAction(async () => {
      maskCredentialInputs()
      let plan: PipelinePlan
      try {
        plan = planPipeline()
      } catch (error) {
        // Outputs and summary still tell which entries were invalid.
        if (error instanceof InvalidAssetsError) await reportAddAssets(error.plan, nothingSent(error.plan, error))
        throw error
      }
      if ('skipped' in plan.credentials) {
        if (plan.assets !== undefined) log.info('No asset was registered: there are no S4E credentials in this run.')
        // One warning either way: the scan report gives it when there is a scan to skip.
        if (plan.scan !== undefined) await reportTriggerScanRun({ kind: 'skipped', reason: plan.credentials.skipped, inputs: plan.scan }, annotations)
        else log.warning(plan.credentials.skipped)
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
      const scans = await runScanStep(session.api, plan.scan.request, { timing: options.timing, signal })
      await reportTriggerScanRun({ kind: 'scanned', inputs: plan.scan, scans }, annotations)
    }).finally(() => annotations.close())
  }, options.signals)
}
