/**
 * Canonical forms of IPv4/IPv6 addresses and CIDR ranges.
 *
 * Decisions:
 * - IPv4 must be four decimal octets. A leading zero (`010.1.1.1`) is rejected as ambiguous:
 *   some tools read it as octal (8), others as decimal (10). Short (`1.2.3`), hex and
 *   single-number forms are rejected too, though some parsers accept them.
 * - IPv6 takes its RFC 5952 form. An IPv4-mapped address (`::ffff:192.0.2.1`) is the IPv4 host
 *   itself, so it becomes `192.0.2.1`; a mapped range with prefix ≥ 96 becomes the IPv4 range.
 * - A zone id (`fe80::1%eth0`) only means something on one machine, so it is rejected.
 * - The deprecated IPv4-compatible form (`::192.0.2.1`) is rejected as ambiguous.
 * - A CIDR range with host bits set is rejected; the reason names the network meant.
 *   `/32` and `/128` ranges stay ranges: the user chose to register a range.
 */
import ipaddr from 'ipaddr.js'
import { accepted, rejected, type AssetCheck } from './asset-check.js'

const IPV4_BITS = 32
const IPV6_BITS = 128
// `::ffff:0:0/96` holds every IPv4-mapped address, so a mapped prefix ≥ 96 is an IPv4 prefix + 96.
const IPV4_MAPPED_PREFIX = 96
const IPV4_OCTETS = 4
const OCTET_MAX = 255
const DIGITS = /^\d+$/
// ipaddr.js silently reads `::a.b.c.d` as `::ffff:a.b.c.d`; catch it before it does.
const IPV4_COMPATIBLE = /^::\d+\.\d+\.\d+\.\d+$/

/** Normalises an all-numeric dotted host (`192.0.2.1`), with an optional CIDR prefix length. */
export function normaliseIpv4(text: string, prefix?: string): AssetCheck {
  const parsed = parseDottedQuad(text)
  if (!parsed.ok) return parsed
  if (prefix === undefined) return accepted(parsed.address, 'ipv4')
  return normaliseCidr(parsed.address, prefix, 'ipv4')
}

/** Normalises a host with colons (`2001:DB8::1`), with an optional CIDR prefix length. */
export function normaliseIpv6(text: string, prefix?: string): AssetCheck {
  const zone = text.indexOf('%')
  if (zone !== -1) {
    return rejected(`${text} has a zone id (${text.slice(zone)}), which only means something on one machine; register ${text.slice(0, zone)} without it.`)
  }
  if (IPV4_COMPATIBLE.test(text)) {
    const ipv4 = text.slice(2)
    return rejected(`${text} is a deprecated IPv4-compatible IPv6 address; write ${ipv4} for the IPv4 host or ::ffff:${ipv4} for the mapped one.`)
  }
  // ipaddr.js reads an embedded IPv4 part leniently (leading zeros, for one), so hold it to the IPv4 rules.
  const lastGroup = text.slice(text.lastIndexOf(':') + 1)
  if (lastGroup.includes('.')) {
    const embedded = parseDottedQuad(lastGroup)
    if (!embedded.ok) return rejected(`${text} is not a valid IPv6 address because its IPv4 part is invalid: ${embedded.reason}`)
  }
  if (!ipaddr.IPv6.isValid(text)) return rejected(`${text} contains colons but is not a valid IPv6 address.`)

  const address = ipaddr.IPv6.parse(text)
  if (address.isIPv4MappedAddress()) {
    const ipv4 = address.toIPv4Address().toString()
    if (prefix === undefined) return accepted(ipv4, 'ipv4')
    if (DIGITS.test(prefix) && Number(prefix) >= IPV4_MAPPED_PREFIX && Number(prefix) <= IPV6_BITS) {
      return normaliseCidr(ipv4, String(Number(prefix) - IPV4_MAPPED_PREFIX), 'ipv4')
    }
  }
  const canonical = address.toRFC5952String()
  if (prefix === undefined) return accepted(canonical, 'ipv6')
  return normaliseCidr(canonical, prefix, 'ipv6')
}

type DottedQuad = { ok: true; address: string } | { ok: false; reason: string }

function parseDottedQuad(text: string): DottedQuad {
  if (!text.includes('.')) {
    return { ok: false, reason: `${text} is a bare number, not a host; write an IPv4 address as four dotted octets, e.g. 192.0.2.1.` }
  }
  const parts = text.split('.')
  if (parts.length !== IPV4_OCTETS) {
    return {
      ok: false,
      reason: `${text} looks like an IPv4 address but has ${parts.length} parts, and an IPv4 address has exactly ${IPV4_OCTETS} (e.g. 192.0.2.1).`
    }
  }
  for (const part of parts) {
    if (!DIGITS.test(part)) {
      return { ok: false, reason: `${text} looks like an IPv4 address but has an empty or non-numeric part between its dots.` }
    }
    if (part.length > 1 && part.startsWith('0')) {
      return {
        ok: false,
        reason: `${text} is ambiguous because ${part} has a leading zero (some tools read it as octal); write the octets without leading zeros.`
      }
    }
    if (Number(part) > OCTET_MAX) {
      return { ok: false, reason: `${text} looks like an IPv4 address but ${part} is not an octet (0–${OCTET_MAX}).` }
    }
  }
  return { ok: true, address: parts.map(Number).join('.') }
}

function normaliseCidr(address: string, prefix: string, family: 'ipv4' | 'ipv6'): AssetCheck {
  const maxBits = family === 'ipv4' ? IPV4_BITS : IPV6_BITS
  if (!DIGITS.test(prefix) || Number(prefix) > maxBits) {
    return rejected(
      `${address}/${prefix} has prefix length ${prefix === '' ? '(empty)' : prefix}, but an ${family === 'ipv4' ? 'IPv4' : 'IPv6'} prefix length is a whole number from 0 to ${maxBits}.`
    )
  }
  const prefixLength = Number(prefix)
  const range = `${address}/${prefixLength}`
  const network = family === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(range).toString() : ipaddr.IPv6.networkAddressFromCIDR(range).toRFC5952String()
  if (network !== address) {
    return rejected(`${range} has host bits set; the network is ${network}/${prefixLength} (or write ${address} for the single address).`)
  }
  return accepted(range, family === 'ipv4' ? 'cidr4' : 'cidr6')
}
