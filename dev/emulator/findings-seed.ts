// Deterministic findings per scan: the same seed, scan and asset always give the same findings.
import { SEVERITIES, type AssetType, type Severity } from './emulator-options.js'
import type { FindingStatus } from './shapes.js'

/** How a finding says where it was found: a `url`, a `location` object, `path`/`port`/`parameter` fields, or not at all. */
export type FindingPlacement = 'url' | 'location' | 'fields' | 'none'

export interface FindingRecord {
  serial: number
  title: string
  severity: Severity
  /** null: the finding carries no CVSS score. */
  cvss: number | null
  /** Sent instead of the shape's spelling of `severity`; null sends null, `missing` leaves the field out. */
  severityAs?: string | number | null
  status: FindingStatus
  path: string
  placement: FindingPlacement
  port?: number
  parameter?: string
  description: string
  remediation: string
  references: string[]
  discoveredAtMs: number
  /** Fields added to the answer as they are (a field the API documents nowhere). */
  extra?: Record<string, unknown>
}

interface FindingTemplate {
  title: string
  path: string
  description: string
  remediation: string
  references: string[]
}

const OWASP = 'https://owasp.org/Top10/'
const TEMPLATES: Record<Severity, FindingTemplate[]> = {
  critical: [
    {
      title: 'SQL injection in login form',
      path: '/login',
      description: 'The username parameter is concatenated into a SQL query.',
      remediation: 'Use parameterised queries.',
      references: ['https://cwe.mitre.org/data/definitions/89.html', OWASP]
    },
    {
      title: 'Remote code execution in outdated Apache Struts',
      path: '/struts/upload.action',
      description: 'Apache Struts 2.5.10 is vulnerable to CVE-2017-5638.',
      remediation: 'Upgrade Apache Struts to a supported release.',
      references: ['https://nvd.nist.gov/vuln/detail/CVE-2017-5638']
    },
    {
      title: 'Exposed .git directory',
      path: '/.git/config',
      description: 'The repository metadata, history included, can be downloaded.',
      remediation: 'Deny access to /.git on the web server.',
      references: ['https://cwe.mitre.org/data/definitions/538.html']
    }
  ],
  high: [
    {
      title: 'Reflected cross-site scripting via <script> in q | search',
      path: '/search?q=',
      description: 'The q parameter is echoed without encoding: `<script>alert(1)</script>` runs.',
      remediation: 'Encode output for its HTML context.',
      references: ['https://cwe.mitre.org/data/definitions/79.html']
    },
    {
      title: 'Subdomain takeover possible',
      path: '/',
      description: 'A CNAME points at an unclaimed cloud resource.',
      remediation: 'Remove the dangling DNS record.',
      references: ['https://cwe.mitre.org/data/definitions/350.html']
    },
    {
      title: 'Weak TLS protocol TLS 1.0 enabled',
      path: '/',
      description: 'The server still negotiates TLS 1.0.',
      remediation: 'Allow TLS 1.2 and later only.',
      references: ['https://datatracker.ietf.org/doc/html/rfc8996']
    }
  ],
  medium: [
    {
      title: 'Open redirect in return URL',
      path: '/logout?next=',
      description: 'The next parameter redirects to any external site.',
      remediation: 'Allow relative return URLs only.',
      references: ['https://cwe.mitre.org/data/definitions/601.html']
    },
    {
      title: 'Directory listing enabled',
      path: '/assets/',
      description: 'The web server lists directory contents.',
      remediation: 'Turn off automatic indexes.',
      references: ['https://cwe.mitre.org/data/definitions/548.html']
    },
    {
      title: 'TLS certificate expires within 30 days',
      path: '/',
      description: 'The certificate chain expires soon.',
      remediation: 'Renew the certificate.',
      references: []
    }
  ],
  low: [
    {
      title: 'Missing Strict-Transport-Security header',
      path: '/',
      description: 'HSTS is not sent.',
      remediation: 'Send Strict-Transport-Security with a long max-age.',
      references: ['https://cwe.mitre.org/data/definitions/319.html']
    },
    {
      title: 'Cookie without Secure flag',
      path: '/',
      description: 'The session cookie can travel over plain HTTP.',
      remediation: 'Set the Secure attribute.',
      references: ['https://cwe.mitre.org/data/definitions/614.html']
    },
    {
      title: 'Server version disclosure',
      path: '/',
      description: 'The Server header names the exact version.',
      remediation: 'Hide version details.',
      references: []
    }
  ],
  info: [
    {
      title: 'Open port 22/tcp (SSH)',
      path: '/',
      description: 'SSH answers on port 22.',
      remediation: 'Restrict SSH to known networks if it need not be public.',
      references: []
    },
    { title: 'Technology detected: nginx', path: '/', description: 'The site is served by nginx.', remediation: 'No action needed.', references: [] },
    {
      title: 'robots.txt lists hidden paths',
      path: '/robots.txt',
      description: 'robots.txt names /admin and /backup.',
      remediation: 'Do not rely on robots.txt to hide content.',
      references: []
    }
  ]
}

const CVSS_RANGE: Record<Severity, [number, number]> = {
  critical: [9.0, 10.0],
  high: [7.0, 8.9],
  medium: [4.0, 6.9],
  low: [0.1, 3.9],
  info: [0, 0]
}

// Every status appears in any 7 consecutive findings; `open` most often, as on a real platform.
const STATUS_CYCLE: readonly FindingStatus[] = ['open', 'false_positive', 'open', 'accepted_risk', 'reopened', 'open', 'resolved']
const TRIAGED_STATUSES: readonly FindingStatus[] = ['false_positive', 'accepted_risk', 'resolved']
const GATE_SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium']
// Real servers differ in how (and whether) findings say where they were found.
const PLACEMENT_CYCLE: readonly FindingPlacement[] = ['url', 'url', 'location', 'url', 'fields', 'none']

/** Assets whose name starts with this prefix only have low and info findings still open. */
export const CLEAN_ASSET_PREFIX = 'clean-'

const FINDING_SERIAL_FACTOR = 100
const MS_PER_FINDING = 1000

export interface FindingSeedInput {
  seed: number | string
  scanSerial: number
  assetName: string
  assetType: AssetType
  count: number
  scanCreatedAtMs: number
}

export function seedFindings(input: FindingSeedInput): FindingRecord[] {
  const random = seededRandom(`${input.seed}|${input.scanSerial}|${input.assetName}`)
  const statusShift = Math.floor(random() * STATUS_CYCLE.length)
  const clean = input.assetName.startsWith(CLEAN_ASSET_PREFIX)
  const findings: FindingRecord[] = []
  for (let index = 0; index < input.count; index++) {
    const severity = cycle(SEVERITIES, index)
    const templates = TEMPLATES[severity]
    const template = cycle(templates, Math.floor(random() * templates.length))
    const [low, high] = CVSS_RANGE[severity]
    let status = cycle(STATUS_CYCLE, index + statusShift)
    if (clean && GATE_SEVERITIES.includes(severity)) status = cycle(TRIAGED_STATUSES, index)
    findings.push({
      serial: input.scanSerial * FINDING_SERIAL_FACTOR + index + 1,
      title: template.title,
      severity,
      cvss: Math.round((low + random() * (high - low)) * 10) / 10,
      status,
      path: template.path,
      placement: cycle(PLACEMENT_CYCLE, index),
      description: template.description,
      remediation: template.remediation,
      references: template.references,
      discoveredAtMs: input.scanCreatedAtMs + (index + 1) * MS_PER_FINDING
    })
  }
  return findings
}

/** `https://<host><path>` of a finding on the asset; a CIDR range uses its network address. */
export function findingUrl(assetName: string, assetType: AssetType, path: string): string {
  let host = assetType === 'cidr' ? (assetName.split('/')[0] ?? '') : assetName
  if (host.includes(':')) host = `[${host}]`
  return `https://${host}${path}`
}

/** mulberry32 seeded from an FNV-1a hash of the text. */
function seededRandom(text: string): () => number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  let state = hash >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The entry at `index`, wrapping around; the lists here are constants that are never empty. */
function cycle<T>(list: readonly T[], index: number): T {
  const item = list[index % list.length]
  if (item === undefined) throw new Error('The findings seed cycled through an empty list.')
  return item
}
