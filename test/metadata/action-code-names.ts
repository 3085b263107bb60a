// What an action's code reads and sets, found through the named constants of src/*/names.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { REPO_ROOT } from './repository-actions.js'

/** An exported `…Input` / `…Output` object of input or output names, e.g. `AuthOutput`. */
export type NameConstants = Map<string, Record<string, string>>

export const CREDENTIAL_CONSTANTS_FILE = 'src/core/credential-inputs.ts'

/** Every `…Input`/`…Output` object exported by `src/*\/names.ts` and the credential inputs module. */
export async function loadNameConstants(): Promise<NameConstants> {
  const files = [
    CREDENTIAL_CONSTANTS_FILE,
    ...readdirSync(path.join(REPO_ROOT, 'src'))
      .map((folder) => `src/${folder}/names.ts`)
      .filter((file) => existsSync(path.join(REPO_ROOT, file)))
  ]
  const constants: NameConstants = new Map()
  for (const file of files) {
    const module = (await import(pathToFileURL(path.join(REPO_ROOT, file)).href)) as Record<string, unknown>
    for (const [exportName, value] of Object.entries(module)) {
      if (!/(Input|Output)$/.test(exportName) || typeof value !== 'object' || value === null) continue
      if (!Object.values(value).every((name) => typeof name === 'string')) continue
      constants.set(exportName, value as Record<string, string>)
    }
  }
  return constants
}

const RELATIVE_IMPORT = /(?:from\s+|import\s*\(\s*|import\s+)'(\.{1,2}\/[^']+)\.js'/g

/** The action's source files: its entry and every module it imports through relative paths (core included). */
export function sourceClosure(entryFile: string): string[] {
  const seen = new Set<string>()
  const pending = [path.resolve(REPO_ROOT, entryFile)]
  while (pending.length > 0) {
    const file = pending.pop() as string
    if (seen.has(file) || !existsSync(file)) continue
    seen.add(file)
    for (const match of readFileSync(file, 'utf8').matchAll(RELATIVE_IMPORT)) {
      pending.push(path.resolve(path.dirname(file), `${match[1]}.ts`))
    }
  }
  return [...seen].map((file) => path.relative(REPO_ROOT, file).split(path.sep).join('/')).sort()
}

/**
 * The names a source text refers to as `Constant.key` (e.g. `TriggerScanInput.pollInterval` →
 * `poll-interval`), for the constants whose names pass `include`.
 */
export function referencedNames(sourceText: string, constants: NameConstants, include: (constantName: string) => boolean): Set<string> {
  const names = new Set<string>()
  for (const match of sourceText.matchAll(/\b([A-Z]\w*(?:Input|Output))\.(\w+)\b/g)) {
    const [, constantName, key] = match
    const value = constants.get(constantName!)?.[key!]
    if (value !== undefined && include(constantName!)) names.add(value)
  }
  return names
}

export interface NameDrift {
  /** Used by the code, missing from action.yml. */
  undeclared: string[]
  /** Declared in action.yml, never used by the code. */
  unused: string[]
}

export function nameDrift(declared: Iterable<string>, used: Iterable<string>): NameDrift {
  const declaredSet = new Set(declared)
  const usedSet = new Set(used)
  return {
    undeclared: [...usedSet].filter((name) => !declaredSet.has(name)).sort(),
    unused: [...declaredSet].filter((name) => !usedSet.has(name)).sort()
  }
}

/** `core.getInput('literal')`-style calls that bypass the named constants. */
export function literalNameCalls(sourceText: string): string[] {
  const calls = sourceText.matchAll(/\b(getInput|getBooleanInput|getMultilineInput|readBooleanInput|setOutput)\(\s*(['"`][^'"`]*['"`])/g)
  return [...calls].map((match) => `${match[1]}(${match[2]})`)
}
