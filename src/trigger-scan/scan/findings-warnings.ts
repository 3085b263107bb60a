import type { Finding } from '../../core/api-types.js'
import type { Problem } from '../../core/problem.js'
import { quoted } from '../../core/quoted.js'
import { isOfScan } from './gate-findings.js'

/** At most this many distinct spellings or scan ids are named in one warning. */
export const MAX_NAMED = 5

function named(values: Iterable<string>): string {
  const distinct = [...new Set(values)]
  const shown = distinct.slice(0, MAX_NAMED).map((value) => quoted(value, 40))
  return `${shown.join(', ')}${distinct.length > MAX_NAMED ? ` and ${distinct.length - MAX_NAMED} more` : ''}`
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`

/**
 * What the step warns of after reading a scan's findings: severities the API documents nowhere
 * (read from CVSS, or counted as critical), and findings that name another scan (left out). One
 * warning each at most, naming a bounded number of spellings, escaped.
 */
export function findingsWarnings(scanId: string, findings: readonly Finding[]): Problem[] {
  const warnings: Problem[] = []
  const undocumented = findings.filter((finding) => finding.undocumentedSeverity !== undefined)
  if (undocumented.length > 0) {
    const assumed = undocumented.filter((finding) => finding.undocumentedSeverity?.from === 'assumed').length
    const rated = undocumented.length - assumed
    const how = [
      rated > 0 ? `rated ${plural(rated, 'finding', 'findings')} by CVSS score` : '',
      assumed > 0 ? `counted ${plural(assumed, 'finding', 'findings')} with no CVSS score as critical` : ''
    ]
    warnings.push({
      what: `Scan ${scanId} ${how.filter((part) => part !== '').join(' and ')}, because the S4E API gave a severity it does not document`,
      cause: named(undocumented.map((finding) => finding.undocumentedSeverity?.spelling ?? '')),
      fix: 'report these spellings to S4E support'
    })
  }
  const others = findings.filter((finding) => !isOfScan(finding, scanId))
  if (others.length > 0) {
    warnings.push({
      what: `The S4E API listed ${plural(others.length, 'finding', 'findings')} of another scan among those of scan ${scanId}, and the gate leaves them out`,
      cause: `scan ${named(others.map((finding) => finding.scanId ?? ''))}`,
      fix: 'report this to S4E support if those ids are this scan under another spelling'
    })
  }
  return warnings
}
