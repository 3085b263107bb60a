/**
 * Turns what a user wrote (a domain, URL, IP address or CIDR range) into the canonical asset
 * string S4E registers, or a one-sentence reason why it is not an asset.
 */
import { rejected, type AssetCheck, type AssetKind } from './asset-check.js'
import { normaliseDomainName } from './domain-name.js'
import { extractHost } from './extract-host.js'
import { normaliseIpv4, normaliseIpv6 } from './ip-literal.js'

export type { AssetKind } from './asset-check.js'

export type NormalisedAsset = { ok: true; asset: string; kind: AssetKind }
/** `input` is the entry as given, trimmed; `reason` is one sentence for a person. */
export type InvalidAsset = { ok: false; input: string; reason: string }
export type AssetNormalisation = NormalisedAsset | InvalidAsset

export type NormalisedAssetList = {
  /** Canonical assets, each once, in the order first seen. */
  assets: string[]
  /** Entries that are not assets, each distinct input once, in input order. */
  invalid: { input: string; reason: string }[]
}

// UTS #46 treats these as full stops; map them first so every check sees the real labels.
const IDEOGRAPHIC_FULL_STOPS = /[\u3002\uff0e\uff61]/g
const TRAILING_DOTS = /\.+$/
const ALL_NUMERIC_DOTTED = /^[0-9.]+$/

/** Normalises one entry; never throws. */
export function normaliseAsset(raw: string): AssetNormalisation {
  const input = raw.trim()
  if (input === '') return { ok: false, input, reason: 'An empty entry is not an asset.' }

  const extracted = extractHost(input)
  if (!extracted.ok) return { ok: false, input, reason: extracted.reason }

  if (extracted.host === '') return { ok: false, input, reason: `${input} has no host name.` }
  const check = classifyHost(extracted.host, extracted.bracketed, extracted.cidrPrefix)
  return check.ok ? check : { ok: false, input, reason: check.reason }
}

/**
 * Normalises many entries: blank entries are skipped, duplicates (after normalisation) dropped,
 * invalid entries collected with their reasons. Linear in the number of entries.
 */
export function normaliseAssets(entries: readonly string[]): NormalisedAssetList {
  const assets = new Set<string>()
  const invalid = new Map<string, string>()
  for (const entry of entries) {
    const result = normaliseAsset(entry)
    if (result.ok) assets.add(result.asset)
    else if (result.input !== '' && !invalid.has(result.input)) invalid.set(result.input, result.reason)
  }
  return {
    assets: [...assets],
    invalid: [...invalid].map(([input, reason]) => ({ input, reason }))
  }
}

function classifyHost(rawHost: string, bracketed: boolean, cidrPrefix: string | undefined): AssetCheck {
  if (rawHost.includes(':')) return normaliseIpv6(rawHost.toLowerCase(), cidrPrefix)
  if (bracketed) {
    return rejected(`[${rawHost}] uses brackets, which are only for IPv6 addresses; write ${rawHost} without them.`)
  }
  const host = rawHost.replace(IDEOGRAPHIC_FULL_STOPS, '.').replace(TRAILING_DOTS, '').toLowerCase()
  if (host === '') return rejected(`${rawHost} has no host name.`)
  if (ALL_NUMERIC_DOTTED.test(host)) return normaliseIpv4(host, cidrPrefix)
  // After a domain, `/123` is only a path (`example.com/2024`), so the prefix is dropped with it.
  return normaliseDomainName(host)
}
