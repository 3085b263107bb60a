import type { Finding } from '../../core/api-types.js'
import { redactSecrets } from '../../core/secrets.js'

function redactOptional(text: string | undefined): string | undefined {
  return text === undefined ? undefined : redactSecrets(text)
}

/**
 * What any report shows of a finding: a new object built field by field from this list of named
 * fields (an allow-list), each text redacted. A field the list does not name never reaches a
 * report, whatever a server or a later parser puts on the finding. Finding text comes from the
 * scanned target, which can echo back anything (a token in a URL, a key in a response).
 */
export function redactFinding(finding: Finding): Finding {
  return {
    id: redactSecrets(finding.id),
    title: redactSecrets(finding.title),
    severity: finding.severity,
    cvss: finding.cvss,
    status: redactSecrets(finding.status),
    scanId: redactOptional(finding.scanId),
    assetName: redactOptional(finding.assetName),
    url: redactOptional(finding.url),
    path: redactOptional(finding.path),
    port: redactOptional(finding.port),
    parameter: redactOptional(finding.parameter),
    description: redactOptional(finding.description),
    remediation: redactOptional(finding.remediation),
    references: finding.references.map((reference) => redactSecrets(reference)),
    discoveredAt: redactOptional(finding.discoveredAt)
  }
}
