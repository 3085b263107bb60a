import * as core from '@actions/core'
import * as log from '../core/log.js'
import { randomUUID } from 'node:crypto'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { writeJobSummary } from '../core/job-summary.js'
import { outsideText } from '../core/markdown-text.js'
import { writeFileAtomically } from '../core/output-file.js'
import { jsonArrayWithin, MAX_OUTPUT_BYTES } from '../core/output-limits.js'
import { plural } from '../core/plural.js'
import { causeOf, sentenceOf } from '../core/problem.js'
import type { AddAssetsPlan, InvalidAssetEntry } from './add-assets-inputs.js'
import { AddAssetsOutput } from './names.js'
import { AssetRegistrationError, countBatches, REGISTER_SCOPE, type RegistrationResult } from './register-assets.js'

/** Invalid entries the invalid output holds at most; invalid-count counts all of them. */
export const MAX_INVALID_OUTPUT_ENTRIES = 1000
/** Rows of invalid entries (and assets) shown in the job summary; the rest are counted. */
export const SUMMARY_ROW_LIMIT = 25

/** The result of a run that sent nothing (dry run, or invalid entries with `on-invalid: fail`). */
export function nothingSent(plan: AddAssetsPlan, error?: Error): RegistrationResult {
  return { registeredCount: 0, batches: 0, plannedBatches: countBatches(plan.assets.length, plan.batchSize), error }
}

/** Writes every normalised asset to a JSON file in RUNNER_TEMP; a later step can pass it as assets-file. */
async function writeAssetsJsonFile(assets: readonly string[]): Promise<string> {
  const file = path.join(process.env.RUNNER_TEMP || tmpdir(), `s4e-assets-${randomUUID()}.json`)
  await writeFileAtomically(file, `${JSON.stringify(assets, null, 1)}\n`)
  return file
}

async function setOutputs(plan: AddAssetsPlan, result: RegistrationResult): Promise<void> {
  let assetsFile = ''
  try {
    assetsFile = await writeAssetsJsonFile(plan.assets)
  } catch (error) {
    log.warning(
      sentenceOf({
        what: `The list of assets could not be written to RUNNER_TEMP, so the ${AddAssetsOutput.assetsJsonFile} output is empty`,
        cause: causeOf(error),
        fix: `read the ${AddAssetsOutput.assets} output instead, or give the job a RUNNER_TEMP folder it may write`
      })
    )
  }
  const assets = jsonArrayWithin(plan.assets, MAX_OUTPUT_BYTES)
  if (assets.kept < plan.assets.length) {
    log.warning(
      `The ${AddAssetsOutput.assets} output holds only the first ${assets.kept} of ${plan.assets.length} assets, because the full list exceeds GitHub's 1 MiB output limit: read the full list from the file named by the ${AddAssetsOutput.assetsJsonFile} output.`
    )
  }
  const invalid = jsonArrayWithin(plan.invalid.slice(0, MAX_INVALID_OUTPUT_ENTRIES), MAX_OUTPUT_BYTES)
  if (invalid.kept < plan.invalid.length) {
    log.warning(
      `The ${AddAssetsOutput.invalid} output holds only the first ${invalid.kept} of ${plan.invalid.length} invalid entries (${AddAssetsOutput.invalidCount} counts them all): fix those first and run again to see the rest.`
    )
  }
  core.setOutput(AddAssetsOutput.assets, assets.json)
  core.setOutput(AddAssetsOutput.registeredCount, String(result.registeredCount))
  core.setOutput(AddAssetsOutput.invalid, invalid.json)
  core.setOutput(AddAssetsOutput.invalidCount, String(plan.invalid.length))
  core.setOutput(AddAssetsOutput.batches, String(result.batches))
  core.setOutput(AddAssetsOutput.assetsJsonFile, assetsFile)
}

/** Asset names are at most 253 characters; an error sentence quotes a server's message. */
const SHOWN_ASSET_LENGTH = 300
const SHOWN_SENTENCE_LENGTH = 2000

function code(text: string): string {
  return `<code>${outsideText(text, SHOWN_ASSET_LENGTH)}</code>`
}

function headline(plan: AddAssetsPlan, result: RegistrationResult): string {
  if (result.error !== undefined) return `❌ ${outsideText(result.error.message, SHOWN_SENTENCE_LENGTH)}`
  if (plan.dryRun) {
    return `🧪 Dry run: ${plural(plan.assets.length, 'asset')} would be registered in ${plural(result.plannedBatches, 'batch', 'batches')}; nothing was sent.`
  }
  return `✅ Registered ${plural(result.registeredCount, 'asset')} with S4E.`
}

function invalidSection(plan: AddAssetsPlan): string {
  const shown = plan.invalid.slice(0, SUMMARY_ROW_LIMIT)
  const rows = shown
    .map((entry: InvalidAssetEntry) => `<tr><td>${code(entry.input)}</td><td>${outsideText(entry.reason, SHOWN_SENTENCE_LENGTH)}</td></tr>`)
    .join('')
  const rest = plan.invalid.length - shown.length
  const more = rest > 0 ? `<p>…and ${plural(rest, 'more invalid entry', 'more invalid entries')}, each listed in the step log.</p>` : ''
  const action = plan.onInvalid === 'skip' ? 'skipped' : 'nothing was sent'
  return `<h3>Invalid entries (${plan.invalid.length}, ${action})</h3><table><tr><th>Entry</th><th>Reason</th></tr>${rows}</table>${more}`
}

function assetsSection(plan: AddAssetsPlan): string {
  const shown = plan.assets.slice(0, SUMMARY_ROW_LIMIT)
  const rest = plan.assets.length - shown.length
  const items = shown.map((asset) => `<li>${code(asset)}</li>`).join('')
  const more = rest > 0 ? `<p>…and ${rest} more (all of them in the file named by the ${AddAssetsOutput.assetsJsonFile} output).</p>` : ''
  return `<details><summary>Assets (${plan.assets.length})</summary><ul>${items}</ul>${more}</details>`
}

/** The job summary, as HTML; every piece of user or server text is escaped. */
export function renderAddAssetsSummary(plan: AddAssetsPlan, result: RegistrationResult): string {
  const batches = plan.dryRun ? `0 (${result.plannedBatches} planned)` : `${result.batches} of ${result.plannedBatches}`
  const parts = [
    '<h2>S4E asset registration</h2>',
    `<p>${headline(plan, result)}</p>`,
    '<table>',
    `<tr><th>Assets registered</th><td>${result.registeredCount} of ${plan.assets.length}</td></tr>`,
    `<tr><th>Invalid entries</th><td>${plan.invalid.length}${plan.invalid.length > 0 ? ` (on-invalid: ${plan.onInvalid})` : ''}</td></tr>`,
    `<tr><th>Batches sent</th><td>${batches}, up to ${plan.batchSize} assets each</td></tr>`,
    '</table>'
  ]
  if (result.error instanceof AssetRegistrationError && result.error.missingScope !== undefined) {
    parts.push(
      `<p><strong>Missing scope:</strong> registering assets needs the ${code(result.error.missingScope)} scope. Request it with ${code(`scope: ${REGISTER_SCOPE}`)} on s4e-auth (or this step), or use credentials whose OAuth client may be granted it.</p>`
    )
  }
  if (plan.invalid.length > 0) parts.push(invalidSection(plan))
  if (plan.assets.length > 0) parts.push(assetsSection(plan))
  return parts.join('\n')
}

/** Sets every s4e-add-assets output and writes the job summary; on failure too, with the counts so far. */
export async function reportAddAssets(plan: AddAssetsPlan, result: RegistrationResult): Promise<void> {
  await setOutputs(plan, result)
  if (result.error === undefined) {
    if (plan.dryRun) {
      log.info(
        `Dry run: ${plural(plan.assets.length, 'valid asset')} would be registered in ${plural(result.plannedBatches, 'batch', 'batches')} of up to ${plan.batchSize}; nothing was sent.`
      )
    } else {
      log.info(`Registered ${plural(result.registeredCount, 'asset')} with S4E in ${plural(result.batches, 'batch', 'batches')}.`)
    }
  }
  await writeJobSummary(renderAddAssetsSummary(plan, result))
}
