// Response shapes: `wrapped` is the primary shape of docs/api.md; `bare` and `envelope` exercise its "Wrapped bodies".
import type { FindingsAnswer, ResponseShape, Severity } from './emulator-options.js'
import { EmulatorHttpError, type EmulatorResponse } from './emulator-response.js'

export type EntityKind = 'asset' | 'scan' | 'finding'

const UUID_PREFIX: Record<EntityKind, string> = {
  asset: '5e4a55e7',
  scan: '5ca40000',
  finding: 'f1d10000'
}
const ID_PREFIX: Record<EntityKind, string> = { asset: 'a', scan: 's', finding: 'f' }

/** The id a client sees: `a-1001` (wrapped), `1001` as a number (bare, rule 2), a UUID (envelope). */
export function formatId(shape: ResponseShape, kind: EntityKind, serial: number): string | number {
  if (shape === 'bare') return serial
  if (shape === 'envelope') return `${UUID_PREFIX[kind]}-0000-4000-8000-${String(serial).padStart(12, '0')}`
  return `${ID_PREFIX[kind]}-${serial}`
}

export function idText(shape: ResponseShape, kind: EntityKind, serial: number): string {
  return String(formatId(shape, kind, serial))
}

const BARE_SEVERITY: Record<Severity, string> = {
  critical: 'CRITICAL',
  high: 'HIGH',
  medium: 'MEDIUM',
  low: 'LOW',
  info: 'Informational'
}
const ENVELOPE_SEVERITY: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'informational'
}

export function severityLabel(shape: ResponseShape, severity: Severity): string {
  if (shape === 'bare') return BARE_SEVERITY[severity]
  if (shape === 'envelope') return ENVELOPE_SEVERITY[severity]
  return severity
}

export type FindingStatus = 'open' | 'false_positive' | 'accepted_risk' | 'resolved' | 'reopened'

/** Still counted by a gate. */
export const OPEN_FINDING_STATUSES: readonly FindingStatus[] = ['open', 'reopened']

const STATUS_LABELS: Record<ResponseShape, Record<FindingStatus, string>> = {
  wrapped: {
    open: 'open',
    false_positive: 'false_positive',
    accepted_risk: 'accepted_risk',
    resolved: 'resolved',
    reopened: 'Re-Opened'
  },
  bare: {
    open: 'Open',
    false_positive: 'False Positive',
    accepted_risk: 'Accepted',
    resolved: 'Fixed',
    reopened: 'Re-Opened'
  },
  envelope: {
    open: 'OPEN',
    false_positive: 'false positive',
    accepted_risk: 'Accepted_Risk',
    resolved: 'Resolved',
    reopened: 're_opened'
  }
}

export function findingStatusLabel(shape: ResponseShape, status: FindingStatus): string {
  return STATUS_LABELS[shape][status]
}

export interface PageMeta {
  total: number
  page: number
  per_page: number
  total_pages: number
}

function envelope(value: unknown, message = 'ok'): Record<string, unknown> {
  return { code: 200, message, error: false, value }
}

export function renderItem(shape: ResponseShape, item: unknown, status = 200): EmulatorResponse {
  if (shape === 'bare') return { status, body: item }
  if (shape === 'envelope') return { status, body: envelope(item) }
  return { status, body: { data: item } }
}

/** `listKey` names the key of the bare object form (`{"findings": […]}`); without it the bare form is an array. */
/**
 * `withMeta`: a server that caps its page size tells so in `meta` in every shape (beside the list in
 * bare and envelope); without a cap the non-primary shapes leave meta out, so the client stops on a short page.
 */
export function renderList(shape: ResponseShape, items: unknown[], meta: PageMeta | undefined, listKey?: string, withMeta = false): EmulatorResponse {
  if (shape === 'bare') {
    if (withMeta && meta !== undefined) return { status: 200, body: { [listKey ?? 'items']: items, meta } }
    return { status: 200, body: listKey === undefined ? items : { [listKey]: items } }
  }
  if (shape === 'envelope') return { status: 200, body: envelope(withMeta && meta !== undefined ? { items, meta } : items) }
  return { status: 200, body: meta !== undefined ? { data: items, meta } : { data: items } }
}

/** A findings answer that is not a listing of the documented shapes, in the response shape's wrapping where it has one. */
export function renderNotAListing(shape: ResponseShape, answer: FindingsAnswer, items: Record<string, unknown>[]): EmulatorResponse {
  switch (answer) {
    case 'empty-body':
      return { status: 200, rawBody: '' }
    case 'no-content':
      return { status: 204, rawBody: '' }
    case 'null':
      return { status: 200, rawBody: 'null' }
    case 'null-list':
      return shape === 'envelope'
        ? { status: 200, body: envelope(null) }
        : shape === 'bare'
          ? { status: 200, body: { findings: null } }
          : { status: 200, body: { data: null } }
    case 'unknown-wrapper':
      return shape === 'envelope' ? { status: 200, body: envelope({ results: items }) } : { status: 200, body: { results: items } }
    case 'entry-not-object':
      return renderList(shape, [...items, 'f-not-an-object'], undefined, 'findings')
    case 'entry-without-id':
      return renderList(shape, [...items, { title: 'A finding without an id', severity: 'critical', status: 'open' }], undefined, 'findings')
  }
}

export function renderMessage(shape: ResponseShape, message: string): EmulatorResponse {
  if (shape === 'envelope') return { status: 200, body: envelope(null, message) }
  return { status: 200, body: { message, code: 200 } }
}

const BEARER_CHALLENGE_REALM = 's4e'

export function renderError(shape: ResponseShape, error: EmulatorHttpError): EmulatorResponse {
  const headers = { ...error.headers }
  if (error.flavour === 'oauth') {
    return {
      status: error.status,
      headers: { 'Cache-Control': 'no-store', ...headers },
      body: { error: error.code, error_description: error.message, ...error.extraBody }
    }
  }
  if (error.flavour === 'bearer') {
    headers['WWW-Authenticate'] = `Bearer realm="${BEARER_CHALLENGE_REALM}", error="${error.code}"`
    return {
      status: error.status,
      headers,
      body: { error: error.code, error_description: error.message, ...error.extraBody }
    }
  }
  if (shape === 'bare') return { status: error.status, headers, body: { message: error.message, code: error.status } }
  if (shape === 'envelope') {
    // Rule 7: an envelope server reports client errors inside a 200.
    return { status: 200, headers, body: { code: error.status, message: error.message, error: true, value: null } }
  }
  return { status: error.status, headers, body: { error: { code: error.code, message: error.message } } }
}
