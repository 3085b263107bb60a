// `npm run demo -- --baseline`: production's last scan and the preview's findings, chosen so the
// comparison tells the story the baseline is for: 1 new high finding, 7 already on production, 2 fixed.
import type { ChosenFinding, SeededScan, Severity } from '../dev/emulator/emulator-options.js'

export const DEMO_PRODUCTION = 'example.com'

const PRODUCTION_FINDINGS: ChosenFinding[] = [
  { title: 'SQL injection in login form', severity: 'critical', path: '/login' },
  { title: 'Exposed .git directory', severity: 'critical', path: '/.git/config' },
  { title: 'Subdomain takeover possible', severity: 'high', placement: 'none' },
  { title: 'Weak TLS protocol TLS 1.0 enabled', severity: 'high', path: '/' },
  { title: 'Open redirect in return URL', severity: 'medium', path: '/logout?next=' },
  { title: 'Directory listing enabled', severity: 'medium', path: '/assets/' },
  { title: 'Missing Strict-Transport-Security header', severity: 'low', path: '/' },
  { title: 'Cookie without Secure flag', severity: 'low', path: '/' },
  { title: 'Server version disclosure', severity: 'low', path: '/' },
  { title: 'Technology detected: nginx', severity: 'info', status: 'false_positive' }
]

/** The preview's findings: the same places on another host (in other location forms), one new XSS, one triaged port. */
export const DEMO_PREVIEW_FINDINGS: ChosenFinding[] = [
  { title: 'SQL injection in login form', severity: 'critical', path: '/login', placement: 'location' },
  { title: 'Subdomain takeover possible', severity: 'high', placement: 'none' },
  { title: 'Weak TLS protocol TLS 1.0 enabled', severity: 'high', path: '/' },
  { title: 'Open redirect in return URL', severity: 'medium', path: '/logout?next=', placement: 'fields' },
  { title: 'Missing Strict-Transport-Security header', severity: 'low', path: '/' },
  { title: 'Cookie without Secure flag', severity: 'low', path: '/' },
  { title: 'Server version disclosure', severity: 'low', path: '/' },
  { title: 'Reflected cross-site scripting via <script> in q | search', severity: 'high', path: '/search?q=' },
  { title: 'Open port 22/tcp (SSH)', severity: 'info', port: 22, placement: 'fields', status: 'accepted_risk' }
]

export const DEMO_PRODUCTION_SCAN: SeededScan = { asset: DEMO_PRODUCTION, ageMinutes: 180, findings: PRODUCTION_FINDINGS }

/** What the comparison must say. */
export const DEMO_BASELINE_EXPECTED = { new: 1, existing: 7, fixed: 2, newSeverities: ['high'] as Severity[] }
