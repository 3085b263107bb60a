import * as core from '@actions/core'
import { knownSecrets } from './secret-registry.js'

const REDACTED = '***'
// Secrets shorter than this would redact ordinary words; the runner masks them anyway.
const MIN_REDACT_LENGTH = 4
const LINE_BREAK = /\r\n|\r|\n/

// Shorter Base64 fragments would redact ordinary text.
const MIN_BASE64_FRAGMENT = 8

/**
 * The Base64 of a secret wherever it sits in encoded data (`user:secret` in a Basic header or a
 * Docker `auth`): the part of the encoding that depends on the secret alone, at each of the three
 * alignments it can have, as the runner's own masker does.
 */
function base64Fragments(secret: string): string[] {
  const bytes = Buffer.from(secret)
  const fragments: string[] = []
  for (let skip = 0; skip < 3; skip++) {
    const rest = bytes.subarray(skip)
    const fragment = rest.subarray(0, rest.length - (rest.length % 3)).toString('base64')
    if (fragment.length >= MIN_BASE64_FRAGMENT) fragments.push(fragment)
  }
  return fragments
}

/**
 * Every spelling of a secret that a request or a server's echo could carry: as typed, form-encoded
 * (URLSearchParams: space as +, ~ ! ' ( ) escaped), encodeURIComponent, a JSON string (also with
 * \/ and \uXXXX escapes, as some servers write), its Base64 inside any encoded data, and each
 * line of a multi-line value.
 */
export function secretSpellings(value: string): string[] {
  const spellings = new Set<string>()
  const lines = value
    .split(LINE_BREAK)
    .map((line) => line.trim())
    .filter((line) => line !== '')
  for (const text of [value, ...(lines.length > 1 ? lines : [])]) {
    spellings.add(text)
    spellings.add(new URLSearchParams({ v: text }).toString().slice(2))
    spellings.add(encodeURIComponent(text))
    const json = JSON.stringify(text).slice(1, -1)
    spellings.add(json)
    spellings.add(json.replace(/\//g, '\\/'))
    spellings.add(json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))
    for (const fragment of base64Fragments(text)) spellings.add(fragment)
  }
  return [...spellings].filter((spelling) => spelling.trim() !== '')
}

/** RFC 3986 strict percent-encoding: encodeURIComponent leaves `!'()*` as they are, a strict encoder does not. */
function strictPercentEncoding(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** A JSON string with every character escaped as `\uXXXX`, as some serialisers write it. */
function fullyEscapedJson(text: string): string {
  let escaped = ''
  for (let index = 0; index < text.length; index++) escaped += `\\u${text.charCodeAt(index).toString(16).padStart(4, '0')}`
  return escaped
}

function base64url(base64: string): string {
  return base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/**
 * Spellings a server's echo could carry that the runner is not asked to mask (the contract names
 * the masked ones): strict RFC 3986 percent-encoding, JSON with every character `\uXXXX`, Base64url,
 * and hex. Redaction covers them; matching ignores letter case, so upper-case hex is covered too.
 */
export function echoSpellings(value: string): string[] {
  const spellings = new Set<string>()
  for (const text of [value, ...value.split(LINE_BREAK).map((line) => line.trim())]) {
    if (text === '') continue
    spellings.add(strictPercentEncoding(text))
    spellings.add(fullyEscapedJson(text))
    spellings.add(Buffer.from(text).toString('hex'))
    // Whole, with its padding, besides the fragments that are masked.
    spellings.add(Buffer.from(text).toString('base64'))
    spellings.add(base64url(Buffer.from(text).toString('base64')))
    for (const fragment of base64Fragments(text)) spellings.add(base64url(fragment))
  }
  return [...spellings]
}

// Built once per set of secrets: an assets file can ask for hundreds of thousands of redactions.
let redaction: { version: number; pattern: RegExp | undefined; longest: number } = { version: -1, pattern: undefined, longest: 0 }

function remember(spelling: string): void {
  if (knownSecrets.has(spelling)) return
  core.setSecret(spelling)
  knownSecrets.add(spelling)
}

/** Redacted wherever this step prints, but not handed to the runner's masker. */
function rememberForRedaction(spelling: string): void {
  knownSecrets.add(spelling)
}

function redactionPattern(): RegExp | undefined {
  if (redaction.version !== knownSecrets.version) {
    // Longest first, so a secret containing another is redacted whole.
    const ordered = [...knownSecrets].filter((secret) => secret.length >= MIN_REDACT_LENGTH).sort((a, b) => b.length - a.length)
    redaction = {
      version: knownSecrets.version,
      pattern: ordered.length === 0 ? undefined : new RegExp(ordered.map(escapeRegExp).join('|'), 'gi'),
      longest: ordered[0]?.length ?? 0
    }
  }
  return redaction.pattern
}

/** Masks a secret, and every other spelling of it, in the runner log, and remembers them for redaction. */
export function registerSecret(value: string | undefined): void {
  if (value === undefined || value.trim() === '') return
  for (const spelling of secretSpellings(value)) remember(spelling)
  for (const spelling of echoSpellings(value)) rememberForRedaction(spelling)
}

/** Client credentials also travel as HTTP Basic: mask the Base64 of `client-id:client-secret`. */
export function registerClientCredentials(clientId: string, clientSecret: string): void {
  registerSecret(clientSecret)
  if (clientId === '' || clientSecret === '') return
  for (const pair of [`${clientId}:${clientSecret}`, `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`]) {
    const base64 = Buffer.from(pair).toString('base64')
    remember(base64)
    rememberForRedaction(base64url(base64))
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Replaces every registered secret in text with ***, in any letter case (a server may fold it). */
export function redactSecrets(text: string): string {
  const pattern = redactionPattern()
  return pattern === undefined ? text : text.replace(pattern, REDACTED)
}

/** Whether text holds any spelling of a registered secret. */
export function holdsSecret(text: string): boolean {
  const pattern = redactionPattern()
  if (pattern === undefined) return false
  pattern.lastIndex = 0
  const found = pattern.test(text)
  pattern.lastIndex = 0
  return found
}

/** The longest spelling of any secret: a window this much longer than what is shown redacts every secret it shows part of. */
function longestSpelling(): number {
  redactionPattern()
  return redaction.longest
}

/**
 * Outside text as it may be shown: redacted, then cut to `maxLength` characters with an ellipsis.
 * Only a window of the text is examined (grown while redaction shrinks it), so a huge server string
 * costs no more than a short one; the window's last `longest` characters may hold the start of a
 * secret cut in two, so they are never shown.
 */
export function shownText(text: string, maxLength: number): string {
  const longest = longestSpelling()
  for (let end = maxLength + longest + 1; ; end *= 2) {
    const whole = end >= text.length
    const redacted = redactSecrets(whole ? text : text.slice(0, end))
    if (whole) return redacted.length > maxLength ? `${redacted.slice(0, maxLength)}…` : redacted
    if (redacted.length - longest >= maxLength) return `${redacted.slice(0, maxLength)}…`
  }
}
