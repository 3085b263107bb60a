import type { Finding } from '../../core/api-types.js'
import { compareSeverity, type Severity } from '../../core/severity.js'
import type { BaselineMatch, WorseFinding } from '../scan-report.js'
import { isTriaged } from './gate-findings.js'

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

/**
 * The key two findings share exactly when they match: the title, and every location field compared
 * over the union of both sides (a field one side carries and the other lacks is no match). An absent
 * field is spelled apart from every present value, so no text can forge it.
 */
export function matchKey(finding: Finding): string {
  const place = placeOf(finding)
  return JSON.stringify([titleKey(finding.title), ...PLACE_FIELDS.map((field) => place[field] ?? null)])
}

/** The severity a baseline finding is compared at: one the API does not document counts as the least, so it can hide nothing. */
function baselineSeverity(finding: Finding): Severity {
  return finding.undocumentedSeverity?.from === 'assumed' ? 'info' : finding.severity
}

/**
 * Compares this scan's findings with the baseline's. Triage statuses and `ignore` (ids or exact
 * titles) apply to both sides first. Two findings match when their titles are equal (case and white
 * space aside) and their locations are equal over the union of their fields. Each baseline finding
 * matches at most one finding of this scan, so a finding reported twice where the baseline has it
 * once is new once; among findings with the same key the most severe are paired first. A finding
 * more severe than its match is new (it got worse). Near-linear: the baseline is indexed by key.
 */
export function matchBaseline(current: readonly Finding[], baseline: readonly Finding[], options: { ignore: readonly string[] }): BaselineMatch {
  const ignored = new Set(options.ignore.map((entry) => entry.trim()).filter((entry) => entry !== ''))
  const open = (finding: Finding) => !isTriaged(finding) && !ignored.has(finding.id) && !ignored.has(finding.title)
  const bySeverity = (a: Finding, b: Finding) => compareSeverity(baselineSeverity(a), baselineSeverity(b))

  // Per key, the baseline findings most severe first, and how many of them are taken.
  const index = new Map<string, { list: Finding[]; next: number }>()
  const theirs = baseline.filter(open)
  for (const finding of theirs) {
    const key = matchKey(finding)
    const entry = index.get(key)
    if (entry === undefined) index.set(key, { list: [finding], next: 0 })
    else entry.list.push(finding)
  }
  for (const entry of index.values()) entry.list.sort(bySeverity)

  const mine = current.filter(open)
  const partners = new Map<Finding, Finding>()
  const taken = new Set<Finding>()
  // Most severe first, so each takes the most severe baseline finding of its key that is left.
  for (const finding of [...mine].sort((a, b) => compareSeverity(a.severity, b.severity))) {
    const entry = index.get(matchKey(finding))
    const partner = entry?.list[entry.next]
    if (entry === undefined || partner === undefined) continue
    entry.next++
    partners.set(finding, partner)
    taken.add(partner)
  }

  const result: { new: Finding[]; existing: Finding[]; worse: WorseFinding[] } = { new: [], existing: [], worse: [] }
  for (const finding of mine) {
    const partner = partners.get(finding)
    if (partner === undefined) {
      result.new.push(finding)
      continue
    }
    const was = baselineSeverity(partner)
    if (compareSeverity(finding.severity, was) < 0) {
      result.new.push(finding)
      result.worse.push({ finding, baseline: partner, baselineSeverity: was })
    } else result.existing.push(finding)
  }
  return { ...result, fixed: theirs.filter((finding) => !taken.has(finding)) }
}
