import type { FailOrSkip } from '../core/inputs.js'

/** Inputs and outputs of s4e-add-assets beyond the shared credential inputs (actions/s4e-add-assets/action.yml). */
export const AddAssetsInput = {
  assets: 'assets',
  assetsFile: 'assets-file',
  description: 'description',
  source: 'source',
  batchSize: 'batch-size',
  onInvalid: 'on-invalid',
  dryRun: 'dry-run'
} as const

export const AddAssetsOutput = {
  assets: 'assets',
  registeredCount: 'registered-count',
  invalid: 'invalid',
  invalidCount: 'invalid-count',
  batches: 'batches',
  /** Path of a JSON file with every normalised asset, for lists too long for the `assets` output. */
  assetsJsonFile: 'assets-json-file'
} as const

/** `on-invalid`: fail the step on an invalid entry, or register the valid ones and warn. */
export type OnInvalid = FailOrSkip

export const DEFAULT_BATCH_SIZE = 100
export const MAX_BATCH_SIZE = 1000
