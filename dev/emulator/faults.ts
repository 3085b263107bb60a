// Fault injection: for the next N requests of a route, answer a status, delay, drop, malformed JSON, HTML, a redirect, or trickle the body.
import { FAULT_KINDS, type FaultKind, type FaultSpec } from './emulator-options.js'
import type { EmulatorResponse } from './emulator-response.js'
import { rateLimitedBody } from './rate-limits.js'

const DEFAULT_DELAY_MS = 1000
const DEFAULT_HTML_STATUS = 502
const DEFAULT_REDIRECT_STATUS = 302
// Where a misconfigured api-url typically lands: the web console's login page.
const REDIRECT_TARGET = 'https://console.s4e.example/login?next=%2Fapi'
const DEFAULT_RETRY_AFTER_SECONDS = 1
const STATUSES_WITH_RETRY_AFTER = [429, 503]
const MALFORMED_JSON = '{"data": {"scan_id": "s-20'

interface ArmedFault {
  spec: FaultSpec
  remaining: number
  method: string
  segments: string[]
}

export class FaultBook {
  private faults: ArmedFault[] = []

  arm(spec: FaultSpec): void {
    const checked = validateFaultSpec(spec)
    // validateFaultSpec guarantees "METHOD /path".
    const [method = '', path = ''] = checked.route.split(' ')
    this.faults.push({ spec: checked, remaining: checked.count, method, segments: pathSegments(path) })
  }

  clear(): void {
    this.faults = []
  }

  pending(): FaultSpec[] {
    return this.faults.map((fault) => ({ ...fault.spec, count: fault.remaining }))
  }

  /** The first armed fault matching the request, consumed by one. */
  take(method: string, path: string): FaultSpec | undefined {
    const segments = pathSegments(path)
    const fault = this.faults.find((candidate) => matches(candidate, method, segments))
    if (!fault) return undefined
    fault.remaining -= 1
    if (fault.remaining <= 0) this.faults = this.faults.filter((candidate) => candidate !== fault)
    return fault.spec
  }
}

export function pathSegments(path: string): string[] {
  return (path.split('?')[0] ?? '').split('/').filter((segment) => segment !== '')
}

export function isParameter(segment: string): boolean {
  return segment.startsWith(':') || (segment.startsWith('{') && segment.endsWith('}'))
}

function matches(fault: ArmedFault, method: string, segments: string[]): boolean {
  if (fault.method !== '*' && fault.method !== method) return false
  if (fault.segments.length !== segments.length) return false
  return fault.segments.every((segment, index) => isParameter(segment) || segment === segments[index])
}

/** Checks a fault from a test, the control route or the command line; throws one sentence on a bad one. */
export function validateFaultSpec(input: unknown): FaultSpec {
  if (typeof input !== 'object' || input === null) throw new Error('A fault must be a JSON object.')
  const spec = input as Partial<FaultSpec>
  if (typeof spec.route !== 'string' || !/^(\*|[A-Z]+) \/\S*$/.test(spec.route.trim())) {
    throw new Error('A fault needs a route such as "POST /api/scan/create" (method, one space, path).')
  }
  if (!Number.isInteger(spec.count) || (spec.count as number) < 1) throw new Error('A fault needs a count of at least 1.')
  if (!FAULT_KINDS.includes(spec.kind as FaultKind)) throw new Error(`A fault kind must be one of ${FAULT_KINDS.join(', ')}.`)
  if (spec.kind === 'status' && !isHttpStatus(spec.status)) throw new Error('A status fault needs a status between 100 and 599.')
  if (spec.status !== undefined && !isHttpStatus(spec.status)) throw new Error('A fault status must be between 100 and 599.')
  if (spec.delayMs !== undefined && !(Number.isFinite(spec.delayMs) && spec.delayMs >= 0))
    throw new Error('A fault delayMs must be a number of milliseconds, 0 or more.')
  if (spec.landAfterMs !== undefined && !(Number.isFinite(spec.landAfterMs) && spec.landAfterMs >= 0))
    throw new Error('A fault landAfterMs must be a number of milliseconds, 0 or more.')
  if (spec.landAfterMs !== undefined && (spec.after === true || spec.kind === 'delay' || spec.kind === 'trickle'))
    throw new Error('A fault with landAfterMs answers at once, so it cannot also be after, delay or trickle.')
  if (spec.retryAfter !== undefined && !(Number.isInteger(spec.retryAfter) && spec.retryAfter >= 0))
    throw new Error('A fault retryAfter must be a whole number of seconds, 0 or more.')
  return { ...spec, route: spec.route.trim() } as FaultSpec
}

function isHttpStatus(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 100 && (value as number) <= 599
}

/**
 * Parses the command-line form `METHOD PATH:COUNT:KIND[:ARG…]`, ARG being a status or delay in
 * milliseconds, `retry=SECONDS`, `after`, or `land=MS` (process the request MS after answering).
 * Example: `POST /api/scan/create:1:status:502:after`.
 */
export function parseFaultArgument(text: string): FaultSpec {
  const match = /^(\S+ \S+?):(\d+):([a-z-]+)((?::[^:]+)*)$/.exec(text.trim())
  if (!match) throw new Error(`The fault "${text}" is not of the form "METHOD PATH:COUNT:KIND[:ARG…]", e.g. "POST /api/scan/create:1:status:503".`)
  const [, route = '', count, kind, rest = ''] = match
  const spec: FaultSpec = { route, count: Number(count), kind: kind as FaultKind }
  for (const argument of rest.split(':').filter((part) => part !== '')) {
    if (argument === 'after') spec.after = true
    else if (argument.startsWith('retry=')) spec.retryAfter = Number(argument.slice('retry='.length))
    else if (argument.startsWith('land=')) spec.landAfterMs = Number(argument.slice('land='.length))
    else if (/^\d+$/.test(argument)) {
      if (spec.kind === 'delay' || spec.kind === 'trickle') spec.delayMs = Number(argument)
      else spec.status = Number(argument)
    } else throw new Error(`The fault argument "${argument}" is not a number, "retry=SECONDS", "land=MS" or "after".`)
  }
  return validateFaultSpec(spec)
}

export type FaultOutcome =
  { action: 'respond'; response: EmulatorResponse } | { action: 'drop' } | { action: 'delay'; ms: number } | { action: 'trickle'; ms: number }

export function faultOutcome(spec: FaultSpec): FaultOutcome {
  switch (spec.kind) {
    case 'drop':
      return { action: 'drop' }
    case 'delay':
      return { action: 'delay', ms: spec.delayMs ?? DEFAULT_DELAY_MS }
    case 'trickle':
      return { action: 'trickle', ms: spec.delayMs ?? DEFAULT_DELAY_MS }
    case 'malformed-json':
      return {
        action: 'respond',
        response: { status: spec.status ?? 200, rawBody: MALFORMED_JSON, contentType: 'application/json', headers: retryAfterHeader(spec, spec.status ?? 200) }
      }
    case 'html': {
      const status = spec.status ?? DEFAULT_HTML_STATUS
      return {
        action: 'respond',
        response: { status, rawBody: htmlErrorPage(status), contentType: 'text/html; charset=utf-8', headers: retryAfterHeader(spec, status) }
      }
    }
    case 'redirect': {
      const status = spec.status ?? DEFAULT_REDIRECT_STATUS
      return { action: 'respond', response: { status, rawBody: '', contentType: 'text/html; charset=utf-8', headers: { Location: REDIRECT_TARGET } } }
    }
    case 'status': {
      const status = spec.status as number
      const headers = retryAfterHeader(spec, status)
      const body =
        status === 429
          ? rateLimitedBody(Number(headers['Retry-After']))
          : { error: { code: status >= 500 ? 'server_error' : 'injected_fault', message: `Injected fault: HTTP ${status}.` } }
      return { action: 'respond', response: { status, headers, body } }
    }
  }
}

function retryAfterHeader(spec: FaultSpec, status: number): Record<string, string> {
  const seconds = spec.retryAfter ?? (STATUSES_WITH_RETRY_AFTER.includes(status) ? DEFAULT_RETRY_AFTER_SECONDS : undefined)
  return seconds === undefined ? {} : { 'Retry-After': String(seconds) }
}

function htmlErrorPage(status: number): string {
  return `<!DOCTYPE html>\n<html><head><title>${status} Error</title></head>\n<body><h1>${status} Error</h1><p>The upstream server did not answer. Please try again later.</p><hr><address>nginx</address></body></html>\n`
}
