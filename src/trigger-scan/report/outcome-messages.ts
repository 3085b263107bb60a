import { SEVERITIES, type Finding } from '../../core/api-types.js'
import type { Problem } from '../../core/problem.js'
import { TIMED_OUT_STATUS, type ScanReport } from '../scan-report.js'

/** Distinct titles named in a tripped gate's message, and ids named under each. */
const TITLES_IN_MESSAGE = 3
const IDS_PER_TITLE = 3
const MAX_TITLE_IN_MESSAGE = 80

function shortTitle(title: string): string {
  // Cut before any pattern runs over it: a title is server text of any length.
  const flat = title
    .slice(0, MAX_TITLE_IN_MESSAGE * 2)
    .replace(/\s+/g, ' ')
    .trim()
  return flat.length > MAX_TITLE_IN_MESSAGE ? `${flat.slice(0, MAX_TITLE_IN_MESSAGE - 1)}…` : flat
}

/**
 * `"title" (id x)` for the first distinct titles, most severe first as given, each with the ids
 * the ignore input takes; a title is named once however many findings share it.
 */
function namedFindings(findings: readonly Finding[]): { text: string; named: number } {
  const byTitle = new Map<string, string[]>()
  for (const finding of findings) {
    const title = shortTitle(finding.title)
    const ids = byTitle.get(title)
    if (ids !== undefined) ids.push(finding.id)
    else if (byTitle.size < TITLES_IN_MESSAGE) byTitle.set(title, [finding.id])
  }
  let named = 0
  const parts = [...byTitle].map(([title, ids]) => {
    const shown = ids.slice(0, IDS_PER_TITLE)
    named += shown.length
    return `"${title}" (${shown.length === 1 ? 'id' : 'ids'} ${shown.join(', ')})`
  })
  return { text: parts.join(', '), named }
}

/** A tripped gate: how many at or above the threshold, by severity, the top titles with their ids, and what to do. */
export function gateFailedProblem(report: ScanReport): Problem {
  const { atOrAboveThreshold, threshold } = report.gate
  const bySeverity = SEVERITIES.map((severity) => [severity, atOrAboveThreshold.filter((f) => f.severity === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`)
    .join(', ')
  const { text: titles, named } = namedFindings(atOrAboveThreshold)
  const count = atOrAboveThreshold.length
  const more = count > named ? ` and ${count - named} more` : ''
  const { baseline } = report
  const fresh = baseline?.state === 'compared' && baseline.gateOn === 'new'
  const against = fresh ? `; not in baseline scan ${baseline.scanId}` : ''
  return {
    what: `The S4E gate failed: scan ${report.scan.scanId} has ${count}${fresh ? ' new' : ''} open finding${count === 1 ? '' : 's'} at or above ${threshold} (${bySeverity}${against}), such as ${titles}${more}`,
    fix: 'fix them, triage them on S4E (false positive, accepted risk), or list their ids under ignore'
  }
}

/** A scan that did not complete (failed, cancelled, timed out). */
export function scanErrorProblem(report: ScanReport, timeoutMs: number): Problem {
  const { scanId, status } = report.scan
  if (status === TIMED_OUT_STATUS) {
    const minutes = Number((timeoutMs / 60_000).toFixed(2))
    return {
      what: `Scan ${scanId} did not finish within timeout-minutes (${minutes}), so the gate was not evaluated and the scan keeps running on S4E`,
      fix: 'raise timeout-minutes, or check the scan in the S4E console'
    }
  }
  return { what: `Scan ${scanId} ended ${status} on S4E, so the gate was not evaluated`, fix: 'check the scan in the S4E console and re-run the job' }
}
