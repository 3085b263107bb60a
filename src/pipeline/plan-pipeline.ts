import * as core from '@actions/core'
import * as log from '../core/log.js'
import { readBoolean, readChoice } from '../core/inputs.js'
import { CredentialInput } from '../core/credential-inputs.js'
import { InputError } from '../core/errors.js'
import { readCredentialsOrSkip, readOnMissingCredentials, type CredentialSettings } from '../core/read-credentials.js'
import type { Scope } from '../core/scopes.js'
import { readAddAssetsInputs, type AddAssetsPlan } from '../add-assets/add-assets-inputs.js'
import { AddAssetsInput } from '../add-assets/names.js'
import { REGISTER_SCOPE } from '../add-assets/register-assets.js'
import { readTriggerScanInputs, TRIGGER_SCAN_SCOPES, type TriggerScanInputs } from '../trigger-scan/trigger-scan-inputs.js'
import { PIPELINE_ACTION_NAME, PipelineInput, SCAN_ASSETS_CHOICES } from './names.js'

/** What one pipeline step will do, with every input validated and nothing sent yet. */
export interface PipelinePlan {
  assets?: AddAssetsPlan
  scan?: TriggerScanInputs
  /** `skipped` (with the reason to warn with) when there are no credentials and on-missing-credentials is skip. */
  credentials: CredentialSettings | { skipped: string }
}

/** The least scope the chosen work needs (docs/design.md, "The actions"). */
export function leastScopes(registers: boolean, scans: boolean): Scope[] {
  return [...(registers ? [REGISTER_SCOPE] : []), ...(scans ? TRIGGER_SCAN_SCOPES : [])]
}

/** Reads every input of the pipeline; all checks happen here, before any request. Writes nothing. */
export function planPipeline(): PipelinePlan {
  const scans = readBoolean(PipelineInput.scan, true)
  const registers = core.getInput(AddAssetsInput.assets) !== '' || core.getInput(AddAssetsInput.assetsFile) !== ''
  if (!registers && !scans) {
    throw new InputError('There is nothing to do: give assets (or assets-file) to register, or leave scan: true and name the asset to scan.')
  }

  // An InvalidAssetsError carries the plan, so the caller can still report which entries were invalid.
  const assets: AddAssetsPlan | undefined = registers ? readAddAssetsInputs({ dryRun: false }) : undefined
  const scanAssets = readChoice(PipelineInput.scanAssets, SCAN_ASSETS_CHOICES, 'first')
  // Without asset or asset-id, the scan covers the first asset registered here, or all of them.
  const registered = assets?.assets ?? []
  const scan = scans ? readTriggerScanInputs({ defaultAssets: scanAssets === 'all' ? registered : registered.slice(0, 1) }) : undefined

  const defaultScopes = leastScopes(registers, scans)
  const reader = { action: PIPELINE_ACTION_NAME, onMissingCredentials: scan?.onMissingCredentials ?? readOnMissingCredentials() }
  const credentials = readCredentialsOrSkip({ reader, acceptsToken: true, defaultScopes })
  if ('skipped' in credentials) return { assets, scan, credentials }
  if (core.getInput(CredentialInput.scope) === '' && credentials.settings.clientCredentials !== undefined) {
    log.info(`Requesting the least scope this work needs: ${defaultScopes.join(' ')}.`)
  }
  return { assets, scan, credentials: credentials.settings }
}
