/**
 * How one page of a listing is read, failing closed.
 * See docs/api.md, "Paging", and docs/design.md, "What fails closed".
 * A body that is not a listing of the documented shapes, an entry that is not an
 * object or has no id, and a page that repeats ids already read are each a problem, never an empty
 * or shorter listing. Pure: s4e-api.ts sends the requests.
 */
import { isJsonObject, unwrapBody } from './response-body.js'
import type { Problem } from './problem.js'
import { quoted } from './quoted.js'

/** The most items one listing may hold: a scan with more findings than this fails closed. */
export const MAX_LISTED_ITEMS = 100_000
/** The code of the S4EApiError a listing past MAX_LISTED_ITEMS throws. */
export const TOO_MANY_ITEMS = 'too_many_items'

/** What a listing lists, and how one of its entries is read. */
export interface ListingReader<T> {
  /** `finding`, `scan`, `asset`: used in sentences. */
  readonly noun: string
  /** Plural of noun. */
  readonly nouns: string
  /** What an entry must carry to be read, e.g. `an id`. */
  readonly needs: string
  /** The item, or undefined when the entry lacks what `needs` names. */
  read(raw: unknown): T | undefined
  idOf(item: T): string
}

/** The list inside a body of one of the documented shapes, or a description of what came instead. */
export function entriesOf(body: unknown): { entries: unknown[] } | { notAList: string } {
  const raw = unwrapBody(body)
  if (Array.isArray(raw)) return { entries: raw }
  // A list beside its meta: bare `{items|findings, meta}`, or an envelope's value.
  if (isJsonObject(raw)) {
    const list = raw.items ?? raw.findings
    if (Array.isArray(list)) return { entries: list }
  }
  return { notAList: describe(body, raw) }
}

function describe(body: unknown, raw: unknown): string {
  if (body === undefined) return 'an empty body'
  if (raw === null) return isJsonObject(body) ? 'a null list' : 'null'
  if (isJsonObject(raw)) {
    const keys = Object.keys(raw)
    if (keys.length === 0) return 'an empty object'
    const named = keys.slice(0, 3).map((key) => quoted(key, 24))
    return `an object with ${named.join(', ')}${keys.length > 3 ? ` and ${keys.length - 3} more` : ''} but no list`
  }
  return `a ${typeof raw} where a list was due`
}

/** `meta` at the top level (wrapped) or beside the list inside the payload (bare, envelope). */
export function metaOf(body: unknown): Record<string, unknown> | undefined {
  if (isJsonObject(body) && isJsonObject(body.meta)) return body.meta
  const raw = unwrapBody(body)
  if (isJsonObject(raw) && isJsonObject(raw.meta)) return raw.meta
  return undefined
}

const wholeNumber = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined)

/**
 * Whether the listing ends after this page. Only an empty page ends it on its own. A page shorter
 * than asked (and than the page size meta names) ends it too when meta agrees that nothing remains:
 * meta may save the request for the empty page, never cut the listing short. A full page never ends
 * it, whatever meta says (a low `total`, `total_pages: -1`).
 */
export function isLastPage(input: { length: number; asked: number; page: number; readSoFar: number; meta?: Record<string, unknown> }): boolean {
  const { length, asked, page, readSoFar, meta } = input
  if (length === 0) return true
  if (meta === undefined) return false
  const pageSize = wholeNumber(meta.per_page)
  const short = length < asked && (pageSize === undefined || length < pageSize)
  if (!short) return false
  const totalPages = wholeNumber(meta.total_pages)
  const total = wholeNumber(meta.total)
  if (totalPages === undefined && total === undefined) return false
  // Every count meta gives must say that nothing remains.
  return (totalPages === undefined || (totalPages >= 1 && page >= totalPages)) && (total === undefined || readSoFar >= total)
}

/** Where in which listing a page came from, for the sentences. */
export interface PagePlace {
  readonly request: string
  readonly page: number
}

/** The items of one page, or the problem that ends the listing. `seen` holds the ids read so far and gains this page's. */
export function readPage<T>(reader: ListingReader<T>, body: unknown, place: PagePlace, seen: Set<string>): { items: T[] } | { problem: Problem } {
  const found = entriesOf(body)
  const notListing = (cause: string): { problem: Problem } => ({
    problem: {
      what: `The S4E API answered ${place.request} (page ${place.page}) with something other than a list of ${reader.nouns}`,
      cause,
      fix: 'check that api-url points at the S4E API, and report this answer to S4E support if it does'
    }
  })
  if ('notAList' in found) return notListing(found.notAList)
  const items: T[] = []
  for (const [index, entry] of found.entries.entries()) {
    if (!isJsonObject(entry))
      return notListing(`entry ${index + 1} is ${entry === null ? 'null' : Array.isArray(entry) ? 'a list' : `a ${typeof entry}`}, not an object`)
    const item = reader.read(entry)
    if (item === undefined) return notListing(`entry ${index + 1} has no ${reader.needs}`)
    const id = reader.idOf(item)
    if (seen.has(id)) {
      return {
        problem: {
          what: `The S4E API answered ${place.request} (page ${place.page}) with ${reader.nouns} it had already sent`,
          cause: `${reader.noun} ${quoted(id, 64)} again`,
          fix: 'the server seems to ignore the page parameter, so the listing cannot be read whole; report this to S4E support'
        }
      }
    }
    seen.add(id)
    items.push(item)
  }
  return { items }
}
