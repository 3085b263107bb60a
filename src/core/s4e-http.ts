import type { IncomingHttpHeaders } from 'node:http'
import * as log from './log.js'
import { HttpClient } from '@actions/http-client'
import type { RequestHandler } from '@actions/http-client/lib/interfaces'
import { BODY_LIMIT_TEXT, BodyLimitError, BodyRefused, JSON_VALUES_LIMIT_TEXT, MAX_JSON_DEPTH, readBoundedBody, type BodyRefusal } from './bounded-body.js'
import { AmbiguousRequestError, S4EApiError } from './errors.js'
import type { Problem } from './problem.js'
import { bodySignalsError, errorCodeOf, errorMessageOf, parseJsonBody } from './response-body.js'
import { redactSecrets } from './secrets.js'
import { DeadlineExceededError, withDeadline, type DeadlineTimer } from './request-deadline.js'
import { backoffDelayMs, DEFAULT_RETRY_POLICY, retryAfterMs, type RetryPolicy } from './retry-policy.js'
import { realTiming, type Timing } from './timing.js'
import { USER_AGENT } from './version.js'

export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000
/** Overall deadline of one attempt, from sending to the last byte of the answer (not an idle timeout). */
export const DEFAULT_REQUEST_DEADLINE_MS = 60_000

export interface HttpRequest {
  method: 'GET' | 'POST'
  url: string
  /** JSON body, or a form body for the OAuth token endpoint. */
  json?: unknown
  form?: Record<string, string>
  bearerToken?: string
  /** Whether sending the request twice is harmless; decides what may be retried. */
  idempotent: boolean
}

export interface HttpResponse {
  status: number
  headers: IncomingHttpHeaders
  body: unknown
}

/** A final non-2xx answer (or a 2xx whose body says error), after any retries. */
export class HttpStatusError extends S4EApiError {
  override readonly name: string = 'HttpStatusError'
  constructor(
    problem: Problem,
    status: number,
    code: string | undefined,
    /** The server's own message, redacted and shortened. */
    readonly serverMessage: string | undefined,
    readonly headers: IncomingHttpHeaders,
    /** The URL the request went to, as it may be shown (origin and path). */
    readonly shownUrl: string
  ) {
    super(problem, status, code)
  }
}

export interface S4EHttpOptions {
  timing?: Timing
  retryPolicy?: RetryPolicy
  timeoutMs?: number
  /** Overall deadline of one attempt (default DEFAULT_REQUEST_DEADLINE_MS). */
  deadlineMs?: number
  /** When the step's time is up, on the timing clock: no request runs or waits past it. */
  endsAtMs?: number
  /** Waits out request deadlines (default: a real timer); tests inject one they control. */
  deadlineTimer?: DeadlineTimer
}

/** Hands the deadline's signal to the request, so an expired request destroys its socket. */
function abortOn(signal: AbortSignal): RequestHandler {
  return {
    prepareRequest: (options) => {
      options.signal = signal
    },
    canHandleAuthentication: () => false,
    handleAuthentication: () => Promise.reject(new Error('Not used.'))
  }
}

/** Status codes worth another attempt. 5xx only when the request is idempotent. */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504])
// Error codes that mean the request never left this machine, so a retry cannot duplicate it.
const NOT_SENT_ERROR_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH'])
// How much of an answer is looked at to tell an HTML page: enough for a doctype and white space.
const HTML_SNIFF_LENGTH = 1024

/** What one attempt came to: an answer to hand back, or an error and whether another attempt may help. */
type AttemptOutcome = { response: HttpResponse } | { error: S4EApiError; retryable: boolean; headers?: IncomingHttpHeaders }

/** An answer as it came off the wire, its body read within the limits. */
interface RawAnswer {
  status: number
  headers: IncomingHttpHeaders
  text: string
}

const refused = (error: S4EApiError): AttemptOutcome => ({ error, retryable: false })

function describe(request: HttpRequest): string {
  const { pathname } = new URL(request.url)
  return `${request.method} ${pathname}`
}

/** Origin and path of a URL, as a sentence may name it (a query may hold anything). */
export function shownUrlOf(url: string): string {
  const parsed = new URL(url)
  return redactSecrets(`${parsed.origin}${parsed.pathname}`)
}

/** Step 1, headers: what is sent, and how. */
function requestContent(request: HttpRequest): { headers: Record<string, string>; payload: string | null } {
  const headers: Record<string, string> = { accept: 'application/json' }
  let payload: string | null = null
  if (request.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded'
    payload = new URLSearchParams(request.form).toString()
  } else if (request.json !== undefined) {
    headers['content-type'] = 'application/json'
    payload = JSON.stringify(request.json)
  }
  if (request.bearerToken !== undefined) headers.authorization = `Bearer ${request.bearerToken}`
  return { headers, payload }
}

function stepTimeRanOut(what: string): DeadlineExceededError {
  return new DeadlineExceededError(
    {
      what: `The S4E API did not answer ${what} before this step's time ran out (timeout-minutes plus a short grace), so the step stopped waiting`,
      fix: 'raise timeout-minutes, or check that the API answers promptly'
    },
    true
  )
}

function networkErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string') return code
  if (error instanceof Error && error.message.startsWith('Request timeout')) return 'ETIMEDOUT'
  return undefined
}

/** The sentence of an answer past a limit of docs/design.md, "What is bounded". */
function bodyRefusalError(what: string, refusal: BodyRefusal, status: number | undefined): BodyLimitError {
  const problem: Problem =
    refusal.kind === 'too-large'
      ? {
          what: `The S4E API's answer to ${what} is larger than ${BODY_LIMIT_TEXT} (counted after decoding), so the step stopped reading it`,
          fix: 'check that api-url points at the S4E API, and report the answer to S4E support if it does'
        }
      : refusal.kind === 'too-deep'
        ? {
            what: `The S4E API's answer to ${what} nests JSON deeper than ${MAX_JSON_DEPTH} levels, so the step did not read it`,
            fix: 'check that api-url points at the S4E API, and report the answer to S4E support if it does'
          }
        : refusal.kind === 'too-many-values'
          ? {
              what: `The S4E API's answer to ${what} holds more than ${JSON_VALUES_LIMIT_TEXT} JSON values, so the step did not read it`,
              fix: 'check that api-url points at the S4E API and that it honours per_page (the step asks for 100 a page), and report the answer to S4E support if it does'
            }
          : {
              what: `The S4E API's answer to ${what} could not be decoded`,
              cause: `Content-Encoding ${refusal.encoding}`,
              fix: 'check that api-url points at the S4E API, not a proxy that re-encodes answers'
            }
  return new BodyLimitError(problem, status, refusal.kind)
}

/** Step 4, network-error sorting: why no answer came, and whether trying again is safe and useful. */
function sortSendingFailure(error: unknown, request: HttpRequest, what: string): AttemptOutcome {
  if (error instanceof DeadlineExceededError && error.stepTimeRanOut) return refused(error)
  if (error instanceof BodyRefused) return refused(bodyRefusalError(what, error.refusal, undefined))
  const code = networkErrorCode(error) ?? 'a network error'
  log.debug(`S4E ${what}: no answer (${code})`)
  if (code === 'ENOTFOUND') {
    const host = new URL(request.url).host
    return refused(new S4EApiError({ what: `Could not resolve the S4E host ${host}`, fix: 'check the api-url and token-url inputs' }, undefined, code))
  }
  const noAnswer = `The S4E API did not answer ${what}`
  if (!NOT_SENT_ERROR_CODES.has(code) && !request.idempotent) {
    return refused(new AmbiguousRequestError({ what: `${noAnswer}, so it may or may not have been processed`, cause: code }, undefined, code))
  }
  return {
    error: new S4EApiError({ what: noAnswer, cause: code, fix: 'check that the API is reachable from this runner and try again' }, undefined, code),
    retryable: true
  }
}

/** Step 5, HTML detection: a login page or a proxy's page, told by its type or its first characters. */
function looksLikeHtml(text: string, headers: IncomingHttpHeaders): boolean {
  const type = String(headers['content-type'] ?? '').toLowerCase()
  return type.includes('text/html') || text.slice(0, HTML_SNIFF_LENGTH).trimStart().startsWith('<')
}

/** Names where a redirect pointed (origin and path only: a query may hold anything). */
function redirectProblem(what: string, status: number, location: string | undefined, requestUrl: string): Problem {
  let target = 'another address'
  try {
    if (location !== undefined && location !== '') target = shownUrlOf(new URL(location.slice(0, 2048), requestUrl).toString()).slice(0, 200)
  } catch {
    // An unparsable Location names nothing useful.
  }
  return {
    what: `The S4E API answered ${what} with a redirect (HTTP ${status}) to ${target}, so the api-url (or token-url) input is probably wrong`,
    fix: 'give the URL of the S4E API itself, such as https://api.<your-domain>'
  }
}

/** A body that is not the JSON asked for, on a 2xx. */
function notJsonOutcome(answer: RawAnswer, request: HttpRequest, what: string): AttemptOutcome {
  const { status } = answer
  if (looksLikeHtml(answer.text, answer.headers)) {
    // A login page or a proxy's page answers the same way every time: retrying only wastes the wait.
    return refused(
      new S4EApiError(
        {
          what: `The S4E API answered ${what} with an HTML page instead of JSON (HTTP ${status}), so api-url points at a web page or a proxy, not the S4E API`,
          fix: "use the API's own URL, such as https://api.<your-domain>"
        },
        status,
        undefined
      )
    )
  }
  const what2xx = `The S4E API answered ${what} with a body that is not JSON (HTTP ${status})`
  if (!request.idempotent) return refused(new AmbiguousRequestError({ what: `${what2xx}, so it may or may not have been processed` }, status, undefined))
  return {
    error: new S4EApiError({ what: what2xx, fix: 'check that api-url points at the S4E API, not a web page' }, status, undefined),
    retryable: true
  }
}

/** Step 6, error mapping: an error answer as an HttpStatusError; a 200 with an error body takes the code the body names (rule 7). */
function statusError(answer: RawAnswer, body: unknown, request: HttpRequest, what: string): HttpStatusError {
  const ok = answer.status >= 200 && answer.status < 300
  const bodyCode = Number((body as { code?: unknown } | undefined)?.code)
  const status = ok ? (Number.isFinite(bodyCode) && bodyCode >= 400 ? bodyCode : 400) : answer.status
  const serverMessage = errorMessageOf(body)
  const shownUrl = shownUrlOf(request.url)
  // A 404 names the whole URL: a wrong path in api-url shows at once.
  const target = status === 404 ? `${request.method} ${shownUrl}` : what
  return new HttpStatusError(
    { what: `The S4E API answered ${target} with HTTP ${status}`, cause: serverMessage },
    status,
    errorCodeOf(body),
    serverMessage,
    answer.headers,
    shownUrl
  )
}

/** Step 6, error mapping, continued: which error answers another attempt may fix, and which may have been processed. */
function errorOutcome(error: HttpStatusError, request: HttpRequest): AttemptOutcome {
  const status = error.status ?? 0
  const retryable = RETRYABLE_STATUSES.has(status) || (status >= 500 && status < 600)
  if (retryable && status !== 429 && !request.idempotent) {
    const problem = error.problem ?? { what: error.message }
    return refused(new AmbiguousRequestError({ ...problem, what: `${problem.what}, so it may or may not have been processed` }, status, error.code))
  }
  return { error, retryable, headers: error.headers }
}

/** Steps 5 to 7: what an answer that came means. */
function judgeAnswer(answer: RawAnswer, request: HttpRequest, what: string): AttemptOutcome {
  const { status, headers } = answer
  const parsed = parseJsonBody(answer.text)
  if (!parsed.ok && parsed.refusal !== undefined) return refused(bodyRefusalError(what, parsed.refusal, status))
  const ok = status >= 200 && status < 300
  if (ok && parsed.ok && !bodySignalsError(parsed.value)) return { response: { status, headers, body: parsed.value } }
  if (status >= 300 && status < 400) return refused(new S4EApiError(redirectProblem(what, status, headers.location, request.url), status, undefined))
  if (ok && !parsed.ok) return notJsonOutcome(answer, request, what)
  return errorOutcome(statusError(answer, parsed.ok ? parsed.value : undefined, request, what), request)
}

/**
 * The one way the actions talk HTTP to S4E: @actions/http-client (so runner proxy settings apply),
 * JSON in and out, a per-request timeout, retries with backoff and full jitter, Retry-After first.
 * It never logs headers or bodies.
 */
export class S4EHttp {
  readonly timing: Timing
  private readonly policy: RetryPolicy
  private readonly socketTimeoutMs: number
  private readonly deadlineMs: number
  private readonly endsAtMs: number | undefined
  private readonly deadlineTimer: DeadlineTimer | undefined

  constructor(options: S4EHttpOptions = {}) {
    this.timing = options.timing ?? realTiming
    this.policy = options.retryPolicy ?? DEFAULT_RETRY_POLICY
    this.socketTimeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS
    this.deadlineMs = options.deadlineMs ?? DEFAULT_REQUEST_DEADLINE_MS
    this.endsAtMs = options.endsAtMs
    this.deadlineTimer = options.deadlineTimer
  }

  /** One client per attempt, so each carries its own deadline signal. */
  private clientFor(signal: AbortSignal): HttpClient {
    // Redirects are refused: a POST carrying a token must not be replayed to another place.
    return new HttpClient(USER_AGENT, [abortOn(signal)], {
      socketTimeout: this.socketTimeoutMs,
      allowRedirects: false,
      allowRetries: false,
      keepAlive: false
    })
  }

  private stepTimeLeftMs(): number {
    return this.endsAtMs === undefined ? Number.POSITIVE_INFINITY : this.endsAtMs - this.timing.now()
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    const started = this.timing.now()
    const what = describe(request)
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(request, what)
      const retry = this.retryDecision(outcome, attempt, started)
      if (retry === undefined) {
        if ('response' in outcome) return outcome.response
        throw outcome.error
      }
      log.info(
        `${retry.reason}; retrying ${what} in ${(retry.delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1}${attempt < this.policy.maxAttempts ? ` of ${this.policy.maxAttempts}` : ''}).`
      )
      await this.timing.sleep(retry.delayMs)
    }
  }

  /** Step 2, deadline: the attempt's own, or what is left of the step's when that is shorter. */
  private attemptDeadline(what: string): { ms: number; expired: () => DeadlineExceededError } | { ranOut: DeadlineExceededError } {
    const stepLeftMs = this.stepTimeLeftMs()
    if (stepLeftMs <= 0) return { ranOut: stepTimeRanOut(what) }
    const stepBound = stepLeftMs < this.deadlineMs
    return {
      ms: Math.min(this.deadlineMs, stepLeftMs),
      expired: () => (stepBound ? stepTimeRanOut(what) : new DeadlineExceededError({ what: `Request timeout: ${what}` }, false))
    }
  }

  /** Step 3, sending: one request, its body read within the limits, all inside the deadline. */
  private async sendOnce(request: HttpRequest, signal: AbortSignal): Promise<RawAnswer> {
    const { headers, payload } = requestContent(request)
    const response = await this.clientFor(signal).request(request.method, request.url, payload, headers)
    const { message } = response
    return { status: message.statusCode ?? 0, headers: message.headers, text: await readBoundedBody(message) }
  }

  private async attempt(request: HttpRequest, what: string): Promise<AttemptOutcome> {
    const deadline = this.attemptDeadline(what)
    if ('ranOut' in deadline) return refused(deadline.ranOut)
    let answer: RawAnswer
    try {
      answer = await withDeadline(deadline.ms, (signal) => this.sendOnce(request, signal), deadline.expired, this.deadlineTimer)
    } catch (error) {
      return sortSendingFailure(error, request, what)
    }
    log.debug(`S4E ${what}: HTTP ${answer.status}`)
    return judgeAnswer(answer, request, what)
  }

  /** Step 7, retry decision: whether and when to try again, within the policy and the step's time. */
  private retryDecision(outcome: AttemptOutcome, attempt: number, started: number): { delayMs: number; reason: string } | undefined {
    if ('response' in outcome || !outcome.retryable) return undefined
    const now = this.timing.now()
    const asked = outcome.headers !== undefined ? retryAfterMs(outcome.headers, now) : undefined
    // A 429 that names its wait was not processed: runs sharing a rate limit keep their turn in line
    // for as long as the time budgets allow, instead of giving up after maxAttempts.
    const waitingInLine = outcome.error.status === 429 && asked !== undefined
    if (attempt >= this.policy.maxAttempts && !waitingInLine) return undefined
    const delayMs = asked ?? backoffDelayMs(this.policy, attempt, this.timing.random)
    if (now - started + delayMs > this.policy.maxTotalMs) return undefined
    // No wait outlives the step: the last answer stands instead.
    if (delayMs >= this.stepTimeLeftMs()) return undefined
    const status = outcome.error.status
    const reason =
      status === 429
        ? 'The S4E API is rate limiting this client'
        : status !== undefined
          ? `The S4E API answered HTTP ${status}`
          : `The S4E API could not be reached (${outcome.error.code ?? 'network error'})`
    return { delayMs, reason }
  }
}
