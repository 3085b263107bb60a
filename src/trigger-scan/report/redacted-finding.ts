import type { Finding } from '../../core/api-types.js'
import { redactSecrets } from '../../core/secrets.js'

function redactOptional(text: string | undefined): string | undefined {
  return text === undefined ? undefined : redactSecrets(text)
}

/**
 * A copy of a finding with every registered secret replaced by ***. Finding text comes from the
 * scanned target, which can echo back anything (a token in a URL, a key in a response).
 */
export function redactFinding(finding: Finding): Finding {
  return {
    ...finding,
    id: redactSecrets(finding.id),
    title: redactSecrets(finding.title),
    scanId: redactOptional(finding.scanId),
    assetName: redactOptional(finding.assetName),
    url: redactOptional(finding.url),
    path: redactOptional(finding.path),
    port: redactOptional(finding.port),
    parameter: redactOptional(finding.parameter),
    description: redactOptional(finding.description),
    remediation: redactOptional(finding.remediation),
    references: finding.references.map((reference) => redactSecrets(reference))
  }
}
