/**
 * Finds the host inside one asset entry: a URL, `host:port`, `host/path`, `[ipv6]:port`,
 * a bare IPv6 address, or an IP with a `/prefix` (a CIDR range).
 *
 * It only cuts the string apart; deciding whether the host is valid is someone else's job.
 */

export type HostExtraction =
  | {
      ok: true
      /** The host exactly as written (brackets removed), not yet lower-cased or checked. */
      host: string
      /** True when the host was written inside `[…]`, which only an IPv6 address may be. */
      bracketed: boolean
      /** The text after `/` when the entry may be a CIDR range (`198.51.100.0/24`); undefined otherwise. */
      cidrPrefix?: string
    }
  | { ok: false; reason: string }

// `scheme://` or a protocol-relative `//`; the scheme itself is never needed.
const URL_START = /^(?:[a-z][a-z0-9+.-]*:)?\/\//i
// Where the authority (user-info, host, port) of a URL ends.
const AUTHORITY_END = /[/?#\\]/
// A `/digits` tail: a prefix length after an IP, or just a numeric path after a domain.
const PREFIX_TAIL = /^\/(\d+)$/
const PORT = /^\d*$/

export function extractHost(entry: string): HostExtraction {
  const urlStart = URL_START.exec(entry)
  if (urlStart) {
    const rest = entry.slice(urlStart[0].length)
    const authority = rest.split(AUTHORITY_END, 1)[0] ?? ''
    // User-info may itself contain `@` and `:`; the host follows the last `@`.
    const hostAndPort = authority.slice(authority.lastIndexOf('@') + 1)
    const split = splitHostAndPort(hostAndPort, entry)
    if (!split.ok) return split
    return { ok: true, host: split.host, bracketed: split.bracketed }
  }

  const authorityEnd = entry.search(AUTHORITY_END)
  const authority = authorityEnd === -1 ? entry : entry.slice(0, authorityEnd)
  const tail = authorityEnd === -1 ? '' : entry.slice(authorityEnd)

  if (!authority.startsWith('[') && countColons(authority) >= 2) {
    // A bare IPv6 address cannot carry a port or path, so anything after `/` is a prefix length.
    if (tail === '') return { ok: true, host: authority, bracketed: false }
    if (tail.startsWith('/')) return { ok: true, host: authority, bracketed: false, cidrPrefix: tail.slice(1) }
    return { ok: false, reason: `${entry} has "${tail}" after what looks like an IPv6 address.` }
  }

  const at = authority.lastIndexOf('@')
  if (at !== -1) {
    const domain = authority.slice(at + 1)
    return {
      ok: false,
      reason: `${entry} looks like an e-mail address, not a host; register the domain${domain ? ` ${domain}` : ''} instead.`
    }
  }

  const split = splitHostAndPort(authority, entry)
  if (!split.ok) return split
  const prefix = split.hadPort ? null : PREFIX_TAIL.exec(tail)
  return {
    ok: true,
    host: split.host,
    bracketed: split.bracketed,
    ...(prefix ? { cidrPrefix: prefix[1] } : {})
  }
}

type HostAndPort = { ok: true; host: string; bracketed: boolean; hadPort: boolean } | { ok: false; reason: string }

function splitHostAndPort(hostAndPort: string, entry: string): HostAndPort {
  if (hostAndPort.startsWith('[')) {
    const close = hostAndPort.indexOf(']')
    if (close === -1) {
      return { ok: false, reason: `${entry} opens "[" for an IPv6 address but never closes it with "]".` }
    }
    const afterBracket = hostAndPort.slice(close + 1)
    if (afterBracket !== '' && !(afterBracket.startsWith(':') && PORT.test(afterBracket.slice(1)))) {
      return { ok: false, reason: `${entry} has "${afterBracket}" after "]", where only a :port may follow.` }
    }
    return { ok: true, host: hostAndPort.slice(1, close), bracketed: true, hadPort: afterBracket !== '' }
  }

  const colons = countColons(hostAndPort)
  if (colons === 0) return { ok: true, host: hostAndPort, bracketed: false, hadPort: false }
  if (colons > 1) {
    return {
      ok: false,
      reason: `${entry} has an IPv6 address in a URL without brackets; write it as [${hostAndPort}].`
    }
  }
  const colon = hostAndPort.indexOf(':')
  const port = hostAndPort.slice(colon + 1)
  if (!PORT.test(port)) {
    return { ok: false, reason: `${entry} has "${port}" after ":", where only a port number may follow the host.` }
  }
  return { ok: true, host: hostAndPort.slice(0, colon), bracketed: false, hadPort: true }
}

function countColons(text: string): number {
  let count = 0
  for (const character of text) if (character === ':') count++
  return count
}
