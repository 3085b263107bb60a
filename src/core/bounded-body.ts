// Reading a server's answer without trusting its size: docs/design.md, section "What is bounded".
import type { IncomingMessage } from 'node:http'
import type { Readable, Transform } from 'node:stream'
import { createGunzip, createInflate } from 'node:zlib'
import { S4EApiError } from './errors.js'

/** The most of one answer that is read, counted after decoding (a gzip bomb stops here too). */
export const MAX_BODY_BYTES = 32 * 1024 * 1024
/** The deepest JSON nesting that is parsed; no answer of the S4E API nests beyond a handful. */
export const MAX_JSON_DEPTH = 64
/**
 * The most JSON values (objects, arrays, strings, numbers, literals) one answer may hold. A page of
 * 100 findings holds a few thousand; 32 MiB of `[{},{},…]` holds ten million, and JSON.parse spends
 * over 1 GiB on them. A million leaves honest pages 300 times their size and keeps the parse near
 * 130 MiB: docs/design.md, section "What is bounded".
 */
export const MAX_JSON_VALUES = 1_000_000
export const JSON_VALUES_LIMIT_TEXT = '1,000,000'

export const BODY_LIMIT_TEXT = '32 MiB'

/** An answer past one of the limits above: the same request would bring the same answer, so it is never retried. */
export class BodyLimitError extends S4EApiError {
  override readonly name: string = 'BodyLimitError'
}

/** Why a body could not be read, for the sentence of the request it belongs to. */
export type BodyRefusal =
  | { kind: 'too-large' }
  | { kind: 'too-deep' }
  | { kind: 'too-many-values' }
  | { kind: 'unknown-encoding'; encoding: string }
  | { kind: 'undecodable'; encoding: string }

/** Thrown inside reading, turned into the request's sentence by the caller. */
export class BodyRefused extends Error {
  constructor(readonly refusal: BodyRefusal) {
    super(refusal.kind)
  }
}

function decoderFor(encoding: string): Transform | undefined {
  switch (encoding) {
    case '':
    case 'identity':
      return undefined
    case 'gzip':
    case 'x-gzip':
      return createGunzip()
    case 'deflate':
      return createInflate()
    default:
      throw new BodyRefused({ kind: 'unknown-encoding', encoding: encoding.slice(0, 40) })
  }
}

/**
 * The body of an answer as text, decoded (gzip, deflate) as it streams in, with a running count:
 * past `maxBytes` the socket is destroyed and the reading stops, whatever the server meant to send.
 */
export async function readBoundedBody(message: IncomingMessage, maxBytes: number = MAX_BODY_BYTES): Promise<string> {
  const encoding = String(message.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase()
  let decoder: Transform | undefined
  try {
    decoder = decoderFor(encoding)
  } catch (error) {
    message.destroy()
    throw error
  }
  const source: Readable = decoder === undefined ? message : message.pipe(decoder)
  // A socket error (the deadline's abort included) ends the decoded stream with that error.
  if (decoder !== undefined) message.once('error', (error) => decoder.destroy(error))
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of source) {
      const bytes = chunk as Buffer
      size += bytes.length
      if (size > maxBytes) throw new BodyRefused({ kind: 'too-large' })
      chunks.push(bytes)
    }
  } catch (error) {
    // zlib's own errors (Z_DATA_ERROR, Z_BUF_ERROR) mean the server's encoding is broken, not the network.
    const code = (error as { code?: unknown }).code
    if (typeof code === 'string' && code.startsWith('Z_')) throw new BodyRefused({ kind: 'undecodable', encoding })
    throw error
  } finally {
    if (size > maxBytes || !message.complete) {
      message.destroy()
      decoder?.destroy()
    }
  }
  return Buffer.concat(chunks, size).toString('utf8')
}

export interface JsonLimits {
  maxDepth: number
  maxValues: number
}

const JSON_LIMITS: JsonLimits = { maxDepth: MAX_JSON_DEPTH, maxValues: MAX_JSON_VALUES }

function isJsonWhiteSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09
}

/**
 * Whether JSON text nests deeper than `maxDepth` or holds more than `maxValues` values, by one
 * linear scan (strings skipped, escapes honoured), so a body of a million `[` or ten million `{}`
 * is refused before JSON.parse builds anything from it. For valid JSON the values are exactly one
 * (the top) plus one per comma plus one per non-empty container (its first element).
 */
export function jsonRefusalOf(text: string, limits: JsonLimits = JSON_LIMITS): BodyRefusal | undefined {
  let depth = 0
  let values = 1
  let inString = false
  // A container was just opened and its first element is not seen yet.
  let opened = false
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index)
    if (inString) {
      if (code === 0x5c) index++
      else if (code === 0x22) inString = false
      continue
    }
    if (isJsonWhiteSpace(code)) continue
    if (code === 0x5d || code === 0x7d) {
      depth--
      opened = false
      continue
    }
    if (opened || code === 0x2c) {
      if (++values > limits.maxValues) return { kind: 'too-many-values' }
    }
    opened = false
    if (code === 0x22) inString = true
    else if (code === 0x5b || code === 0x7b) {
      if (++depth > limits.maxDepth) return { kind: 'too-deep' }
      opened = true
    }
  }
  return undefined
}
