// page / per_page query parameters and the page meta of list responses.
import { badRequest } from './emulator-response.js'
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

/** Pages hold at most `cap` items whatever per_page asked for (a server that caps its page size); meta tells the truth. */
export function paginate<T>(items: readonly T[], page: number, askedPerPage: number, cap?: number): { items: T[]; meta: PageMeta } {
  const perPage = cap !== undefined ? Math.min(cap, askedPerPage) : askedPerPage
  const start = (page - 1) * perPage
  return {
    items: items.slice(start, start + perPage),
    meta: { total: items.length, page, per_page: perPage, total_pages: Math.ceil(items.length / perPage) }
  }
}
