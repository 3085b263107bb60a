// action.yml and code cannot drift: every input the code reads and every output it sets is declared, and
// everything declared is used. The code names inputs and outputs only through the constants of
// src/<action>/names.ts and src/core/credential-inputs.ts, so following `Constant.key` references through
// the modules an action imports finds what it reads and sets without running it.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  CREDENTIAL_CONSTANTS_FILE,
  literalNameCalls,
  loadNameConstants,
  nameDrift,
  referencedNames,
  sourceClosure,
  type NameConstants
} from './action-code-names.js'
import { actionFiles, declaredInputs, declaredOutputs, readRepositoryAction, REPO_ROOT } from './repository-actions.js'

const CREDENTIAL_CONSTANT = 'CredentialInput'
// docs/reference.md: token and token-expires-at are on every action that accepts a token, not on s4e-auth.
const TOKEN_INPUTS = ['token', 'token-expires-at']

let constants: NameConstants
beforeAll(async () => {
  constants = await loadNameConstants()
})

function read(file: string): string {
  return readFileSync(path.join(REPO_ROOT, file), 'utf8')
}

describe('the name-drift helpers', () => {
  it('resolve Constant.key references to input and output names', () => {
    const fake: NameConstants = new Map<string, Record<string, string>>([
      ['ProbeInput', { pollInterval: 'poll-interval', unusedOne: 'unused-one' }],
      ['ProbeOutput', { scanId: 'scan-id' }]
    ])
    const text = 'readNumber(ProbeInput.pollInterval, 15)\ncore.setOutput(ProbeOutput.scanId, id)\nOtherInput.x'
    expect([...referencedNames(text, fake, (name) => name.endsWith('Input'))]).toEqual(['poll-interval'])
    expect([...referencedNames(text, fake, (name) => name.endsWith('Output'))]).toEqual(['scan-id'])
  })

  it('report names used but not declared, and declared but not used', () => {
    expect(nameDrift(['a', 'b'], ['b', 'c'])).toEqual({ undeclared: ['c'], unused: ['a'] })
    expect(nameDrift(['a'], ['a'])).toEqual({ undeclared: [], unused: [] })
  })

  it('find input and output names written as string literals', () => {
    expect(literalNameCalls('core.getInput(\'asset\')\ncore.setOutput("gate", v)\ncore.getInput(Name.x)')).toEqual(["getInput('asset')", 'setOutput("gate")'])
  })

  it('follow relative imports from an entry into core', () => {
    const files = sourceClosure('src/auth/index.ts')
    expect(files).toContain('src/auth/main.ts')
    expect(files).toContain('src/auth/names.ts')
    expect(files).toContain('src/core/read-credentials.ts')
    expect(files.every((file) => file.startsWith('src/'))).toBe(true)
  })
})

it('no source file names an input or output with a string literal', () => {
  const files = actionFiles()
    .map((file) => readRepositoryAction(file).bundle)
    .filter((bundle): bundle is string => bundle !== undefined && existsSync(path.join(REPO_ROOT, 'src', bundle, 'index.ts')))
    .flatMap((bundle) => sourceClosure(`src/${bundle}/index.ts`))
  const literals = [...new Set(files)].flatMap((file) => literalNameCalls(read(file)).map((call) => `${file}: ${call}`))
  expect(literals).toEqual([])
})

describe.each(actionFiles())('%s and its code', (file) => {
  const action = readRepositoryAction(file)
  const entry = `src/${action.bundle ?? '<bundle>'}/index.ts`
  const closure = sourceClosure(entry)
  const closureText = closure.map(read).join('\n')
  const ownFiles = closure.filter((source) => source.startsWith(`src/${action.bundle}/`))

  function credentialInputs(): string[] {
    const all = Object.values(constants.get(CREDENTIAL_CONSTANT) ?? {})
    // The action's own modules say whether a token is accepted; core only declares the option.
    const actionText = closure
      .filter((source) => !source.startsWith('src/core/'))
      .map(read)
      .join('\n')
    const acceptsToken = [...actionText.matchAll(/acceptsToken:\s*(true|false)/g)].map((match) => match[1])
    expect(acceptsToken.length, `${entry} and its modules never call readCredentialSettings`).toBeGreaterThan(0)
    return acceptsToken.includes('true') ? all : all.filter((name) => !TOKEN_INPUTS.includes(name))
  }

  it('declares exactly the inputs the code reads (credential inputs included)', () => {
    expect(constants.get(CREDENTIAL_CONSTANT), `${CREDENTIAL_CONSTANTS_FILE} exports ${CREDENTIAL_CONSTANT}`).toBeDefined()
    const read = referencedNames(closureText, constants, (name) => name.endsWith('Input') && name !== CREDENTIAL_CONSTANT)
    expect(nameDrift(declaredInputs(action), [...read, ...credentialInputs()])).toEqual({ undeclared: [], unused: [] })
  })

  it('declares exactly the outputs the code sets', () => {
    const set = referencedNames(closureText, constants, (name) => name.endsWith('Output'))
    expect(nameDrift(declaredOutputs(action), set)).toEqual({ undeclared: [], unused: [] })
  })

  it('uses every input and output constant of its own names.ts', () => {
    const namesFile = `src/${action.bundle}/names.ts`
    if (!ownFiles.includes(namesFile)) return
    const unusedConstants: string[] = []
    const checked: string[] = []
    for (const [constantName, keys] of constants) {
      // Only the constants this action defines: the pipeline may use a part of the others'.
      if (!new RegExp(`export const ${constantName}\\b`).test(read(namesFile))) continue
      for (const key of Object.keys(keys)) {
        checked.push(`${constantName}.${key}`)
        if (!new RegExp(`\\b${constantName}\\.${key}\\b`).test(closureText)) unusedConstants.push(`${constantName}.${key}`)
      }
    }
    expect(checked.length, `${namesFile} exports no input or output constant`).toBeGreaterThan(0)
    expect(unusedConstants).toEqual([])
  })
})
