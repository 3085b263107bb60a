/**
 * How an invalid entry (and the reason that quotes it) is shown in annotations, outputs and the
 * summary. An assets file can hold anything (a .env line, a URL with a password), so nothing is
 * echoed whole: at most SHOWN_ENTRY_LENGTH characters, user-info removed, known secrets redacted,
 * and in the entry's own case, so the runner's exact-string mask still matches a secret in it.
 */
import { redactSecrets } from '../core/secrets.js'

export const SHOWN_ENTRY_LENGTH = 100
// Words shorter than this are ordinary words of the reason, not echoes of the entry.
const MIN_ECHO_LENGTH = 4
const USER_INFO = /(^|\/\/)[^\s/?#@]*@/g
const WORD = /[^\s"'()[\],;]+/g
const TRAILING_PUNCTUATION = /[.:!?]+$/

function withoutUserInfo(text: string): string {
  return text.replace(USER_INFO, (match, start: string) => (match.slice(start.length).includes(':') || start === '//' ? start : match))
}

function truncated(text: string): string {
  const characters = [...text]
  return characters.length <= SHOWN_ENTRY_LENGTH ? text : `${characters.slice(0, SHOWN_ENTRY_LENGTH).join('')}…`
}

/** The entry as shown: capped, user-info removed, secrets redacted. */
export function shownEntry(input: string): string {
  return truncated(redactSecrets(withoutUserInfo(input)))
}

/** The reason as shown: every word that echoes part of the entry gets the entry's case back and the same treatment. */
export function shownReason(reason: string, input: string): string {
  const lowerInput = input.toLowerCase()
  const echoed = withoutUserInfo(reason).replace(WORD, (word) => {
    const core = word.replace(TRAILING_PUNCTUATION, '')
    const tail = word.slice(core.length)
    if (core.length < MIN_ECHO_LENGTH) return word
    const at = lowerInput.indexOf(core.toLowerCase())
    if (at === -1) return word
    return `${truncated(withoutUserInfo(input.slice(at, at + core.length)))}${tail}`
  })
  return redactSecrets(echoed)
}
