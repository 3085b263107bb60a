/**
 * Canonical form of a domain name: lower-case ASCII, punycode for internationalised labels,
 * no trailing dot, checked against the DNS host-name rules (RFC 1123 letters, digits, hyphens).
 *
 * Decisions:
 * - At least two labels: a single label (`intranet`, `com`) is not something S4E can resolve.
 * - Underscores are rejected: `_dmarc.example.com` names a DNS record, not a host to scan.
 * - Wildcards are rejected: a wildcard is a pattern, and only the names themselves are assets.
 * - Internationalised names go through the platform's UTS #46 mapping (`domainToASCII`).
 */
import { domainToASCII, domainToUnicode } from 'node:url'
import { accepted, rejected, type AssetCheck } from './asset-check.js'

const MAX_LABEL_LENGTH = 63
const MAX_NAME_LENGTH = 253
const MIN_LABELS = 2
const PUNYCODE_PREFIX = 'xn--'
// Only letters, digits, hyphens (and dots between labels) survive in a host name.
const HOST_LABEL = /^[a-z0-9-]+$/
// Letters, digits, `.`, `-` are fine; `_` and `*` have their own reasons; non-ASCII goes to IDNA.
const UNEXPECTED_ASCII = /[^a-z0-9.\-_*\u0080-\u{10ffff}]/u
// A numeric last label makes URL parsers read the whole name as an IPv4 address (WHATWG "ends in a number").
const NUMERIC_LABEL = /^(?:\d+|0x[0-9a-f]*)$/

/** Normalises a host that is not an IP literal; expects it lower-cased with trailing dots removed. */
export function normaliseDomainName(host: string): AssetCheck {
  if (host.includes('*')) {
    return rejected(`${host} is a wildcard, and wildcards are not assets; register the names themselves (e.g. ${host.replaceAll('*', 'www')}).`)
  }
  const unexpected = UNEXPECTED_ASCII.exec(host)
  if (unexpected) {
    return rejected(`${host} is not a domain name, IP address or CIDR range (it contains ${describeCharacter(unexpected[0])}).`)
  }
  if (host.includes('_')) {
    return rejected(`${host} contains an underscore, which host names cannot have (it looks like a DNS record name, not a host).`)
  }

  const inputLabels = host.split('.')
  if (inputLabels.includes('')) {
    return rejected(`${host} has an empty label (two dots in a row, or a leading dot).`)
  }
  if (inputLabels.length < MIN_LABELS) {
    return rejected(`${host} needs at least two labels, e.g. ${host}.example.com.`)
  }
  const lastLabel = inputLabels[inputLabels.length - 1]
  if (lastLabel !== undefined && NUMERIC_LABEL.test(lastLabel)) {
    return rejected(`${host} ends in the numeric label ${lastLabel}, so it is neither a domain name nor an IPv4 address.`)
  }

  const ascii = domainToASCII(host)
  if (ascii === '') {
    const badLabel = inputLabels.find((label) => domainToASCII(`${label}.example`) === '')
    return rejected(`${host} is not a valid internationalised domain name${badLabel ? ` (the label ${badLabel} is not allowed by IDNA)` : ''}.`)
  }
  return checkAsciiName(host, ascii)
}

function checkAsciiName(host: string, ascii: string): AssetCheck {
  if (ascii.length > MAX_NAME_LENGTH) {
    return rejected(`${host} is ${ascii.length} characters long${ascii === host ? '' : ' in punycode'}, but a domain name is at most ${MAX_NAME_LENGTH}.`)
  }
  for (const label of ascii.split('.')) {
    if (label.length > MAX_LABEL_LENGTH) {
      return rejected(`${host} has a label of ${label.length} characters, but a DNS label is at most ${MAX_LABEL_LENGTH}.`)
    }
    if (label.startsWith('-') || label.endsWith('-')) {
      return rejected(`${host} has a label that starts or ends with a hyphen (${label}).`)
    }
    if (label.startsWith(PUNYCODE_PREFIX) && !isCanonicalPunycode(label)) {
      return rejected(`${host} has the label ${label}, which starts with xn-- but is not valid punycode.`)
    }
    if (!HOST_LABEL.test(label)) {
      return rejected(`${host} has the label ${label}, which is not letters, digits and hyphens.`)
    }
  }
  return accepted(ascii, 'domain')
}

// The platform leaves an undecodable xn-- label as it is, so a label that does not round-trip is broken.
function isCanonicalPunycode(label: string): boolean {
  const unicode = domainToUnicode(label)
  return unicode !== label && domainToASCII(unicode) === label
}

function describeCharacter(character: string): string {
  if (character === ' ') return 'a space'
  const code = character.codePointAt(0) ?? 0
  // Control characters would be invisible in a message.
  if (code < 0x20 || code === 0x7f) return `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`
  return `"${character}"`
}
