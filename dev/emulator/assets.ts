// Registered assets: idempotent bulk registration and substring search.
import type { AssetSnapshot, AssetType } from './emulator-options.js'

export interface AssetRecord {
  serial: number
  name: string
  type: AssetType
  status: 'active'
  createdAtMs: number
  description: string | null
  source: string
}

const FIRST_ASSET_SERIAL = 1001

export class AssetRegistry {
  private readonly byName = new Map<string, AssetRecord>()
  private nextSerial = FIRST_ASSET_SERIAL

  /** Registers names not yet owned; returns how many were new and how many already existed. */
  register(
    entries: readonly { name: string; type: AssetType }[],
    details: { description: string | null; source: string; nowMs: number }
  ): { added: number; existing: number } {
    let added = 0
    let existing = 0
    for (const entry of entries) {
      if (this.byName.has(entry.name)) {
        existing += 1
        continue
      }
      this.byName.set(entry.name, {
        serial: this.nextSerial++,
        name: entry.name,
        type: entry.type,
        status: 'active',
        createdAtMs: details.nowMs,
        description: details.description,
        source: details.source
      })
      added += 1
    }
    return { added, existing }
  }

  all(): AssetRecord[] {
    return [...this.byName.values()].sort((a, b) => a.serial - b.serial)
  }

  search(term: string): AssetRecord[] {
    const needle = term.trim().toLowerCase()
    return this.all().filter((asset) => asset.name.includes(needle))
  }

  find(predicate: (asset: AssetRecord) => boolean): AssetRecord | undefined {
    return this.all().find(predicate)
  }
}

export function assetSnapshot(asset: AssetRecord, id: string): AssetSnapshot {
  return { id, name: asset.name, type: asset.type, status: asset.status, created_at: new Date(asset.createdAtMs).toISOString() }
}
