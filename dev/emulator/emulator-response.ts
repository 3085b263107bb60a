// What a route handler returns, and the errors it throws; server.ts writes them to the socket.

export interface EmulatorResponse {
  status: number
  headers?: Record<string, string>
  /** JSON body; ignored when `rawBody` is set. */
  body?: unknown
  /** Body sent verbatim (HTML pages, malformed JSON). */
  rawBody?: string
  contentType?: string
}

/**
 * `oauth`: RFC 6749 §5.2 body of the token endpoint. `bearer`: RFC 6750 body (401 invalid_token,
 * 403 insufficient_scope). `api`: an ordinary API error, rendered in the configured shape.
 */
export type ErrorFlavour = 'oauth' | 'bearer' | 'api'

export class EmulatorHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly flavour: ErrorFlavour = 'api',
    readonly extraBody: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {}
  ) {
    super(message)
    this.name = 'EmulatorHttpError'
  }
}

export function badRequest(message: string): EmulatorHttpError {
  return new EmulatorHttpError(400, 'invalid_request', message)
}

export function notFound(message: string): EmulatorHttpError {
  return new EmulatorHttpError(404, 'not_found', message)
}
