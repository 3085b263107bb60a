import type { IncomingHttpHeaders } from 'node:http'
import * as log from './log.js'
import { HttpClient } from '@actions/http-client'
import type { RequestHandler } from '@actions/http-client/lib/interfaces'
import { AmbiguousRequestError, S4EApiError } from './errors.js'
import { bodySignalsError, errorCodeOf, errorMessageOf, parseJsonBody } from './response-body.js'
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
    message: string,
    status: number,
    code: string | undefined,
    /** The server's own message, redacted and shortened. */
    readonly serverMessage: string | undefined,
    readonly headers: IncomingHttpHeaders
  ) {
    super(message, status, code)
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

function describe(request: HttpRequest): string {
  const { pathname } = new URL(request.url)
  return `${request.method} ${pathname}`
}

function stepTimeRanOut(what: string): DeadlineExceededError {
  return new DeadlineExceededError(
    `The S4E API did not answer ${what} before this step's time ran out (timeout-minutes plus a short grace), so the step stopped waiting: raise timeout-minutes, or check that the API answers promptly.`,
    true
  )
}

function networkErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string') return code
  if (error instanceof Error && error.message.startsWith('Request timeout')) return 'ETIMEDOUT'
  return undefined
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
      const retry = this.retryDecision(request, outcome, attempt, started)
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

  private async attempt(
    request: HttpRequest,
    what: string
  ): Promise<{ response: HttpResponse } | { error: S4EApiError; retryable: boolean; headers?: IncomingHttpHeaders }> {
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

    const stepLeftMs = this.stepTimeLeftMs()
    const stepBound = stepLeftMs < this.deadlineMs
    if (stepLeftMs <= 0) return { error: stepTimeRanOut(what), retryable: false }
    let status: number
    let responseHeaders: IncomingHttpHeaders
    let text: string
    try {
      ;({ status, responseHeaders, text } = await withDeadline(
        Math.min(this.deadlineMs, stepLeftMs),
        async (signal) => {
          const response = await this.clientFor(signal).request(request.method, request.url, payload, headers)
          return { status: response.message.statusCode ?? 0, responseHeaders: response.message.headers, text: await response.readBody() }
        },
        () => (stepBound ? stepTimeRanOut(what) : new DeadlineExceededError(`Request timeout: ${what}`, false)),
        this.deadlineTimer
      ))
    } catch (error) {
      if (error instanceof DeadlineExceededError && error.stepTimeRanOut) return { error, retryable: false }
      const code = networkErrorCode(error) ?? 'a network error'
      const sent = !NOT_SENT_ERROR_CODES.has(code)
      log.debug(`S4E ${what}: no answer (${code})`)
      if (code === 'ENOTFOUND') {
        const host = new URL(request.url).host
        return {
          error: new S4EApiError(`Could not resolve the S4E host ${host}: check the api-url and token-url inputs.`, undefined, code),
          retryable: false
        }
      }
      const message = `The S4E API did not answer ${what} (${code})`
      if (sent && !request.idempotent) {
        return { error: new AmbiguousRequestError(`${message}, so it may or may not have been processed.`, undefined, code), retryable: false }
      }
      return { error: new S4EApiError(`${message}: check that the API is reachable from this runner and try again.`, undefined, code), retryable: true }
    }
    log.debug(`S4E ${what}: HTTP ${status}`)

    const parsed = parseJsonBody(text)
    const ok = status >= 200 && status < 300
    if (ok && parsed.ok && !bodySignalsError(parsed.value)) {
      return { response: { status, headers: responseHeaders, body: parsed.value } }
    }
    if (status >= 300 && status < 400) {
      return { error: new S4EApiError(redirectSentence(what, status, responseHeaders.location, request.url), status, undefined), retryable: false }
    }
    if (ok && !parsed.ok && looksLikeHtml(text, responseHeaders)) {
      // A login page or a proxy's page answers the same way every time: retrying only wastes the wait.
      return {
        error: new S4EApiError(
          `The S4E API answered ${what} with an HTML page instead of JSON (HTTP ${status}), so api-url points at a web page or a proxy, not the S4E API: use the API's own URL, such as https://api.<your-domain>.`,
          status,
          undefined
        ),
        retryable: false
      }
    }
    if (ok && !parsed.ok) {
      const message = `The S4E API answered ${what} with a body that is not JSON (HTTP ${status})`
      if (!request.idempotent) {
        return { error: new AmbiguousRequestError(`${message}.`, status, undefined), retryable: false }
      }
      return { error: new S4EApiError(`${message}; check that api-url points at the S4E API, not a web page.`, status, undefined), retryable: true }
    }
    const body = parsed.ok ? parsed.value : undefined
    const bodyCode = Number((body as { code?: unknown } | undefined)?.code)
    // A 200 with an error body takes the code the body names (rule 7).
    const effectiveStatus = ok ? (Number.isFinite(bodyCode) && bodyCode >= 400 ? bodyCode : 400) : status
    const serverMessage = errorMessageOf(body)
    const code = errorCodeOf(body)
    const error = new HttpStatusError(
      `The S4E API answered ${what} with HTTP ${effectiveStatus}${serverMessage !== undefined ? `: ${serverMessage}` : ''}.`,
      effectiveStatus,
      code,
      serverMessage,
      responseHeaders
    )
    const retryable = RETRYABLE_STATUSES.has(effectiveStatus) || (effectiveStatus >= 500 && effectiveStatus < 600)
    if (retryable && effectiveStatus !== 429 && !request.idempotent) {
      return {
        error: new AmbiguousRequestError(`${error.message.replace(/\.$/, '')}, so it may or may not have been processed.`, effectiveStatus, code),
        retryable: false
      }
    }
    return { error, retryable, headers: responseHeaders }
  }

  private retryDecision(
    _request: HttpRequest,
    outcome: Awaited<ReturnType<S4EHttp['attempt']>>,
    attempt: number,
    started: number
  ): { delayMs: number; reason: string } | undefined {
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

function looksLikeHtml(text: string, headers: IncomingHttpHeaders): boolean {
  const type = String(headers['content-type'] ?? '').toLowerCase()
  return type.includes('text/html') || /^\s*</.test(text)
}

/** Names where a redirect pointed (origin and path only: a query may hold anything). */
function redirectSentence(what: string, status: number, location: string | undefined, requestUrl: string): string {
  let target = 'another address'
  try {
    if (location !== undefined && location !== '') {
      const url = new URL(location, requestUrl)
      target = `${url.origin}${url.pathname}`.slice(0, 200)
    }
  } catch {
    // An unparsable Location names nothing useful.
  }
  return `The S4E API answered ${what} with a redirect (HTTP ${status}) to ${target}, so the api-url (or token-url) input is probably wrong: give the URL of the S4E API itself, such as https://api.<your-domain>.`
}
