// Which strings the emulated API accepts as assets: domains, IPv4, IPv6, CIDR ranges (strict, no URLs).
import ipaddr from 'ipaddr.js'
import type { AssetType } from './emulator-options.js'

const MAX_DOMAIN_LENGTH = 253
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/
const NUMERIC_TLD = /^[0-9]+$/

export type AssetClassification = { ok: true; type: AssetType; name: string } | { ok: false; reason: string }

export function classifyAsset(input: unknown): AssetClassification {
  if (typeof input !== 'string') return { ok: false, reason: 'is not a string' }
  const name = input.toLowerCase()
  if (name.length === 0) return { ok: false, reason: 'is empty' }
  if (name !== name.trim() || /\s/.test(name)) return { ok: false, reason: 'contains white space' }
  if (name.includes('/')) return classifyCidr(name)
  if (name.includes(':')) {
    return ipaddr.IPv6.isValid(name)
      ? { ok: true, type: 'ipv6', name: ipaddr.IPv6.parse(name).toString() }
      : { ok: false, reason: 'is neither an IPv6 address nor a host name' }
  }
  if (/^[0-9.]+$/.test(name)) {
    return ipaddr.IPv4.isValidFourPartDecimal(name) ? { ok: true, type: 'ipv4', name } : { ok: false, reason: 'is not a valid IPv4 address' }
  }
  return classifyDomain(name)
}

function classifyCidr(name: string): AssetClassification {
  if (!ipaddr.isValidCIDR(name)) return { ok: false, reason: 'is not a valid CIDR range' }
  const [address, prefix] = ipaddr.parseCIDR(name)
  const network = address.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(name) : ipaddr.IPv6.networkAddressFromCIDR(name)
  if (network.toString() !== address.toString()) {
    return { ok: false, reason: `has host bits set (the network is ${network.toString()}/${prefix})` }
  }
  return { ok: true, type: 'cidr', name: `${address.toString()}/${prefix}` }
}

function classifyDomain(name: string): AssetClassification {
  if (name.length > MAX_DOMAIN_LENGTH) return { ok: false, reason: `is longer than ${MAX_DOMAIN_LENGTH} characters` }
  const labels = name.split('.')
  if (labels.length < 2) return { ok: false, reason: 'is not a fully qualified domain name (it needs at least two labels)' }
  if (!labels.every((label) => DOMAIN_LABEL.test(label))) return { ok: false, reason: 'is not a valid domain name' }
  if (NUMERIC_TLD.test(labels.at(-1) ?? '')) return { ok: false, reason: 'has an all-numeric top-level label' }
  return { ok: true, type: 'domain', name }
}
