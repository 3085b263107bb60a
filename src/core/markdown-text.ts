/**
 * The one renderer of outside text (server fields, finding fields, error bodies, asset names, file
 * contents) into Markdown or HTML: the job summary, the PR comment, SARIF `markdown`. Whatever the
 * text holds, what comes out shows as plain text: no HTML tag, no image, no link, no @mention and
 * no #123 reference. See docs/design.md, section "Rendering outside text".
 *
 * The text is cut to its shown length first; then one pass over its characters escapes it, so the
 * cost is linear in the length shown, whatever the text holds.
 */
import { redactSecrets } from './secrets.js'

/** Shown length of a table cell when the caller names none. */
export const DEFAULT_SHOWN_LENGTH = 160
/** Extra characters kept for redaction before the final cut, so a secret that straddles the cut is still recognised. */
const REDACTION_MARGIN = 4096
const ELLIPSIS = '…'
/**
 * GitHub links mentions, references and bare URLs in the rendered text, after entities are decoded,
 * so an entity alone does not stop them: a zero-width space inside the pattern does.
 */
const BREAK = '&#8203;'

/** Characters written as entities: HTML's own, and every character Markdown gives a meaning to inside a line. */
const ENTITY: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '|': '&#124;',
  '\\': '&#92;',
  '`': '&#96;',
  '*': '&#42;',
  _: '&#95;',
  '[': '&#91;',
  ']': '&#93;',
  '~': '&#126;',
  '!': '&#33;',
  $: '&#36;'
}

/** Characters that start a block (heading, list, quote, rule, setext underline) at the start of a line. */
const BLOCK_STARTERS = new Set(['#', '-', '+', '=', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'])

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9'
}

/** C0 and C1 control characters, DEL, and the characters that reorder text (bidi controls). */
function isInvisibleControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)
}

function isSpace(char: string): boolean {
  return (
    char === ' ' ||
    char === '\t' ||
    char === '\n' ||
    char === '\r' ||
    char === '\v' ||
    char === '\f' ||
    char === '\u00a0' ||
    char === '\u2028' ||
    char === '\u2029'
  )
}

/** The first `shown` code points of text, with an ellipsis when some were left out. */
function cut(text: string, shown: number): string {
  if (text.length <= shown) return text
  // No code point takes more than two code units, so this slice holds the first `shown` of them.
  const points = Array.from(text.slice(0, shown * 2))
  if (points.length <= shown && text.length <= shown * 2) return text
  return `${points.slice(0, Math.max(0, shown - 1)).join('')}${ELLIPSIS}`
}

/** One line: line breaks and runs of white space become one space, controls are dropped, the ends are trimmed. */
function flatten(text: string): string {
  let out = ''
  let pendingSpace = false
  for (const char of text) {
    if (isSpace(char)) {
      pendingSpace = out !== ''
      continue
    }
    if (isInvisibleControl(char.codePointAt(0) ?? 0)) continue
    if (pendingSpace) out += ' '
    pendingSpace = false
    out += char
  }
  return out
}

/** Escapes one flat line, breaking every pattern GitHub would link. */
function escapeLine(line: string): string {
  const chars = Array.from(line)
  let out = ''
  for (let index = 0; index < chars.length; index++) {
    const char = chars[index] as string
    const next = chars[index + 1]
    if (char === '@') out += `@${BREAK}`
    else if (char === '#' && isDigit(next)) out += `#${BREAK}`
    else if (char === ':' && next === '/' && chars[index + 2] === '/') out += `:${BREAK}`
    else if (
      char === '.' &&
      chars
        .slice(Math.max(0, index - 3), index)
        .join('')
        .toLowerCase() === 'www'
    )
      out += `${BREAK}.`
    else if (
      char === '-' &&
      isDigit(next) &&
      chars
        .slice(Math.max(0, index - 2), index)
        .join('')
        .toLowerCase() === 'gh'
    )
      out += `-${BREAK}`
    else out += ENTITY[char] ?? char
  }
  return out
}

function redactedPrefix(text: string, shown: number): string {
  return cut(redactSecrets(text.slice(0, shown + REDACTION_MARGIN)), shown)
}

/**
 * Outside text as one line of Markdown or HTML, at most `shown` characters of it: redacted, cut,
 * flattened to one line and escaped. Safe in a table cell, a heading, a quote and an HTML element.
 */
export function outsideText(text: string, shown = DEFAULT_SHOWN_LENGTH): string {
  return escapeLine(flatten(redactedPrefix(text, shown)))
}

/**
 * Outside text as Markdown paragraphs (SARIF `markdown`, a description): as outsideText, but line
 * breaks are kept, and a line that would start a block (a heading, a list, a rule) is broken first.
 */
export function outsideParagraphs(text: string, shown: number): string {
  const lines = redactedPrefix(text, shown).split(/\r\n|\n|\r/)
  const out: string[] = []
  for (const raw of lines) {
    const line = flatten(raw)
    if (line === '') {
      if (out.length > 0 && out.at(-1) !== '') out.push('')
      continue
    }
    const escaped = escapeLine(line)
    out.push(BLOCK_STARTERS.has(line[0] as string) ? `${BREAK}${escaped}` : escaped)
  }
  while (out.at(-1) === '') out.pop()
  return out.join('\n')
}

/**
 * A Markdown link to `url` only when it is http(s) on `allowedHost` (the configured S4E host);
 * anything else is shown as escaped text, never as a link.
 */
export function outsideLink(url: string, label: string, allowedHost: string, shown = DEFAULT_SHOWN_LENGTH): string {
  const text = outsideText(label, shown)
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return text
  }
  if ((parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || parsed.hostname.toLowerCase() !== allowedHost.toLowerCase() || url.length > 2048)
    return text
  // The href is percent-encoded by URL; parentheses and angle brackets would still end it early.
  const href = parsed.href.replace(/[()<>]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
  return `[${text}](${href})`
}

/** The host of an api-url, for outsideLink; empty when it does not parse. */
export function hostOf(apiUrl: string): string {
  try {
    return new URL(apiUrl).hostname
  } catch {
    return ''
  }
}
