import { isIP } from 'node:net'
import { InputError } from './errors.js'

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (host === 'localhost' || host === '::1') return true
  return isIP(host) === 4 && host.startsWith('127.')
}

/**
 * Parses an S4E URL input: https only, except http for loopback hosts, so no secret crosses a
 * network in clear text. Returns the URL without trailing slashes.
 */
export function parseServiceUrl(value: string, inputName: string, kind: 'input' | 'variable' = 'input'): string {
  const trimmed = value.trim()
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    throw new InputError(`The ${inputName} ${kind} "${trimmed}" is not a valid URL: give an absolute URL such as https://api.s4e.io.`)
  }
  if (url.username !== '' || url.password !== '') {
    throw new InputError(
      `The ${inputName} ${kind} must not contain a user name or password: pass credentials through client-id/client-secret or api-key instead.`
    )
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new InputError(
      `The ${inputName} ${kind} uses http:// for ${url.hostname}, which would send secrets in clear text: use https:// (http:// is accepted only for localhost and 127.0.0.1).`
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(`The ${inputName} ${kind} must be an https:// URL, not ${url.protocol}//.`)
  }
  if (url.search !== '' || url.hash !== '') {
    throw new InputError(`The ${inputName} ${kind} must not contain a query string or fragment: give the base URL only.`)
  }
  return url.toString().replace(/\/+$/, '')
}
