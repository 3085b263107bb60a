// Hostile answers: bodies too big, too deep, compressed bombs, endless dots, terminal escapes and
// echoed secrets, for the defences of docs/design.md, section "What is bounded". Each spec answers
// the next `count` requests of its route (default: every request).
import type { ServerResponse } from 'node:http'
import { gzipSync } from 'node:zlib'
import type { EmulatorResponse } from './emulator-response.js'
import { isParameter, pathSegments } from './faults.js'

export const HOSTILE_BODY_KINDS = [
  'huge',
  'many-findings',
  'many-values',
  'nested-array',
  'deep',
  'gzip-bomb',
  'dots',
  'escapes',
  'escaped-fields',
  'echo-secret',
  'echo-secret-scope'
] as const
export type HostileBodyKind = (typeof HOSTILE_BODY_KINDS)[number]

export interface HostileBodySpec {
  /** `METHOD /path`, `:id` matching any segment, as in a FaultSpec. */
  route: string
  kind: HostileBodyKind
  /** How many requests it answers; default every one. */
  count?: number
}

const MiB = 1024 * 1024
/** Sizes past the 32 MiB body cap, as servers have sent them. */
export const HOSTILE_SIZES = {
  hugeBytes: 40 * MiB,
  nestedArrayBytes: 50 * MiB,
  findings: 1_000_000,
  manyValuesBytes: 31 * MiB,
  gzipBombBytes: 1024 * MiB,
  dots: 320_000,
  depth: 65
}
/** What a hostile server paints into the log when ESC reaches a terminal. */
export const FAKE_VERDICT = '\u001b[2K\u001b[1G\u001b[32m✔ S4E gate passed: 0 findings\u001b[0m'

interface Armed {
  spec: HostileBodySpec
  remaining: number
  method: string
  segments: string[]
}

export class HostileBodyBook {
  private armed: Armed[] = []

  constructor(specs: HostileBodySpec[] = []) {
    for (const spec of specs) this.arm(spec)
  }

  arm(spec: HostileBodySpec): void {
    if (!HOSTILE_BODY_KINDS.includes(spec.kind)) throw new Error(`A hostile body kind must be one of ${HOSTILE_BODY_KINDS.join(', ')}.`)
    const [method = '', path = ''] = spec.route.trim().split(' ')
    this.armed.push({ spec, remaining: spec.count ?? Number.POSITIVE_INFINITY, method, segments: pathSegments(path) })
  }

  take(method: string, path: string): HostileBodySpec | undefined {
    const segments = pathSegments(path)
    const found = this.armed.find(
      (armed) =>
        (armed.method === '*' || armed.method === method) &&
        armed.segments.length === segments.length &&
        armed.segments.every((segment, index) => isParameter(segment) || segment === segments[index])
    )
    if (found === undefined) return undefined
    found.remaining -= 1
    if (found.remaining <= 0) this.armed = this.armed.filter((armed) => armed !== found)
    return found.spec
  }
}

/** Parses the command-line form `METHOD PATH:KIND[:COUNT]`. */
export function parseHostileArgument(text: string): HostileBodySpec {
  const match = /^(\S+ \S+?):([a-z-]+)(?::(\d+))?$/.exec(text.trim())
  if (!match) throw new Error(`The hostile body "${text}" is not of the form "METHOD PATH:KIND[:COUNT]", e.g. "GET /api/findings:gzip-bomb".`)
  const [, route = '', kind = '', count] = match
  if (!(HOSTILE_BODY_KINDS as readonly string[]).includes(kind)) throw new Error(`A hostile body kind must be one of ${HOSTILE_BODY_KINDS.join(', ')}.`)
  return { route, kind: kind as HostileBodyKind, count: count === undefined ? undefined : Number(count) }
}

/** Kinds that change the real answer instead of replacing it. */
export function altersAnswer(spec: HostileBodySpec): boolean {
  return spec.kind === 'escaped-fields' || spec.kind === 'echo-secret-scope'
}

/** The secret a client sent in a form-encoded token request, spelled every way a careless server might echo it. */
function echoedSpellings(rawBody: string): string {
  const form = new URLSearchParams(rawBody)
  const secret = form.get('client_secret') ?? ''
  return spelledEveryWay(secret, `${form.get('client_id') ?? ''}:${secret}`)
}

/** A secret as hex, upper-case hex, Base64url, Base64url of `pair`, strict percent-encoding and `\uXXXX`, each after its label. */
export function spelledEveryWay(secret: string, pair: string): string {
  const strict = encodeURIComponent(secret).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  const unicode = [...secret].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')
  const hex = Buffer.from(secret).toString('hex')
  return `hex ${hex} HEX ${hex.toUpperCase()} b64url ${Buffer.from(secret).toString('base64url')} pair ${Buffer.from(pair).toString('base64url')} pct ${strict} json ${unicode}`
}

function withEscapes(value: unknown): unknown {
  if (typeof value === 'string') return `${value}${FAKE_VERDICT}`
  if (Array.isArray(value)) return value.map(withEscapes)
  if (typeof value === 'object' && value !== null) {
    // Ids, statuses and severities stay readable, so the flow goes on and the text fields reach the log.
    const kept = new Set(['id', 'scan_id', 'asset_id', 'finding_id', 'status', 'severity', 'access_token', 'token_type', 'created_at', 'updated_at'])
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, kept.has(key) ? inner : withEscapes(inner)]))
  }
  return value
}

/** The real answer, changed the way the spec asks (escaped-fields, echo-secret-scope). */
export function alterAnswer(spec: HostileBodySpec, answer: EmulatorResponse, rawBody: string): EmulatorResponse {
  if (answer.body === undefined) return answer
  if (spec.kind === 'escaped-fields') return { ...answer, body: withEscapes(answer.body) }
  const body = answer.body as Record<string, unknown>
  return { ...answer, body: { ...body, scope: `${typeof body.scope === 'string' ? body.scope : ''} ${echoedSpellings(rawBody)}` } }
}

let gzipMember: Buffer | undefined
/** 1 MiB of JSON white space, gzipped once (about a kilobyte); gzip members may follow one another. */
function gzipBombMember(): Buffer {
  gzipMember ??= gzipSync(Buffer.alloc(MiB, ' '))
  return gzipMember
}

function* repeated(head: string, chunk: string | Buffer, times: number, tail: string): Generator<string | Buffer> {
  yield head
  for (let index = 0; index < times; index++) yield chunk
  yield tail
}

function* manyFindings(count: number): Generator<string> {
  yield '{"data":['
  const perChunk = 1000
  for (let start = 0; start < count; start += perChunk) {
    const batch: string[] = []
    for (let index = start; index < Math.min(count, start + perChunk); index++) {
      batch.push(
        JSON.stringify({
          id: `f-${index}`,
          scan_id: 's-2001',
          title: `Finding ${index}`,
          severity: 'low',
          status: 'open',
          url: `https://app.example.com/p/${index}`
        })
      )
    }
    yield `${start === 0 ? '' : ','}${batch.join(',')}`
  }
  yield `],"meta":{"total":${count},"page":1,"per_page":${count},"total_pages":1}}`
}

interface HostileAnswer {
  status: number
  headers: Record<string, string>
  chunks: Iterable<string | Buffer>
}

function answerOf(spec: HostileBodySpec, rawBody: string): HostileAnswer {
  const json = { 'Content-Type': 'application/json; charset=utf-8' }
  const error = (description: string) => ({
    status: 400,
    headers: json,
    chunks: [JSON.stringify({ error: 'invalid_client', error_description: description, message: description })]
  })
  switch (spec.kind) {
    case 'huge': {
      const chunk = `"${'x'.repeat(MiB - 3)}",`
      return { status: 200, headers: json, chunks: repeated('{"data":[', chunk, HOSTILE_SIZES.hugeBytes / MiB, '""]}') }
    }
    case 'many-findings':
      return { status: 200, headers: json, chunks: manyFindings(HOSTILE_SIZES.findings) }
    case 'many-values': {
      // Under the body cap, yet ten million values: `{},` is three bytes.
      const chunk = '{},'.repeat(MiB / 4)
      const times = Math.floor(HOSTILE_SIZES.manyValuesBytes / chunk.length)
      return { status: 200, headers: json, chunks: repeated('{"data":[', chunk, times, '{}]}') }
    }
    case 'nested-array': {
      const half = HOSTILE_SIZES.nestedArrayBytes / 2
      return { status: 200, headers: json, chunks: [...repeated('', '['.repeat(MiB), half / MiB, ''), ...repeated('', ']'.repeat(MiB), half / MiB, '')] }
    }
    case 'deep':
      return { status: 200, headers: json, chunks: [`{"data":${'['.repeat(HOSTILE_SIZES.depth)}${']'.repeat(HOSTILE_SIZES.depth)}}`] }
    case 'gzip-bomb':
      return { status: 200, headers: { ...json, 'Content-Encoding': 'gzip' }, chunks: repeated('', gzipBombMember(), HOSTILE_SIZES.gzipBombBytes / MiB, '') }
    case 'dots':
      return error('.'.repeat(HOSTILE_SIZES.dots))
    case 'escapes':
      return error(`Unknown client.${FAKE_VERDICT}`)
    case 'echo-secret':
      return error(`client secret not accepted: ${echoedSpellings(rawBody)}`)
    case 'escaped-fields':
    case 'echo-secret-scope':
      throw new Error(`The hostile body ${spec.kind} changes the real answer; it has no body of its own.`)
  }
}

/** Streams a hostile body with back-pressure, and stops when the client goes away or the emulator stops. */
export async function writeHostileBody(response: ServerResponse, spec: HostileBodySpec, rawBody: string, signal: AbortSignal): Promise<void> {
  const answer = answerOf(spec, rawBody)
  response.on('error', () => undefined)
  response.writeHead(answer.status, answer.headers)
  for (const chunk of answer.chunks) {
    if (response.destroyed || signal.aborted) return
    if (!response.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          response.off('drain', done)
          response.off('close', done)
          signal.removeEventListener('abort', done)
          resolve()
        }
        response.on('drain', done)
        response.on('close', done)
        signal.addEventListener('abort', done)
      })
    }
  }
  if (!response.destroyed) response.end()
}
