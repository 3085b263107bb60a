/**
 * The one severity order of the codebase, and how a finding's severity is read from the server.
 * See docs/api.md, "Severities and statuses", and docs/design.md, "What fails closed".
 */

/** Most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const
export type Severity = (typeof SEVERITIES)[number]

/** How a severity is shown to people (summary, comment, annotations). */
export const SEVERITY_LABEL: Readonly<Record<Severity, string>> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' }

const RANK: Readonly<Record<Severity, number>> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 }

/** Negative when `a` is more severe than `b`: sorts most severe first. */
export function compareSeverity(a: Severity, b: Severity): number {
  return RANK[a] - RANK[b]
}

/** True when `severity` is `threshold` or more severe; `none` is never reached. */
export function isAtOrAbove(severity: Severity, threshold: Severity | 'none'): boolean {
  return threshold !== 'none' && RANK[severity] <= RANK[threshold]
}

/** What an ordering of findings needs to know of one. */
export interface Rated {
  readonly severity: Severity
  readonly cvss?: number
  readonly title: string
}

/** Most severe first, then highest CVSS, then title, so the order is the same on every run. */
export function compareBySeverity(a: Rated, b: Rated): number {
  return compareSeverity(a.severity, b.severity) || (b.cvss ?? -1) - (a.cvss ?? -1) || a.title.localeCompare(b.title)
}

export function emptySeverityCounts(): Record<Severity, number> {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0 }
}

/** The spellings docs/api.md documents, in any case: the five words and the manual's `Informational`. */
const DOCUMENTED: ReadonlyMap<string, Severity> = new Map([
  ['critical', 'critical'],
  ['high', 'high'],
  ['medium', 'medium'],
  ['low', 'low'],
  ['info', 'info'],
  ['informational', 'info']
])

/** Longest part of an unknown spelling kept for the warning that names it. */
export const MAX_SPELLING_LENGTH = 40

/** CVSS v3 bands: 9.0+ critical, 7.0+ high, 4.0+ medium, 0.1+ low, 0.0 none (info). */
export function severityOfCvss(cvss: number): Severity {
  if (cvss >= 9) return 'critical'
  if (cvss >= 7) return 'high'
  if (cvss >= 4) return 'medium'
  if (cvss >= 0.1) return 'low'
  return 'info'
}

/** A CVSS score as the API sends it (a number or a numeric string), when it is one from 0 to 10. */
export function cvssOf(value: unknown): number | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined
  if (typeof value === 'string' && !/^\s*\d{1,2}(\.\d{1,3})?\s*$/.test(value)) return undefined
  const score = Number(value)
  return Number.isFinite(score) && score >= 0 && score <= 10 ? score : undefined
}

/** How a severity was read: as the server spelled it, from the CVSS score, or assumed critical. */
export type SeverityReading =
  { readonly severity: Severity; readonly from: 'severity' } | { readonly severity: Severity; readonly from: 'cvss' | 'assumed'; readonly spelling: string }

/**
 * Fails closed: a severity the API documents nowhere (`crit`, `P1`, `9.8`, a full-width or
 * zero-width-spoiled `high`, `null`, none at all) is read from `cvss` when there is one, and is
 * `critical` without one. Only spaces and tabs around the word are forgiven, never other characters.
 */
export function readSeverity(value: unknown, cvss: number | undefined): SeverityReading {
  // Cut first, so the pattern never sees a long server string.
  const word = typeof value === 'string' && value.length <= MAX_SPELLING_LENGTH ? value.replace(/^[ \t]+|[ \t]+$/g, '').toLowerCase() : undefined
  const documented = word !== undefined ? DOCUMENTED.get(word) : undefined
  if (documented !== undefined) return { severity: documented, from: 'severity' }
  const spelling = spellingOf(value)
  if (cvss !== undefined) return { severity: severityOfCvss(cvss), from: 'cvss', spelling }
  return { severity: 'critical', from: 'assumed', spelling }
}

/** A short, bounded description of an undocumented severity value (escaping happens where it is shown). */
function spellingOf(value: unknown): string {
  if (value === undefined) return '(none)'
  if (typeof value === 'string') return value.slice(0, MAX_SPELLING_LENGTH)
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value)
  return Array.isArray(value) ? '(a list)' : '(an object)'
}
