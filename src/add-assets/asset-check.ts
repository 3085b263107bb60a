/** What an asset string is, once normalised. */
export type AssetKind = 'domain' | 'ipv4' | 'ipv6' | 'cidr4' | 'cidr6'

/** The verdict on one host or range, before it is tied back to the user's input. */
export type AssetCheck = { ok: true; asset: string; kind: AssetKind } | { ok: false; reason: string }

export function accepted(asset: string, kind: AssetKind): AssetCheck {
  return { ok: true, asset, kind }
}

export function rejected(reason: string): AssetCheck {
  return { ok: false, reason }
}
