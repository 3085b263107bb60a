import * as log from '../core/log.js'
import { S4EApiError } from '../core/errors.js'
import { causeOf, type Problem, ProblemError } from '../core/problem.js'
import type { S4EApi } from '../core/s4e-api.js'
import type { Scope } from '../core/scopes.js'
import type { AddAssetsPlan } from './add-assets-inputs.js'

/** The scope bulk-asset-add needs (docs/api.md, "Scopes"). */
export const REGISTER_SCOPE: Scope = 'assets:write'

/** A batch failed after the core's retries; its sentence says how far the registration got. */
export class AssetRegistrationError extends ProblemError {
  override readonly name: string = 'AssetRegistrationError'
  constructor(
    problem: Problem,
    /** HTTP status of the final answer, when the API gave one. */
    readonly status: number | undefined,
    /** Set when the API answered 403: the scope these credentials lack. */
    readonly missingScope: Scope | undefined
  ) {
    super(problem)
  }
}

export interface RegistrationResult {
  /** Assets in batches the API accepted (assets it already had count too). */
  registeredCount: number
  /** Batches sent, a retried batch once; a batch that finally failed counts as sent. */
  batches: number
  plannedBatches: number
  /** Why the step should fail: a batch that failed (AssetRegistrationError), or invalid entries. */
  error?: Error
}

export function countBatches(assetCount: number, batchSize: number): number {
  return Math.ceil(assetCount / batchSize)
}

/**
 * The batch's failure with how far the registration got: the failure's own parts, its fix (when
 * it has one) followed by the progress, so the sentence is composed once.
 */
function failureError(error: unknown, done: number, total: number, batch: number, plannedBatches: number): AssetRegistrationError {
  const status = error instanceof S4EApiError ? error.status : undefined
  const progress =
    done === 0
      ? `no asset was registered before batch ${batch} of ${plannedBatches} failed`
      : `${done} of ${total} assets were registered before batch ${batch} of ${plannedBatches} failed`
  const afterwards = `${progress}, and re-running the step is safe because S4E registration is idempotent`
  const failure: Problem =
    error instanceof ProblemError && error.problem !== undefined
      ? error.problem
      : { what: `S4E did not register batch ${batch} of ${plannedBatches}`, cause: causeOf(error) }
  const fix = failure.fix !== undefined && failure.fix !== '' ? `${failure.fix}; ${afterwards}` : afterwards
  return new AssetRegistrationError({ ...failure, fix }, status, status === 403 ? REGISTER_SCOPE : undefined)
}

/**
 * Registers the plan's assets in sequential batches of `plan.batchSize`. Each batch is retried by
 * the core (bulk-asset-add is idempotent); the first batch that still fails stops the run.
 * Never throws for a failed batch: the result carries the error, with the counts so far.
 */
export async function registerAssets(api: S4EApi, plan: AddAssetsPlan): Promise<RegistrationResult> {
  const total = plan.assets.length
  const plannedBatches = countBatches(total, plan.batchSize)
  const result: RegistrationResult = { registeredCount: 0, batches: 0, plannedBatches }
  for (let start = 0, batch = 1; start < total; start += plan.batchSize, batch++) {
    const assets = plan.assets.slice(start, start + plan.batchSize)
    result.batches = batch
    try {
      await api.addAssets(assets, { description: plan.description, source: plan.source })
    } catch (error) {
      result.error = failureError(error, result.registeredCount, total, batch, plannedBatches)
      return result
    }
    result.registeredCount += assets.length
    log.info(
      `Batch ${batch} of ${plannedBatches}: S4E accepted ${assets.length} asset${assets.length === 1 ? '' : 's'} (${result.registeredCount} of ${total}).`
    )
  }
  return result
}
