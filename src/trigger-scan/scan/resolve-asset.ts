import * as log from '../../core/log.js'
import { S4EApiError } from '../../core/errors.js'
import type { S4EApi } from '../../core/s4e-api.js'
import type { AssetTarget } from '../trigger-scan-inputs.js'

export interface ResolvedAsset {
  id: string
  name?: string
}

/** The asset to scan: an asset-id as given, or the asset whose name matches exactly (any case). */
export async function resolveAsset(api: Pick<S4EApi, 'findAssetByName'>, target: AssetTarget): Promise<ResolvedAsset> {
  if ('assetId' in target) return { id: target.assetId }
  const asset = await api.findAssetByName(target.assetName)
  if (asset === undefined) {
    throw new S4EApiError(
      `No asset named "${target.assetName}" is registered in this S4E workspace: register it first with the s4e-add-assets action (or the assets input of the root action), or pass its id as asset-id.`,
      404,
      'asset_not_found'
    )
  }
  log.info(`Resolved the asset ${asset.name} to id ${asset.id}.`)
  return { id: asset.id, name: asset.name }
}
