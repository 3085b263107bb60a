// page / per_page query parameters and the page meta of list responses.
import { badRequest } from './emulator-response.js'
import type { PageMetaMode } from './emulator-options.js'
import type { PageMeta } from './shapes.js'

export const MAX_PER_PAGE = 100
const DEFAULT_PER_PAGE = 20

export function parsePaging(url: URL): { page: number; perPage: number } {
  const page = parsePositiveInteger(url.searchParams.get('page'), 1, 'page')
  const perPage = parsePositiveInteger(url.searchParams.get('per_page'), DEFAULT_PER_PAGE, 'per_page')
  if (perPage > MAX_PER_PAGE) throw badRequest(`per_page must be between 1 and ${MAX_PER_PAGE}.`)
  return { page, perPage }
}

function parsePositiveInteger(text: string | null, fallback: number, name: string): number {
  if (text === null || text === '') return fallback
  if (!/^\d+$/.test(text) || Number(text) < 1) throw badRequest(`${name} must be a whole number of at least 1.`)
  return Number(text)
}

export interface PagingMisbehaviour {
  /** Items per page whatever per_page asks (a server that caps its page size). */
  cap?: number
  /** Every request gets page 1 (a server that ignores `page`). */
  ignorePage?: boolean
}

/** One page of the items; meta tells the truth (see pageMeta for servers that do not). */
export function paginate<T>(
  items: readonly T[],
  askedPage: number,
  askedPerPage: number,
  misbehaviour: PagingMisbehaviour = {}
): { items: T[]; meta: PageMeta } {
  const { cap } = misbehaviour
  const page = misbehaviour.ignorePage === true ? 1 : askedPage
  const perPage = cap !== undefined ? Math.min(cap, askedPerPage) : askedPerPage
  const start = (page - 1) * perPage
  return {
    items: items.slice(start, start + perPage),
    meta: { total: items.length, page, per_page: perPage, total_pages: Math.ceil(items.length / perPage) }
  }
}

/** The meta a listing sends: the truth, none, or a lie that would end paging early (`total_pages: -1`, a total of one page). */
export function pageMeta(mode: PageMetaMode, meta: PageMeta, itemsOnPage: number): PageMeta | undefined {
  if (mode === 'none') return undefined
  if (mode === 'total-pages-minus-one') return { ...meta, total_pages: -1 }
  if (mode === 'low-total') return { ...meta, total: itemsOnPage, total_pages: 1 }
  return meta
}
