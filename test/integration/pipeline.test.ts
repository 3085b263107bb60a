// The committed dist/pipeline bundle (root action.yml), run the way the runner runs it, against the emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../dev/emulator/server.js'
import { findLeaks } from '../../dev/harness/leak-check.js'
import { runStep } from '../../dev/harness/run-step.js'

const ROOT_ACTION = '.'
let emulator: Emulator

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, scanDurationMs: 0 })
})
afterAll(async () => {
  await emulator.stop()
})

const requestTotal = () => Object.values(emulator.state().requestCounts).reduce((sum, n) => sum + n, 0)
const lastTokenRequest = () => emulator.state().tokenRequests.at(-1)
const credentials = () => ({ 'api-url': emulator.url, 'client-id': emulator.credentials.clientId, 'client-secret': emulator.credentials.clientSecret })
// The pipeline may output nothing secret at all: not even access-token.
const noSecretOutputs = { allowOutputs: [], allowEnv: [] }

describe('one-step pipeline bundle', () => {
  it('registers the assets, scans the first one with the least scope, and passes a clean gate', async () => {
    const scansBefore = emulator.state().scans.length
    const result = await runStep({
      action: ROOT_ACTION,
      inputs: { ...credentials(), assets: 'https://Clean-Pipeline.example.com/login\nclean-pipeline.example.com.\n198.51.100.0/24', 'poll-interval': '1' }
    })
    expect(result.exitCode, result.log).toBe(0)
    expect(lastTokenRequest()?.requestedScope).toBe('assets:write assets:read scans:write scans:read findings:read')
    expect(result.log).toContain('Requesting the least scope this work needs: assets:write assets:read scans:write scans:read findings:read.')
    expect(emulator.state().requestCounts['POST /oauth/token']).toBe(1)
    expect(JSON.parse(result.outputs.assets!)).toEqual(['clean-pipeline.example.com', '198.51.100.0/24'])
    expect(result.outputs['registered-count']).toBe('2')
    const scans = emulator.state().scans.slice(scansBefore)
    expect(scans).toHaveLength(1)
    expect(scans[0]).toMatchObject({ asset_name: 'clean-pipeline.example.com', status: 'completed' })
    expect(result.outputs).toMatchObject({ 'scan-id': String(scans[0]!.scan_id), status: 'completed', gate: 'passed' })
    expect(Object.keys(result.outputs).filter((name) => /token/i.test(name))).toEqual([])
    expect(result.exportedEnv).toEqual({})
    const token = result.masks.find((mask) => mask !== emulator.credentials.clientSecret && !mask.startsWith('ghs_') && mask.length > 20)
    expect(token, 'the exchanged token is masked').toBeDefined()
    expect(findLeaks(result, [emulator.credentials.clientSecret, token ?? ''], noSecretOutputs)).toEqual([])
  })

  it('fails a tripped gate with every output set, and without leaking', async () => {
    const result = await runStep({
      action: ROOT_ACTION,
      inputs: { ...credentials(), assets: 'pipeline-gate.example.com', 'fail-on': 'medium', 'poll-interval': '1' }
    })
    expect(result.exitCode).toBe(1)
    expect(result.outputs).toMatchObject({ gate: 'failed', status: 'completed', 'registered-count': '1' })
    expect(Number(result.outputs['findings-count'])).toBeGreaterThan(0)
    expect(result.errors.join('\n')).toMatch(/gate/i)
    // Reported once: no output set twice, the scan's and the registration's alike.
    expect(result.outputNames.length).toBeGreaterThan(12)
    expect(new Set(result.outputNames).size).toBe(result.outputNames.length)
    expect(findLeaks(result, [emulator.credentials.clientSecret], noSecretOutputs)).toEqual([])
  })

  it('registers a preview host and gates it on what production does not have (baseline: asset:)', async () => {
    const findings = [
      { title: 'SQL injection in login form', severity: 'critical' as const, path: '/login' },
      { title: 'Missing Strict-Transport-Security header', severity: 'low' as const }
    ]
    const productionScanId = emulator.seedScan({ asset: 'prod-pipeline.example.com', findings })
    emulator.chooseFindings('pr-9.preview-pipeline.example.com', findings)
    const result = await runStep({
      action: ROOT_ACTION,
      inputs: {
        ...credentials(),
        assets: 'pr-9.preview-pipeline.example.com',
        baseline: 'asset:prod-pipeline.example.com',
        'fail-on': 'high',
        'poll-interval': '1'
      }
    })
    expect(result.exitCode, result.log).toBe(0)
    expect(result.outputs).toMatchObject({
      gate: 'passed',
      'baseline-scan-id': productionScanId,
      'new-count': '0',
      'existing-count': '2',
      'fixed-count': '0',
      'findings-count': '0'
    })
    expect(new Set(result.outputNames).size).toBe(result.outputNames.length)
  })

  it('only registers with scan: false, asking for assets:write alone', async () => {
    const scansBefore = emulator.state().scans.length
    const result = await runStep({ action: ROOT_ACTION, inputs: { ...credentials(), assets: 'register-only.example.com', scan: 'false' } })
    expect(result.exitCode, result.log).toBe(0)
    expect(lastTokenRequest()?.requestedScope).toBe('assets:write')
    expect(emulator.state().scans.length).toBe(scansBefore)
    expect(result.outputs['registered-count']).toBe('1')
    expect(result.outputs.gate).toBeUndefined()
  })

  it('scans an already registered asset without registering anything', async () => {
    const before = emulator.state().requestCounts['POST /asset/handler/bulk-asset-add'] ?? 0
    const result = await runStep({ action: ROOT_ACTION, inputs: { ...credentials(), asset: 'clean-pipeline.example.com', 'poll-interval': '1' } })
    expect(result.exitCode, result.log).toBe(0)
    expect(lastTokenRequest()?.requestedScope).toBe('assets:read scans:write scans:read findings:read')
    expect(emulator.state().requestCounts['POST /asset/handler/bulk-asset-add'] ?? 0).toBe(before)
    expect(result.outputs.gate).toBe('passed')
  })

  it.each([
    ['nothing to do', { scan: 'false' }, /nothing to do/],
    ['an invalid asset', { assets: 'ok.example.com 999.1.1.1' }, /999\.1\.1\.1/],
    ['a bad fail-on', { assets: 'ok.example.com', 'fail-on': 'severe' }, /fail-on input must be one of/],
    ['both asset and asset-id', { asset: 'a.example.com', 'asset-id': 'a-1' }, /not both/]
  ])('checks every input before any request: %s', async (_name, inputs, message) => {
    const before = requestTotal()
    const result = await runStep({ action: ROOT_ACTION, inputs: { ...credentials(), ...inputs } })
    expect(result.exitCode).toBe(1)
    expect(result.errors.join('\n')).toMatch(message)
    expect(requestTotal()).toBe(before)
  })

  it('skips with a warning on a fork pull request when on-missing-credentials is skip', async () => {
    const before = requestTotal()
    const result = await runStep({
      action: ROOT_ACTION,
      inputs: { 'api-url': emulator.url, assets: 'fork.example.com', 'on-missing-credentials': 'skip' },
      eventName: 'pull_request',
      eventPayload: {
        pull_request: { number: 5, head: { repo: { full_name: 'someone/octo-repo', fork: true } }, base: { repo: { full_name: 'octo-org/octo-repo' } } }
      }
    })
    expect(result.exitCode, result.log).toBe(0)
    expect(result.outputs.gate).toBe('skipped')
    expect(result.warnings.join('\n')).toMatch(/fork .*skipped/)
    expect(requestTotal()).toBe(before)
  })
})
