import { describe, expect, it } from 'vitest'
import { normaliseAsset, type AssetKind } from '../../../src/add-assets/normalise-asset.js'

const LONGEST_LABEL = 'a'.repeat(63)
const TOO_LONG_LABEL = 'a'.repeat(64)
// Four 63-character labels and three dots: 255 characters, over the 253 limit.
const TOO_LONG_NAME = [LONGEST_LABEL, LONGEST_LABEL, LONGEST_LABEL, `${'b'.repeat(59)}.com`].join('.')
// 253 characters exactly: the longest allowed name.
const LONGEST_NAME = [LONGEST_LABEL, LONGEST_LABEL, LONGEST_LABEL, `${'b'.repeat(57)}.com`].join('.')

type ValidRow = [input: string, asset: string, kind: AssetKind]

const validRows: ValidRow[] = [
  // domains
  ['example.com', 'example.com', 'domain'],
  ['  App.Example.COM  ', 'app.example.com', 'domain'],
  ['example.com.', 'example.com', 'domain'],
  ['example.com..', 'example.com', 'domain'],
  ['sub-domain.example.co.uk', 'sub-domain.example.co.uk', 'domain'],
  ['3com.example', '3com.example', 'domain'],
  ['ab--cd.example', 'ab--cd.example', 'domain'],
  [`${LONGEST_LABEL}.example.com`, `${LONGEST_LABEL}.example.com`, 'domain'],
  [LONGEST_NAME, LONGEST_NAME, 'domain'],
  // internationalised names
  ['bücher.example', 'xn--bcher-kva.example', 'domain'],
  ['BÜCHER.example', 'xn--bcher-kva.example', 'domain'],
  ['xn--bcher-kva.example', 'xn--bcher-kva.example', 'domain'],
  ['XN--BCHER-KVA.EXAMPLE', 'xn--bcher-kva.example', 'domain'],
  ['münchen.de', 'xn--mnchen-3ya.de', 'domain'],
  ['💩.la', 'xn--ls8h.la', 'domain'],
  ['ｅｘａｍｐｌｅ。com', 'example.com', 'domain'],
  // URLs and URL-ish forms
  ['https://App.Example.com/x', 'app.example.com', 'domain'],
  ['https://user:p%40ss@app.example.com:8443/path/to?q=1&r=2#frag', 'app.example.com', 'domain'],
  ['ftp://user@files.example.com', 'files.example.com', 'domain'],
  ['HTTP://EXAMPLE.COM.:80', 'example.com', 'domain'],
  ['//cdn.example.com/lib.js', 'cdn.example.com', 'domain'],
  ['https://bücher.example/katalog', 'xn--bcher-kva.example', 'domain'],
  ['example.com:8080', 'example.com', 'domain'],
  ['example.com/path/page.html', 'example.com', 'domain'],
  ['example.com/2024', 'example.com', 'domain'],
  ['example.com?utm=x', 'example.com', 'domain'],
  ['http://192.0.2.10:8080/admin', '192.0.2.10', 'ipv4'],
  ['https://10.0.0.0/8', '10.0.0.0', 'ipv4'],
  ['192.0.2.10/index.html', '192.0.2.10', 'ipv4'],
  ['192.0.2.10:443', '192.0.2.10', 'ipv4'],
  ['https://[2001:DB8::1]:8443/path', '2001:db8::1', 'ipv6'],
  ['[2001:db8::1]:443', '2001:db8::1', 'ipv6'],
  ['[2001:db8::1]', '2001:db8::1', 'ipv6'],
  // IPv4
  ['192.0.2.1', '192.0.2.1', 'ipv4'],
  ['0.0.0.0', '0.0.0.0', 'ipv4'],
  ['255.255.255.255', '255.255.255.255', 'ipv4'],
  ['192.0.2.1.', '192.0.2.1', 'ipv4'],
  ['10.0.0.0', '10.0.0.0', 'ipv4'],
  // IPv6
  ['2001:DB8:0:0:0:0:0:1', '2001:db8::1', 'ipv6'],
  ['2001:0db8:0000:0000:0001:0000:0000:0001', '2001:db8::1:0:0:1', 'ipv6'],
  ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1', 'ipv6'],
  ['::1', '::1', 'ipv6'],
  ['::', '::', 'ipv6'],
  ['2001:db8::192.0.2.1', '2001:db8::c000:201', 'ipv6'],
  ['::ffff:192.0.2.1', '192.0.2.1', 'ipv4'],
  ['::FFFF:C000:0201', '192.0.2.1', 'ipv4'],
  ['https://[::ffff:192.0.2.1]/', '192.0.2.1', 'ipv4'],
  // CIDR
  ['198.51.100.0/24', '198.51.100.0/24', 'cidr4'],
  ['0.0.0.0/0', '0.0.0.0/0', 'cidr4'],
  ['192.0.2.1/32', '192.0.2.1/32', 'cidr4'],
  ['10.0.0.0/08', '10.0.0.0/8', 'cidr4'],
  ['2001:DB8::/32', '2001:db8::/32', 'cidr6'],
  ['2001:db8:0:0::/64', '2001:db8::/64', 'cidr6'],
  ['::/0', '::/0', 'cidr6'],
  ['2001:db8::1/128', '2001:db8::1/128', 'cidr6'],
  ['[2001:db8::]/48', '2001:db8::/48', 'cidr6'],
  ['::ffff:192.0.2.0/120', '192.0.2.0/24', 'cidr4']
]

type InvalidRow = [input: string, reasonFact: string, ...moreReasonFacts: string[]]

const invalidRows: InvalidRow[] = [
  // IPv4 look-alikes
  ['999.1.1.1', '999 is not an octet (0–255)'],
  ['192.0.2.256', '256 is not an octet'],
  ['1.2.3', 'has 3 parts', 'exactly 4'],
  ['1.2.3.4.5', 'has 5 parts'],
  ['1..2.3', 'empty or non-numeric part'],
  ['010.1.1.1', 'leading zero', '010'],
  ['192.0.2.01', 'leading zero', '01'],
  ['2130706433', 'bare number', 'four dotted octets'],
  ['0x7f.0.0.1', 'numeric label 1', 'neither a domain name nor an IPv4 address'],
  ['example.123', 'numeric label 123'],
  ['https://999.1.1.1/login', '999.1.1.1 looks like an IPv4 address', '999 is not an octet'],
  // CIDR
  ['198.51.100.7/24', 'host bits set', '198.51.100.0/24'],
  ['10.1.2.3/8', '10.0.0.0/8'],
  ['2001:db8::1/32', 'host bits set', '2001:db8::/32'],
  ['2001:DB8::1/64', '2001:db8::/64'],
  ['::ffff:192.0.2.7/120', '192.0.2.0/24'],
  ['10.0.0.0/33', 'prefix length 33', '0 to 32'],
  ['2001:db8::/129', 'prefix length 129', '0 to 128'],
  ['2001:db8::/abc', 'prefix length abc', 'whole number'],
  ['2001:db8::/', 'prefix length (empty)'],
  // IPv6
  ['2001:db8::1::2', 'not a valid IPv6 address'],
  ['1:2:3:4:5:6:7:8:9', 'not a valid IPv6 address'],
  ['2001:db8::g', 'not a valid IPv6 address'],
  ['fe80::1%eth0', 'zone id (%eth0)', 'register fe80::1'],
  ['::192.0.2.1', 'deprecated IPv4-compatible', '::ffff:192.0.2.1'],
  ['::ffff:010.1.1.1', 'IPv4 part', 'leading zero'],
  ['::ffff:999.1.1.1', 'IPv4 part', '999 is not an octet'],
  ['http://2001:db8::1/', 'without brackets', '[2001:db8::1]'],
  ['[2001:db8::1', 'never closes'],
  ['[2001:db8::1]x', '"x" after "]"'],
  ['[example.com]', 'only for IPv6'],
  // junk
  ['not a host!', 'not a domain name, IP address or CIDR range', 'a space'],
  ['exa%41mple.com', 'not a domain name', '"%"'],
  ['ex!ample.com', '"!"'],
  ['a\tb.example.com', 'control character U+0009'],
  ['user@example.com', 'e-mail address', 'register the domain example.com'],
  ['example.com:http', 'port number'],
  ['https://', 'has no host name'],
  ['https:///path', 'has no host name'],
  ['...', 'has no host name'],
  // domain rules
  ['*.example.com', 'wildcard', 'register the names themselves'],
  ['https://*.example.com/', 'wildcard'],
  ['www.*.example.com', 'wildcard'],
  ['a..example.com', 'empty label'],
  ['.example.com', 'empty label'],
  [`${TOO_LONG_LABEL}.example.com`, 'label of 64 characters', 'at most 63'],
  [TOO_LONG_NAME, '255 characters long', 'at most 253'],
  [`${'ü'.repeat(60)}.example`, 'at most 63'],
  ['intranet', 'needs at least two labels', 'intranet.example.com'],
  ['COM', 'needs at least two labels', 'com.example.com'],
  ['localhost:8080', 'needs at least two labels'],
  ['-www.example.com', 'starts or ends with a hyphen', '-www'],
  ['www-.example.com', 'starts or ends with a hyphen', 'www-'],
  ['_dmarc.example.com', 'underscore', 'DNS record name'],
  ['my_host.example.com', 'underscore'],
  ['xn--a.example', 'xn--a', 'not valid punycode'],
  ['\u0301a.example', 'not a valid internationalised domain name'],
  ['', 'empty entry']
]

describe('normaliseAsset: valid entries', () => {
  it.each(validRows)('%j → %s (%s)', (input, asset, kind) => {
    expect(normaliseAsset(input)).toEqual({ ok: true, asset, kind })
  })
})

describe('normaliseAsset: invalid entries', () => {
  it.each(invalidRows)('%j is invalid', (input, ...reasonFacts) => {
    const result = normaliseAsset(input)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.input).toBe(input.trim())
    for (const fact of reasonFacts) expect(result.reason).toContain(fact)
  })

  it.each(invalidRows)('gives %j a reason of one sentence', (input) => {
    const result = normaliseAsset(input)
    if (result.ok) throw new Error(`${input} was accepted`)
    expect(result.reason).toMatch(/\.$/)
    expect(result.reason).not.toContain('\n')
  })
})

describe('normaliseAsset: stability', () => {
  it.each(validRows)('normalising the output of %j again changes nothing', (input) => {
    const first = normaliseAsset(input)
    if (!first.ok) throw new Error(`${input} was rejected: ${first.reason}`)
    expect(normaliseAsset(first.asset)).toEqual(first)
  })
})
