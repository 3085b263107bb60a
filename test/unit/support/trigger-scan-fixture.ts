// What the in-process s4e-trigger-scan run() tests share: inputs, findings, and one builder for the S4E answers they script.
import * as core from '@actions/core'
import nock from 'nock'
import { afterEach, beforeEach, expect, vi } from 'vitest'
import { useStepEnvironment, type StepEnvironment } from './step-environment.js'
import { fakeTiming, type FakeTiming } from './fake-timing.js'

export const API = 'https://api.s4e.test'
export const CLIENT_SECRET = 'client-secret-trigger-5151'
export const START = Date.parse('2026-11-28T12:00:00Z')

export const iso = (ms: number) => new Date(ms).toISOString()

export interface RawFinding {
  id: string | number
  title: string
  severity: string
  status: string
  cvss?: number
  scan_id?: string | number
}

export function rawFinding(id: number, severity: string, status = 'open', scanId: string | number = 's-1'): RawFinding {
  return { id: `f-${id}`, title: `Finding ${id} (${severity})`, severity, status, cvss: 5, scan_id: scanId }
}

/** Seven findings: 4 the gate counts (one of each severity but medium), 2 triaged, 1 of another scan. */
export const MIXED_FINDINGS: RawFinding[] = [
  rawFinding(1, 'critical'),
  rawFinding(2, 'High'),
  rawFinding(3, 'high', 'False Positive'),
  rawFinding(4, 'medium', 'accepted_risk'),
  rawFinding(5, 'low'),
  rawFinding(6, 'Informational', 'Re-Opened'),
  rawFinding(7, 'critical', 'open', 's-other')
]

/** Client credentials, no summary and a 10 s poll interval, plus the inputs a test adds. */
export function credentialInputs(extra: Record<string, string> = {}): Record<string, string> {
  return { 'api-url': API, 'client-id': 'client-trigger', 'client-secret': CLIENT_SECRET, summary: 'false', 'poll-interval': '10', ...extra }
}

/**
 * The S4E answers of one run, in the order the step asks for them. Each method scripts one request
 * (or a few of the same) and returns the script, so a test reads as the conversation it expects.
 */
export class S4EScript {
  readonly scope = nock(API)

  /** The token exchange, `times` times (default once). */
  token(options: { expiresIn?: number; times?: number } = {}): this {
    this.scope
      .post('/oauth/token')
      .times(options.times ?? 1)
      .reply(200, () => ({ access_token: `token-${Math.random().toString(36).slice(2, 12)}`, token_type: 'Bearer', expires_in: options.expiresIn ?? 3600 }))
    return this
  }

  /** The search for preview.example.com: a look-alike first, then a-1 spelled in another case. */
  previewAsset(): this {
    this.scope
      .get('/api/assets')
      .query({ search: 'preview.example.com', page: '1', per_page: '100' })
      .reply(200, {
        data: [
          { id: 'a-9', name: 'preview.example.com.evil' },
          { id: 'a-1', name: 'Preview.Example.com' }
        ],
        meta: { total_pages: 1 }
      })
    return this
  }

  /** The asset's scan listing (before a create, or inside the settle window), `times` times. */
  scans(scans: unknown[] = [], times = 1): this {
    this.scope
      .get('/api/scans')
      .query(true)
      .times(times)
      .reply(200, { data: scans, meta: { total_pages: 1 } })
    return this
  }

  /** The create, answered with scan s-1 (or the scan given); `body` is the request body it must carry. */
  created(scan: Record<string, unknown> = {}, body?: nock.DataMatcherMap): this {
    this.scope.post('/api/scan/create', body).reply(201, { data: { scan_id: 's-1', status: 'queued', ...scan } })
    return this
  }

  /** One status answer per status given, for scan s-1 (or `scanId`). */
  statuses(statuses: (string | Record<string, unknown>)[], scanId = 's-1'): this {
    for (const status of statuses)
      this.scope.get(`/api/scan/${scanId}/status`).reply(200, { data: typeof status === 'string' ? { scan_id: scanId, status } : status })
    return this
  }

  /** One page of findings of scan s-1 (or `scanId`). */
  findings(findings: RawFinding[], scanId = 's-1'): this {
    this.scope
      .get('/api/findings')
      .query({ scan_id: scanId, page: '1', per_page: '100' })
      .reply(200, { data: findings, meta: { total_pages: 1 } })
    return this
  }

  isDone(): boolean {
    return this.scope.isDone()
  }
}

export const s4e = () => new S4EScript()

/** Token, preview.example.com resolved to a-1, no scans yet, scan s-1 created: where most runs start. */
export const startedScanOfPreview = (token: { expiresIn?: number; times?: number } = {}) =>
  s4e()
    .token(token)
    .previewAsset()
    .scans()
    .created({ asset_id: 'a-1', scan_type: 'quick', created_at: iso(START) }, { asset_id: 'a-1', scan_type: 'quick' })

/** Token, no scans of a-1 yet, scan s-1 created: a run given asset-id a-1. */
export const startedScan = () => s4e().token().scans().created()

export interface TriggerScanTest {
  step: StepEnvironment
  /** A fresh fake clock per test, starting at START. */
  timing: () => FakeTiming
}

/** The hooks every run() file registers: a fresh step environment and clock, and no request left unanswered or unasked. */
export function useTriggerScanTest(): TriggerScanTest {
  const step = useStepEnvironment('s4e-trigger')
  let timing = fakeTiming(START)
  beforeEach(() => {
    timing = fakeTiming(START)
  })
  afterEach(() => {
    const pending = nock.pendingMocks()
    nock.cleanAll()
    expect(step.unmatched).toEqual([])
    expect(pending).toEqual([])
  })
  return { step, timing: () => timing }
}

/** How many times each output was set: every name exactly once is a run reported once. */
export function outputWrites(): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const [name] of vi.mocked(core.setOutput).mock.calls) counts[name] = (counts[name] ?? 0) + 1
  return counts
}
export const outputs = () => Object.fromEntries(vi.mocked(core.setOutput).mock.calls.map(([name, value]) => [name, String(value)]))
export const failures = () => vi.mocked(core.setFailed).mock.calls.map(([message]) => String(message))
export const warnings = () => vi.mocked(core.warning).mock.calls.map(([message]) => String(message))
export const infos = () => vi.mocked(core.info).mock.calls.map(([message]) => String(message))
