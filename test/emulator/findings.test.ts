import { afterEach, describe, expect, it } from 'vitest'
import { startEmulator } from '../../dev/emulator/server.js'
import type { Emulator, EmulatorOptions } from '../../dev/emulator/emulator-options.js'
import { call, registerAssets, startScan, tokenFor } from './emulator-requests.js'

describe('emulator findings', () => {
  const emulators: Emulator[] = []
  afterEach(async () => {
    await Promise.all(emulators.splice(0).map((emulator) => emulator.stop()))
  })

  /** Starts an emulator, completes one scan of `asset` and returns every finding it has. */
  async function findingsOf(asset: string, options: EmulatorOptions = {}, perPage = 100) {
    const emulator = await startEmulator({ port: 0, scanDurationMs: 0, ...options })
    emulators.push(emulator)
    const token = await tokenFor(emulator)
    const scanId = await startScan(emulator, token, asset)
    const before = await call(emulator, 'GET', `/api/findings?scan_id=${scanId}`, { token })
    await call(emulator, 'GET', `/api/scan/${scanId}/status`, { token })
    const pages = []
    for (let page = 1; page <= 10; page++) {
      const answer = await call(emulator, 'GET', `/api/findings?scan_id=${scanId}&page=${page}&per_page=${perPage}`, { token })
      pages.push(answer.body)
      if (page >= answer.body.meta.total_pages) break
    }
    return { emulator, token, scanId, before: before.body, pages, findings: pages.flatMap((page) => page.data) }
  }

  it('has no findings before the scan completes', async () => {
    const { before } = await findingsOf('app.example.com')
    expect(before.data).toEqual([])
  })

  it('seeds every severity and the documented statuses with all fields', async () => {
    const { findings, scanId } = await findingsOf('app.example.com')
    expect(findings).toHaveLength(12)
    expect(new Set(findings.map((finding) => finding.severity))).toEqual(new Set(['critical', 'high', 'medium', 'low', 'info']))
    expect(new Set(findings.map((finding) => finding.status))).toEqual(new Set(['open', 'false_positive', 'accepted_risk', 'resolved', 'Re-Opened']))
    for (const finding of findings) {
      expect(finding).toMatchObject({
        id: expect.stringMatching(/^f-/),
        title: expect.any(String),
        cvss: expect.any(Number),
        asset: { id: 'a-1001', name: 'app.example.com' },
        scan_id: scanId,
        description: expect.any(String),
        remediation: expect.any(String),
        references: expect.any(Array),
        discovered_at: expect.any(String)
      })
    }
  })

  it('says where each finding was found in every form servers use, and sometimes not at all', async () => {
    const { findings } = await findingsOf('app.example.com')
    const onHost = expect.stringMatching(/^https:\/\/app\.example\.com\//)
    const forms = findings.map((finding) => {
      if ('url' in finding) expect(finding.url).toEqual(onHost)
      else if ('location' in finding) expect(finding.location.url).toEqual(onHost)
      else if ('path' in finding) expect(finding.path).toMatch(/^\//)
      return ['url', 'location', 'path'].find((key) => key in finding) ?? 'none'
    })
    expect(new Set(forms)).toEqual(new Set(['url', 'location', 'path', 'none']))
  })

  it('seeds a completed scan with chosen findings, and chosen findings for later scans of an asset', async () => {
    const emulator = await startEmulator({
      port: 0,
      chosenFindings: { 'pr-1.example.com': [{ title: 'XSS', severity: 'high', path: '/search?q=' }] },
      seededScans: [
        {
          asset: 'example.com',
          ageMinutes: 90,
          findings: [
            { title: 'XSS', severity: 'high', path: '/search?q=', placement: 'location' },
            { title: 'Open port', severity: 'info', port: 22, placement: 'fields' }
          ]
        }
      ]
    })
    emulators.push(emulator)
    const token = await tokenFor(emulator)
    const [baseline] = emulator.state().scans
    expect(baseline).toMatchObject({ asset_name: 'example.com', status: 'completed', scan_type: 'quick' })
    expect(Date.now() - Date.parse(baseline!.created_at)).toBeGreaterThanOrEqual(89 * 60_000)
    const seeded = await call(emulator, 'GET', `/api/findings?scan_id=${baseline!.scan_id}`, { token })
    expect(seeded.body.data.map((f: Record<string, unknown>) => [f.title, f.location ?? f.port])).toEqual([
      ['XSS', { url: 'https://example.com/search?q=' }],
      ['Open port', 22]
    ])

    await registerAssets(emulator, token, ['pr-1.example.com'])
    const scanId = await startScan(emulator, token, 'pr-1.example.com')
    await call(emulator, 'GET', `/api/scan/${scanId}/status`, { token })
    const chosen = await call(emulator, 'GET', `/api/findings?scan_id=${scanId}`, { token })
    expect(chosen.body.data).toEqual([expect.objectContaining({ title: 'XSS', severity: 'high', status: 'open', url: 'https://pr-1.example.com/search?q=' })])
    expect(emulator.seedScan({ asset: 'example.com', findings: [] })).toMatch(/^s-/)
  })

  it('pages with per_page up to 100 and reports total_pages', async () => {
    const { pages, findings } = await findingsOf('app.example.com', { findingsPerScan: 25 }, 10)
    expect(pages.map((page) => page.data.length)).toEqual([10, 10, 5])
    expect(pages[0].meta).toEqual({ total: 25, page: 1, per_page: 10, total_pages: 3 })
    expect(new Set(findings.map((finding) => finding.id)).size).toBe(25)
  })

  it('is deterministic from the seed', async () => {
    const first = await findingsOf('app.example.com', { seed: 7 })
    const again = await findingsOf('app.example.com', { seed: 7 })
    const other = await findingsOf('app.example.com', { seed: 8 })
    const strip = (list: Record<string, unknown>[]) => list.map(({ title, severity, status, cvss }) => ({ title, severity, status, cvss }))
    expect(strip(again.findings)).toEqual(strip(first.findings))
    expect(strip(other.findings)).not.toEqual(strip(first.findings))
  })

  it('reports open findings by severity in the inspection state', async () => {
    const { emulator, findings } = await findingsOf('app.example.com')
    const open = findings.filter((finding) => ['open', 'Re-Opened'].includes(finding.status))
    const summary = emulator.state().scans[0]!.findings
    expect(summary.total).toBe(12)
    expect(Object.values(summary.open).reduce((sum, count) => sum + count, 0)).toBe(open.length)
  })

  it('leaves clean-… assets without open findings above low', async () => {
    const { findings } = await findingsOf('clean-app.example.com')
    const blocking = findings.filter((finding) => ['critical', 'high', 'medium'].includes(finding.severity) && ['open', 'Re-Opened'].includes(finding.status))
    expect(blocking).toEqual([])
  })

  it('builds https URLs for IP and CIDR assets', async () => {
    expect((await findingsOf('2001:db8::5')).findings[0].url).toMatch(/^https:\/\/\[2001:db8::5\]\//)
    expect((await findingsOf('203.0.113.0/24')).findings[0].url).toMatch(/^https:\/\/203\.0\.113\.0\//)
  })

  it('needs scan_id, a known scan and findings:read', async () => {
    const { emulator, token } = await findingsOf('app.example.com')
    expect((await call(emulator, 'GET', '/api/findings', { token })).status).toBe(400)
    expect((await call(emulator, 'GET', '/api/findings?scan_id=s-1', { token })).status).toBe(404)
    const scansOnly = await tokenFor(emulator, 'scans:read')
    expect((await call(emulator, 'GET', '/api/findings?scan_id=s-2001', { token: scansOnly })).status).toBe(403)
  })
})
