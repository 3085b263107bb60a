import { InputError } from '../core/errors.js'
import { causeOf } from '../core/problem.js'

/**
 * Splits what a user wrote (the `assets` input, or an `assets-file`) into raw entries.
 * Entries are not validated here; `normaliseAssets` does that.
 */

const LINE_BREAK = /\r\n|\r|\n/
const ENTRY_SEPARATORS = /[\s,]+/
// `#` starts a comment anywhere on a line, so a URL fragment (`https://x.example/#top`) is cut off too; that is harmless because only the host is kept.
const COMMENT_MARKER = '#'
const BYTE_ORDER_MARK = '\uFEFF'
const JSON_ARRAY_START = '['
const DEFAULT_FILE_LABEL = 'The assets file'

/** Entries separated by newlines, commas or whitespace; `#` starts a comment anywhere on a line. */
export function parseAssetList(text: string): string[] {
  const entries: string[] = []
  for (const line of text.split(LINE_BREAK)) {
    const comment = line.indexOf(COMMENT_MARKER)
    const content = comment === -1 ? line : line.slice(0, comment)
    for (const entry of content.split(ENTRY_SEPARATORS)) if (entry !== '') entries.push(entry)
  }
  return entries
}

/**
 * Entries of an assets file: a JSON array of strings when the content starts with `[`
 * (after whitespace), otherwise the `parseAssetList` format.
 *
 * @param fileLabel how messages name the file, e.g. `assets.txt`; defaults to "The assets file".
 * @throws InputError when the JSON is malformed (the parser's message is its cause) or holds something other than strings.
 */
export function parseAssetsFile(content: string, fileLabel: string = DEFAULT_FILE_LABEL): string[] {
  const text = content.startsWith(BYTE_ORDER_MARK) ? content.slice(BYTE_ORDER_MARK.length) : content
  if (!text.trimStart().startsWith(JSON_ARRAY_START)) return parseAssetList(text)

  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new InputError(
      {
        what: `${fileLabel} starts with "[" so it was read as a JSON array, but it is not valid JSON`,
        cause: causeOf(error),
        fix: 'fix the JSON or list one asset per line instead'
      },
      { cause: error }
    )
  }
  // Starting with `[` and parsing means it is an array; the check keeps the types honest.
  if (!Array.isArray(parsed)) throw new InputError({ what: `${fileLabel} must be a JSON array of strings` })

  parsed.forEach((item: unknown, index) => {
    if (typeof item !== 'string') {
      throw new InputError({
        what: `${fileLabel} must be a JSON array of strings, but item ${index + 1} is ${describeJsonValue(item)}`,
        fix: 'put every asset in quotes, e.g. ["example.com", "192.0.2.1"]'
      })
    }
  })
  return parsed as string[]
}

function describeJsonValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  return `the ${typeof value} ${JSON.stringify(value)}`
}
