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

// Built once per set of secrets: an assets file can ask for hundreds of thousands of redactions.
let redaction: { size: number; pattern: RegExp | undefined } = { size: -1, pattern: undefined }

function remember(spelling: string): void {
  if (knownSecrets.has(spelling)) return
  core.setSecret(spelling)
  knownSecrets.add(spelling)
}

function redactionPattern(): RegExp | undefined {
  if (redaction.size !== knownSecrets.size) {
    // Longest first, so a secret containing another is redacted whole.
    const ordered = [...knownSecrets].filter((secret) => secret.length >= MIN_REDACT_LENGTH).sort((a, b) => b.length - a.length)
    redaction = { size: knownSecrets.size, pattern: ordered.length === 0 ? undefined : new RegExp(ordered.map(escapeRegExp).join('|'), 'gi') }
  }
  return redaction.pattern
}

/** Masks a secret, and every other spelling of it, in the runner log, and remembers them for redaction. */
export function registerSecret(value: string | undefined): void {
  if (value === undefined || value.trim() === '') return
  for (const spelling of secretSpellings(value)) remember(spelling)
}

/** Client credentials also travel as HTTP Basic: mask the Base64 of `client-id:client-secret`. */
export function registerClientCredentials(clientId: string, clientSecret: string): void {
  registerSecret(clientSecret)
  if (clientId === '' || clientSecret === '') return
  for (const pair of [`${clientId}:${clientSecret}`, `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`]) {
    remember(Buffer.from(pair).toString('base64'))
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
