// The root action.yml (one-step pipeline) must stay the union of its sub-actions' metadata (docs/design.md, "The actions").
import { describe, expect, it } from 'vitest'
import { declaredInputs, declaredOutputs, inputDefault, readRepositoryAction, ROOT_ACTION_FILE, type RepositoryAction } from './repository-actions.js'

const AUTH = 'actions/s4e-auth/action.yml'
const ADD_ASSETS = 'actions/s4e-add-assets/action.yml'
const TRIGGER_SCAN = 'actions/s4e-trigger-scan/action.yml'

/** Inputs only the pipeline has. */
const PIPELINE_ONLY_INPUTS = ['scan', 'scan-assets']
/** s4e-add-assets inputs the pipeline leaves out: docs/design.md ("The actions") gives the pipeline the registration inputs but dry-run. */
const ADD_ASSETS_INPUTS_NOT_IN_PIPELINE = ['dry-run']
/** Inputs whose default legitimately differs: the pipeline's asset defaults to the first asset registered. */
const PIPELINE_MEANING_DIFFERS = ['asset', 'scope']

const root = readRepositoryAction(ROOT_ACTION_FILE)
const addAssets = readRepositoryAction(ADD_ASSETS)
const triggerScan = readRepositoryAction(TRIGGER_SCAN)
const auth = readRepositoryAction(AUTH)

function sorted(names: Iterable<string>): string[] {
  return [...new Set(names)].sort()
}

function inputOf(action: RepositoryAction, name: string) {
  return action.document.inputs?.[name] ?? undefined
}

describe('root action.yml (one-step pipeline) against its sub-actions', () => {
  it('has every input of s4e-add-assets but dry-run, every input of s4e-trigger-scan, scan and scan-assets', () => {
    const expected = [
      ...declaredInputs(addAssets).filter((name) => !ADD_ASSETS_INPUTS_NOT_IN_PIPELINE.includes(name)),
      ...declaredInputs(triggerScan),
      ...PIPELINE_ONLY_INPUTS
    ]
    expect(sorted(declaredInputs(root))).toEqual(sorted(expected))
  })

  it('has the credential inputs of s4e-auth plus token and token-expires-at', () => {
    for (const name of [...declaredInputs(auth).filter((input) => input !== 'export-env'), 'token', 'token-expires-at']) {
      expect(declaredInputs(root), name).toContain(name)
    }
  })

  it('gives every shared input the default its sub-action gives it', () => {
    const mismatches: string[] = []
    for (const name of declaredInputs(root)) {
      for (const sub of [addAssets, triggerScan]) {
        if (inputOf(sub, name) === undefined) continue
        if (inputDefault(root, name) !== inputDefault(sub, name)) {
          mismatches.push(`${name}: root ${JSON.stringify(inputDefault(root, name))}, ${sub.file} ${JSON.stringify(inputDefault(sub, name))}`)
        }
        if ((inputOf(root, name)?.required ?? false) !== (inputOf(sub, name)?.required ?? false)) mismatches.push(`${name}: required differs from ${sub.file}`)
      }
    }
    expect(mismatches).toEqual([])
  })

  it('scans by default, and leaves asset and scope empty so the pipeline can choose', () => {
    expect(inputDefault(root, 'scan')).toBe('true')
    expect(inputDefault(root, 'scan-assets')).toBe('first')
    for (const name of PIPELINE_MEANING_DIFFERS) expect(inputDefault(root, name), name).toBeUndefined()
    expect(String(inputOf(root, 'asset')?.description)).toMatch(/first asset registered/)
  })

  it('has exactly the outputs of s4e-add-assets and s4e-trigger-scan, and never the token', () => {
    expect(sorted(declaredOutputs(root))).toEqual(sorted([...declaredOutputs(addAssets), ...declaredOutputs(triggerScan)]))
    expect(declaredOutputs(root).filter((name) => /token/.test(name))).toEqual([])
  })

  it('runs dist/pipeline/index.js', () => {
    expect(root.document.runs?.main).toBe('dist/pipeline/index.js')
    expect(root.bundle).toBe('pipeline')
  })

  it('the sub-actions agree with each other on the shared credential inputs', () => {
    const shared = declaredInputs(addAssets).filter((name) => inputOf(triggerScan, name) !== undefined)
    expect(sorted(shared)).toEqual(sorted([...declaredInputs(auth).filter((input) => input !== 'export-env'), 'token', 'token-expires-at']))
    expect(shared.filter((name) => inputDefault(addAssets, name) !== inputDefault(triggerScan, name))).toEqual([])
  })
})
