// Validates action metadata the two ways GitHub tooling does: schemastore's JSON schema and the runner's own parser.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parseAction } from '@actions/workflow-parser/actions/action-parser'
import { NoOperationTraceWriter } from '@actions/workflow-parser/templates/trace-writer'
import { Ajv } from 'ajv'
import { parse } from 'yaml'
import { REPO_ROOT } from './repository-actions.js'

const SCHEMA_FILE = path.join(REPO_ROOT, 'node_modules/github-action-ts-run-api/declarations/github-action-config-schema.json')

// schemastore schemas use keywords and formats ajv's strict mode does not know.
const validateAgainstSchema = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object)

/** schemastore `github-action.json` errors, as `<path> <message>` lines. */
export function schemaErrors(yamlText: string): string[] {
  if (validateAgainstSchema(parse(yamlText))) return []
  return (validateAgainstSchema.errors ?? []).map((error) => {
    const extra = 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : ''
    return `${error.instancePath || '/'} ${error.message ?? 'is invalid'}${extra}`
  })
}

/** Errors from `@actions/workflow-parser`'s action parser (the schema the runner's tooling uses). */
export function actionParserErrors(fileName: string, yamlText: string): string[] {
  const result = parseAction({ name: fileName, content: yamlText }, new NoOperationTraceWriter())
  return result.context.errors.getErrors().map((error) => error.message)
}
