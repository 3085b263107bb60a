// planPipeline: the least scope for each share of the work, and when the pipeline says which scope it requests.
import * as core from '@actions/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { leastScopes, planPipeline } from '../../../src/pipeline/plan-pipeline.js'
import { setInputs } from '../support/action-inputs.js'
import { useStepEnvironment } from '../support/step-environment.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const API = 'https://api.s4e.test'
useStepEnvironment('s4e-plan-pipeline')
afterEach(() => {
  setInputs({})
})

const infoLines = () => vi.mocked(core.info).mock.calls.map(([line]) => String(line))

describe('leastScopes', () => {
  it('asks assets:write only to register, the scan scopes only to scan, and nothing for nothing', () => {
    expect(leastScopes(true, false)).toEqual(['assets:write'])
    expect(leastScopes(false, true)).toEqual(['assets:read', 'scans:write', 'scans:read', 'findings:read'])
    expect(leastScopes(false, false)).toEqual([])
  })
})

describe('planPipeline', () => {
  it('registers only with scan: false, requesting assets:write alone', () => {
    setInputs({ 'api-url': API, 'client-id': 'cid', 'client-secret': 'csecret-plan-1', assets: 'app.example.com', scan: 'false' })
    const plan = planPipeline()
    expect(plan.scan).toBeUndefined()
    expect(plan.assets?.assets).toEqual(['app.example.com'])
    expect(plan.credentials).toMatchObject({ scopes: ['assets:write'] })
    expect(infoLines()).toContain('Requesting the least scope this work needs: assets:write.')
  })

  it('scans only an asset named to it when nothing is registered, requesting the scan scopes', () => {
    setInputs({ 'api-url': API, 'client-id': 'cid', 'client-secret': 'csecret-plan-2', 'asset-id': 'a-1' })
    const plan = planPipeline()
    expect(plan.assets).toBeUndefined()
    expect(plan.scan?.request.targets).toEqual([{ assetId: 'a-1' }])
    expect(infoLines()).toContain('Requesting the least scope this work needs: assets:read scans:write scans:read findings:read.')
  })

  it('says nothing of the scope when the scope input names one, or with an API key', () => {
    setInputs({ 'api-url': API, 'client-id': 'cid', 'client-secret': 'csecret-plan-3', 'asset-id': 'a-1', scope: 'scans:read' })
    expect(planPipeline().credentials).toMatchObject({ scopes: ['scans:read'] })
    setInputs({ 'api-url': API, 'api-key': 'key-plan-4', 'asset-id': 'a-1' })
    planPipeline()
    expect(infoLines().filter((line) => line.startsWith('Requesting the least scope'))).toEqual([])
  })
})
