// Finds the repository's action.yml files and the workflows users see, independently of scripts/docs.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface ActionInputSpec {
  description?: unknown
  required?: unknown
  default?: unknown
}

export interface ActionDocument {
  name?: unknown
  description?: unknown
  author?: unknown
  branding?: { icon?: unknown; color?: unknown }
  inputs?: Record<string, ActionInputSpec | null>
  outputs?: Record<string, { description?: unknown } | null>
  runs?: { using?: unknown; main?: unknown; pre?: unknown; post?: unknown }
}

export interface RepositoryAction {
  /** Path of the action.yml relative to the repository root (`action.yml`, `actions/s4e-auth/action.yml`). */
  file: string
  text: string
  document: ActionDocument
  /** The bundle name in `runs.main` (`dist/<bundle>/index.js`), which is also the source folder `src/<bundle>/`. */
  bundle: string | undefined
}

export const ROOT_ACTION_FILE = 'action.yml'

export function actionFiles(): string[] {
  const nested = readdirSync(path.join(REPO_ROOT, 'actions'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `actions/${entry.name}/action.yml`)
    .filter((file) => existsSync(path.join(REPO_ROOT, file)))
    .sort()
  return existsSync(path.join(REPO_ROOT, ROOT_ACTION_FILE)) ? [ROOT_ACTION_FILE, ...nested] : nested
}

export function readRepositoryAction(file: string): RepositoryAction {
  const text = readFileSync(path.join(REPO_ROOT, file), 'utf8')
  const document = parse(text) as ActionDocument
  const main = typeof document.runs?.main === 'string' ? document.runs.main : ''
  // Resolved against the action's folder, as the runner does.
  const mainFromRoot = path.posix.normalize(path.posix.join(path.posix.dirname(file), main))
  const bundle = /^dist\/([\w-]+)\/index\.js$/.exec(mainFromRoot)?.[1]
  return { file, text, document, bundle }
}

export function declaredInputs(action: RepositoryAction): string[] {
  return Object.keys(action.document.inputs ?? {})
}

export function declaredOutputs(action: RepositoryAction): string[] {
  return Object.keys(action.document.outputs ?? {})
}

/** A YAML default as the runner passes it to the action (text), or undefined. */
export function inputDefault(action: RepositoryAction, input: string): string | undefined {
  const value = action.document.inputs?.[input]?.default
  return value === undefined || value === null ? undefined : String(value)
}

/** Every workflow file users run or copy: `.github/workflows/*` and `examples/*`. */
export function workflowFiles(): string[] {
  return ['.github/workflows', 'examples'].flatMap((folder) => {
    const directory = path.join(REPO_ROOT, folder)
    if (!existsSync(directory)) return []
    return readdirSync(directory)
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => `${folder}/${name}`)
  })
}
