import { type ActionRunOptions, runAction } from '../core/action-runner.js'
import { readBoolean } from '../core/inputs.js'
import * as log from '../core/log.js'
import { maskCredentialInputs, readCredentialsOrSkip, readOnMissingCredentials } from '../core/read-credentials.js'
import { openSession } from '../core/session.js'
import { InvalidAssetsError, readAddAssetsInputs, type AddAssetsPlan } from './add-assets-inputs.js'
import { AddAssetsInput } from './names.js'
import { registerAssets, REGISTER_SCOPE } from './register-assets.js'
import { nothingSent, reportAddAssets } from './report-add-assets.js'

/** s4e-add-assets: validate every input, then register the assets in sequential batches. */
export async function run(options: ActionRunOptions = {}): Promise<void> {
  await runAction(async () => {
    maskCredentialInputs()
    const reader = { action: 's4e-add-assets', onMissingCredentials: readOnMissingCredentials() }
    let plan: AddAssetsPlan
    try {
      plan = readAddAssetsInputs({ dryRun: readBoolean(AddAssetsInput.dryRun, false) })
    } catch (error) {
      // Outputs and summary still tell which entries were invalid.
      if (error instanceof InvalidAssetsError) await reportAddAssets(error.plan, nothingSent(error.plan, error))
      throw error
    }
    if (plan.dryRun) {
      await reportAddAssets(plan, nothingSent(plan))
      return
    }
    const credentials = readCredentialsOrSkip({ reader, acceptsToken: true, defaultScopes: [REGISTER_SCOPE] })
    if ('skipped' in credentials) {
      log.warning(credentials.skipped)
      return
    }
    const session = openSession(credentials.settings, { timing: options.timing })
    const result = await registerAssets(session.api, plan)
    await reportAddAssets(plan, result)
    if (result.error !== undefined) throw result.error
  })
}
