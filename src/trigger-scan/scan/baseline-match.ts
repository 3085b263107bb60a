import type { Finding } from '../../core/api-types.js'
import { isTriaged } from './gate-findings.js'

/** What comparing this scan with its baseline found, among the open findings of each side. */
export interface BaselineMatch {
  /** Open findings of this scan with no match in the baseline. */
  readonly new: readonly Finding[]
  /** Open findings of this scan that match one in the baseline. */
  readonly existing: readonly Finding[]
  /** Open findings of the baseline with no match in this scan. */
  readonly fixed: readonly Finding[]
}

/** Where a finding was found, as far as matching goes: never the host, so a preview host matches production. */
interface FindingPlace {
  /** Path and query, from the URL (scheme, host and port removed) or the path field. */
  target?: string
  port?: string
  parameter?: string
}

const PLACE_FIELDS = ['target', 'port', 'parameter'] as const

/** Titles match after case folding and collapsing white space. */
export function titleKey(title: string): string {
  return title.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()
}

/** Path and query of a URL or of a bare path; the scheme, host and port never count. */
export function pathAndQuery(text: string): string {
  const absolute = /^[a-z][a-z0-9+.-]*:\/\//i.test(text)
  try {
    const url = new URL(absolute ? text : `http://placeholder.invalid/${text.replace(/^\/+/, '')}`)
    return `${url.pathname}${url.search}`
  } catch {
    return text
  }
}

function placeOf(finding: Finding): FindingPlace {
  const where = finding.url ?? finding.path
  return {
    target: where !== undefined ? pathAndQuery(where) : undefined,
    port: finding.port,
    parameter: finding.parameter?.trim().toLowerCase()
  }
}

/** `same` or `different` where both findings name a place; `unknown` when they share no location field. */
function comparePlaces(a: FindingPlace, b: FindingPlace): 'same' | 'different' | 'unknown' {
  const shared = PLACE_FIELDS.filter((field) => a[field] !== undefined && b[field] !== undefined)
  if (shared.length === 0) return 'unknown'
  return shared.every((field) => a[field] === b[field]) ? 'same' : 'different'
}

/**
 * Compares this scan's findings with the baseline's. Triage statuses and `ignore` (ids or exact
 * titles) apply to both sides first. Two findings match when their titles are equal (case and white
 * space aside) and their locations are equal where both carry one. Each baseline finding matches at
 * most one finding of this scan, so a finding reported twice where the baseline has it once is new
 * once: the comparison can only make the gate stricter. Matches on an equal location are made
 * before matches on the title alone.
 */
export function matchBaseline(current: readonly Finding[], baseline: readonly Finding[], options: { ignore: readonly string[] }): BaselineMatch {
  const ignored = new Set(options.ignore.map((entry) => entry.trim()).filter((entry) => entry !== ''))
  const open = (finding: Finding) => !isTriaged(finding) && !ignored.has(finding.id) && !ignored.has(finding.title)
  const mine = current.filter(open).map((finding) => ({ finding, title: titleKey(finding.title), place: placeOf(finding) }))
  const theirs = baseline.filter(open).map((finding) => ({ finding, title: titleKey(finding.title), place: placeOf(finding), taken: false }))

  const matched = new Set<Finding>()
  for (const wanted of ['same', 'unknown'] as const) {
    for (const candidate of mine) {
      if (matched.has(candidate.finding)) continue
      const partner = theirs.find((other) => !other.taken && other.title === candidate.title && comparePlaces(candidate.place, other.place) === wanted)
      if (partner === undefined) continue
      partner.taken = true
      matched.add(candidate.finding)
    }
  }
  return {
    new: mine.filter((entry) => !matched.has(entry.finding)).map((entry) => entry.finding),
    existing: mine.filter((entry) => matched.has(entry.finding)).map((entry) => entry.finding),
    fixed: theirs.filter((entry) => !entry.taken).map((entry) => entry.finding)
  }
}
