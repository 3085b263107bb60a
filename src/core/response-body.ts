import { jsonRefusalOf, type BodyRefusal } from './bounded-body.js'
import { shownText } from './secrets.js'

/** Longest server message we quote back to the user. */
const MAX_SERVER_MESSAGE_LENGTH = 300

type JsonObject = Record<string, unknown>

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * docs/api.md, "Wrapped bodies": a body may be `{"data": …}`, bare, `{"findings": […]}` or
 * `{"code","message","error","value": …}`; returns what is inside.
 */
export function unwrapBody(body: unknown): unknown {
  if (!isJsonObject(body)) return body
  if ('data' in body) return body.data
  if ('value' in body && ('code' in body || 'message' in body || 'error' in body)) return body.value
  if ('findings' in body && Array.isArray(body.findings)) return body.findings
  return body
}

/** docs/api.md, "Errors inside a 200": a 200 whose body says `"code" >= 400` or `"error": true` (or `"status":"error"`) is an error. */
export function bodySignalsError(body: unknown): boolean {
  if (!isJsonObject(body)) return false
  const code = Number(body.code)
  if (Number.isFinite(code) && code >= 400) return true
  if (body.error === true) return true
  return body.status === 'error'
}

function firstText(...candidates: unknown[]): string | undefined {
  for (const candidate of candidates) {
    if (typeof candidate === 'string' && candidate.trim() !== '') return candidate.trim()
  }
  return undefined
}

/** docs/api.md, "Error bodies": the error code of an RFC 6749, `{"error":{"code"}}` or `{"code"}` body. */
export function errorCodeOf(body: unknown): string | undefined {
  if (!isJsonObject(body)) return undefined
  if (typeof body.error === 'string') return body.error
  if (isJsonObject(body.error)) return firstText(body.error.code)
  return firstText(body.code)
}

/** Text without its closing full stops and white space, by one backwards walk (a pattern would be quadratic on a run of dots). */
function withoutClosingStops(text: string): string {
  let end = text.length
  while (end > 0 && (text[end - 1] === '.' || text[end - 1] === ' ')) end--
  return text.slice(0, end)
}

/**
 * docs/api.md, "Error bodies": the human message of an error body, redacted and cut to its shown
 * length before anything else looks at it; never the raw body. It is quoted as a cause, in
 * brackets, so closing full stops go: `(Bad asset id)`.
 */
export function errorMessageOf(body: unknown): string | undefined {
  if (!isJsonObject(body)) return undefined
  const nested = isJsonObject(body.error) ? body.error : {}
  const message = firstText(body.error_description, nested.message, body.message, typeof body.error === 'string' ? body.error : undefined)
  if (message === undefined) return undefined
  const shown = withoutClosingStops(shownText(message, MAX_SERVER_MESSAGE_LENGTH).replace(/\s+/g, ' '))
  return shown === '' ? undefined : shown
}

/** Not ok: not JSON (an HTML error page, say), or, with `refusal`, past MAX_JSON_DEPTH or MAX_JSON_VALUES. */
export type ParsedBody = { ok: true; value: unknown } | { ok: false; refusal?: BodyRefusal }

/** Parses a response body as JSON, after the linear check of its depth and number of values. */
export function parseJsonBody(text: string): ParsedBody {
  if (text.trim() === '') return { ok: true, value: undefined }
  const refusal = jsonRefusalOf(text)
  if (refusal !== undefined) return { ok: false, refusal }
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false }
  }
}
