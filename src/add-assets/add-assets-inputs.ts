import * as core from '@actions/core'
import * as log from '../core/log.js'
import { InputError } from '../core/errors.js'
import { FAIL_OR_SKIP, readChoice, readNumber } from '../core/inputs.js'
import { MAX_INPUT_FILE_BYTES, readConfinedInputFile } from '../core/input-file.js'
import { normaliseAssets } from './normalise-asset.js'
import { ASSET_DESCRIPTION_LENGTH as DESCRIPTION_LENGTH, ASSET_SOURCES, type AssetSource } from '../core/api-types.js'
import { AddAssetsInput, DEFAULT_BATCH_SIZE, MAX_BATCH_SIZE, type OnInvalid } from './names.js'
import { parseAssetsFile } from './parse-asset-list.js'
import { shownEntry, shownReason } from './shown-entry.js'

export interface InvalidAssetEntry {
  input: string
  reason: string
}

/** Everything s4e-add-assets will do, validated; building it sends nothing. */
export interface AddAssetsPlan {
  /** Normalised, each once, in the order first given. */
  assets: string[]
  invalid: InvalidAssetEntry[]
  description?: string
  source?: AssetSource
  batchSize: number
  onInvalid: OnInvalid
  dryRun: boolean
}

/** `on-invalid: fail` with invalid entries: carries the plan so outputs and summary can still be written. */
export class InvalidAssetsError extends InputError {
  override readonly name: string = 'InvalidAssetsError'
  constructor(readonly plan: AddAssetsPlan) {
    const bad = plan.invalid.length
    super({
      what: `${bad} asset ${bad === 1 ? 'entry is' : 'entries are'} invalid (each is listed above with its reason), so nothing was sent`,
      fix: `fix or remove ${bad === 1 ? 'it' : 'them'}, or set on-invalid: skip to register the valid ones`
    })
  }
}

function readDescription(): string | undefined {
  const text = core.getInput(AddAssetsInput.description)
  if (text === '') return undefined
  // Counted in characters as a person sees them, not UTF-16 units.
  const length = [...text].length
  if (length < DESCRIPTION_LENGTH.min || length > DESCRIPTION_LENGTH.max) {
    throw new InputError({
      what: `The ${AddAssetsInput.description} input has ${length} characters but S4E accepts ${DESCRIPTION_LENGTH.min} to ${DESCRIPTION_LENGTH.max}`,
      fix: length < DESCRIPTION_LENGTH.min ? 'write a longer one, or leave it empty' : 'shorten it'
    })
  }
  return text
}

function readSource(): AssetSource | undefined {
  const given = core.getInput(AddAssetsInput.source)
  if (given === '') return undefined
  const text = given.toLowerCase()
  if (!(ASSET_SOURCES as readonly string[]).includes(text)) {
    throw new InputError({
      what: `The ${AddAssetsInput.source} input "${given}" is not a source S4E knows`,
      fix: `use one of ${ASSET_SOURCES.join(', ')}, or leave it empty`
    })
  }
  return text as AssetSource
}

/** Annotations for invalid entries; beyond this, one more line counts the rest. */
export const MAX_INVALID_ANNOTATIONS = 20
/** The largest assets-file read: far more than any asset list, far less than a runner's memory. */
export const MAX_ASSETS_FILE_BYTES = MAX_INPUT_FILE_BYTES

/** Reads the assets-file (confined, regular, at most 16 MiB: see readConfinedInputFile) and parses its entries. */
function readAssetsFileEntries(given: string): string[] {
  const content = readConfinedInputFile(given, AddAssetsInput.assetsFile)
  try {
    return parseAssetsFile(content, `The assets file ${given}`)
  } catch (error) {
    // A JSON parse error quotes the file, which may hold anything: the sentence goes without that cause.
    if (error instanceof InputError && error.problem !== undefined) throw new InputError({ ...error.problem, cause: undefined })
    throw error
  }
}

function readAssetEntries(): string[] {
  const inline = core.getInput(AddAssetsInput.assets)
  const file = core.getInput(AddAssetsInput.assetsFile)
  if (inline === '' && file === '') {
    throw new InputError({
      what: `Neither ${AddAssetsInput.assets} nor ${AddAssetsInput.assetsFile} was given`,
      fix: 'list the domains, IP addresses or CIDR ranges to register in one of them'
    })
  }
  const entries: string[] = []
  // The input also takes a JSON array, like the file, so one format works in both places.
  if (inline !== '') entries.push(...parseAssetsFile(inline, `The ${AddAssetsInput.assets} input`))
  if (file !== '') for (const entry of readAssetsFileEntries(file)) entries.push(entry)
  return entries
}

function announceInvalidEntries(plan: AddAssetsPlan): void {
  const annotate = plan.onInvalid === 'fail' ? log.error : log.warning
  const title = plan.onInvalid === 'fail' ? 'Invalid asset entry' : 'Invalid asset entry skipped'
  for (const entry of plan.invalid.slice(0, MAX_INVALID_ANNOTATIONS)) annotate(entry.reason, { title })
  const rest = plan.invalid.length - MAX_INVALID_ANNOTATIONS
  if (rest > 0) {
    annotate(
      `…and ${rest} more invalid ${rest === 1 ? 'entry' : 'entries'}, not annotated one by one: the invalid output lists the first 1,000 and the job summary the first rows.`,
      { title }
    )
  }
}

/**
 * Reads and validates every s4e-add-assets input except the credentials and dry-run (the
 * one-step pipeline has no dry-run, so the caller reads it); sends nothing.
 * Invalid entries are announced (errors with `on-invalid: fail`, warnings with `skip`).
 * @throws InputError with one sentence; InvalidAssetsError (carrying the plan) for `on-invalid: fail`.
 */
export function readAddAssetsInputs(options: { dryRun: boolean }): AddAssetsPlan {
  const description = readDescription()
  const source = readSource()
  const batchSize = readNumber(AddAssetsInput.batchSize, DEFAULT_BATCH_SIZE, {
    integer: true,
    check: (n) => n >= 1 && n <= MAX_BATCH_SIZE,
    rule: `a whole number from 1 to ${MAX_BATCH_SIZE}`
  })
  const onInvalid = readChoice<OnInvalid>(AddAssetsInput.onInvalid, FAIL_OR_SKIP, 'fail')
  const { dryRun } = options
  const entries = readAssetEntries()
  const normalised = normaliseAssets(entries)
  const { assets } = normalised
  const invalid = normalised.invalid.map((entry) => ({ input: shownEntry(entry.input), reason: shownReason(entry.reason, entry.input) }))
  const plan: AddAssetsPlan = { assets, invalid, description, source, batchSize, onInvalid, dryRun }

  announceInvalidEntries(plan)
  if (invalid.length > 0 && onInvalid === 'fail') throw new InvalidAssetsError(plan)
  if (assets.length === 0) {
    throw new InputError(
      invalid.length > 0
        ? { what: `None of the ${invalid.length} asset entries is valid, so there is nothing to register`, fix: 'fix the entries listed above' }
        : {
            what: `The ${AddAssetsInput.assets} and ${AddAssetsInput.assetsFile} inputs hold no asset entries (only blank lines or comments)`,
            fix: 'list at least one domain, IP address or CIDR range'
          }
    )
  }
  return plan
}
