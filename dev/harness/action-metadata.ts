// Reads an action's action.yml and evaluates input defaults the way the runner does.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'

export interface ActionInput {
  description?: string
  required?: boolean
  default?: string
}

export interface ActionMetadata {
  name: string
  directory: string
  inputs: Record<string, ActionInput>
  outputs: string[]
  runs: { using: string; main: string; pre?: string; post?: string }
}

export function readActionMetadata(directory: string): ActionMetadata {
  const file = ['action.yml', 'action.yaml'].map((name) => path.join(directory, name)).find((candidate) => existsSync(candidate))
  if (!file) throw new Error(`No action.yml or action.yaml found in ${directory}.`)
  const document = parse(readFileSync(file, 'utf8')) as Record<string, unknown>
  const runs = document.runs as ActionMetadata['runs'] | undefined
  if (!runs || typeof runs.using !== 'string' || !runs.using.startsWith('node') || typeof runs.main !== 'string') {
    throw new Error(`${file} does not describe a JavaScript action (runs.using nodeNN with runs.main).`)
  }
  const inputs: Record<string, ActionInput> = {}
  for (const [name, spec] of Object.entries((document.inputs ?? {}) as Record<string, Record<string, unknown> | null>)) {
    const input: ActionInput = { description: spec?.description as string | undefined, required: spec?.required === true }
    // YAML scalars (true, 100) reach the action as their text, as the runner passes them.
    if (spec?.default !== undefined && spec.default !== null) input.default = yamlText(spec.default)
    inputs[name] = input
  }
  return {
    name: yamlText(document.name ?? path.basename(directory)),
    directory,
    inputs,
    outputs: Object.keys(document.outputs ?? {}),
    runs
  }
}

const EXPRESSION = /\$\{\{\s*(.*?)\s*\}\}/g

/** Replaces `${{ context.path }}` expressions; anything but a plain context path is refused. */
export function evaluateExpressions(text: string, contexts: Record<string, unknown>, where: string): string {
  return text.replace(EXPRESSION, (_whole, expression: string) => {
    if (!/^[A-Za-z_][\w-]*(\.[\w-]+)*$/.test(expression)) {
      throw new Error(`${where} uses \${{ ${expression} }}, which the harness cannot evaluate (only context paths such as github.token).`)
    }
    let value: unknown = contexts
    for (const key of expression.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined
    if (value === undefined) throw new Error(`${where} uses \${{ ${expression} }}, which is not a context the harness provides.`)
    return yamlText(value)
  })
}

/** A YAML or context value as the runner passes it on: a scalar as its text, anything else as JSON. */
export function yamlText(value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  return JSON.stringify(value) ?? String(value)
}

/** `INPUT_` + the name upper-cased with spaces turned into `_` (hyphens stay). */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}
