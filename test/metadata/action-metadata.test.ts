import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { actionParserErrors, schemaErrors } from './action-validation.js'
import { actionFiles, declaredInputs, declaredOutputs, readRepositoryAction, REPO_ROOT } from './repository-actions.js'

const VALID_ACTION = `name: Probe
description: A probe action.
author: S4E
branding: { icon: shield, color: blue }
inputs:
  level:
    description: How much.
    required: false
    default: '1'
outputs:
  result:
    description: What came out.
runs:
  using: node24
  main: dist/index.js
`

describe('the action metadata validators', () => {
  it('accept a correct node24 action', () => {
    expect(schemaErrors(VALID_ACTION)).toEqual([])
    expect(actionParserErrors('action.yml', VALID_ACTION)).toEqual([])
  })

  it.each([
    ['a misspelled key', VALID_ACTION.replace('description: A probe action.', 'descripton: A probe action.'), /descripton/, /descripton/],
    ['an unknown runtime', VALID_ACTION.replace('using: node24', 'using: node18'), /using/, /node18/],
    ['a missing description', VALID_ACTION.replace('description: A probe action.\n', ''), /description/, /description/]
  ])('reject %s', (_case, broken, schemaMessage, parserMessage) => {
    expect(schemaErrors(broken).join('\n')).toMatch(schemaMessage)
    expect(actionParserErrors('action.yml', broken).join('\n')).toMatch(parserMessage)
  })
})

describe.each(actionFiles())('%s', (file) => {
  const action = readRepositoryAction(file)
  const { document } = action

  it('validates against the schemastore github-action schema', () => {
    expect(schemaErrors(action.text)).toEqual([])
  })

  it("passes @actions/workflow-parser's action parser", () => {
    expect(actionParserErrors(file, action.text)).toEqual([])
  })

  it('runs its own bundle on node24, with no pre or post step', () => {
    expect(document.runs?.using).toBe('node24')
    expect(action.bundle, `runs.main of ${file} must point at dist/<name>/index.js`).toBeDefined()
    // S4E documents no token revocation, so nothing needs cleaning up after the job.
    expect(document.runs?.pre).toBeUndefined()
    expect(document.runs?.post).toBeUndefined()
  })

  const entry = `src/${action.bundle ?? '<bundle>'}/index.ts`
  it(`is built from ${entry}`, () => {
    expect(existsSync(path.join(REPO_ROOT, entry))).toBe(true)
  })

  it('has a name, a description, author S4E and branding', () => {
    expect(document.name).toEqual(expect.stringMatching(/^S4E\b/))
    expect(document.description).toEqual(expect.stringMatching(/\S/))
    expect(document.author).toBe('S4E')
    expect(document.branding?.icon).toEqual(expect.stringMatching(/\S/))
    expect(document.branding?.color).toEqual(expect.stringMatching(/\S/))
  })

  it('describes every input and output', () => {
    const undescribed = [
      ...declaredInputs(action).filter(
        (name) => typeof document.inputs?.[name]?.description !== 'string' || !/\S/.test(String(document.inputs[name]?.description))
      ),
      ...declaredOutputs(action).filter(
        (name) => typeof document.outputs?.[name]?.description !== 'string' || !/\S/.test(String(document.outputs[name]?.description))
      )
    ]
    expect(undescribed).toEqual([])
  })

  it('quotes every default, so YAML does not turn true or 100 into something else', () => {
    const unquoted = declaredInputs(action).filter((name) => {
      const value = document.inputs?.[name]?.default
      return value !== undefined && typeof value !== 'string'
    })
    expect(unquoted).toEqual([])
  })
})
