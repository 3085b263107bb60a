// Holds a SARIF file to every rule GitHub's upload (upload-sarif v4 and the code scanning API) applies,
// as written down in docs/api.md, section "What GitHub accepts in an uploaded SARIF file" (rules U1–U18).
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { Ajv, type ValidateFunction } from 'ajv'
import type { Log, Result, Run } from 'sarif'
import { expect } from 'vitest'

const SCHEMA_PATH = new URL('../fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url)

/** The figures of docs/api.md, "What GitHub accepts in an uploaded SARIF file". */
export const GITHUB_SARIF_LIMITS = {
  runsPerFile: 20,
  resultsPerRun: 25_000,
  rulesPerRun: 25_000,
  extensionsPerRun: 100,
  locationsPerResult: 1_000,
  threadFlowLocationsPerResult: 10_000,
  tagsPerRule: 20,
  uploadBytes: 10 * 1000 * 1000
} as const

let validate: ValidateFunction | undefined

/** The schema's formats, checked for real: ajv 8 ships none. */
function schemaValidator(): ValidateFunction {
  if (validate !== undefined) return validate
  const ajv = new Ajv({ strict: false, allErrors: true })
  ajv.addFormat('uri', (value: string) => /^[a-z][a-z0-9+.-]*:/i.test(value) && URL.canParse(value))
  ajv.addFormat('uri-reference', (value: string) => !/\s/.test(value) && URL.canParse(value, 'https://base.invalid/'))
  ajv.addFormat('date-time', (value: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i.test(value) && !Number.isNaN(Date.parse(value)))
  validate = ajv.compile(withoutUniqueItems(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8'))) as object)
  return validate
}

/**
 * The schema without its `uniqueItems` keywords: ajv compares every pair of items (minutes for a
 * run of 5,000 rules), so schemaErrors checks the same thing in linear time instead (repeatedItems).
 */
function withoutUniqueItems(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutUniqueItems)
  if (typeof schema !== 'object' || schema === null) return schema
  return Object.fromEntries(Object.entries(schema).flatMap(([key, value]) => (key === 'uniqueItems' ? [] : [[key, withoutUniqueItems(value)]])))
}

/** JSON with the keys of every object sorted, so equal values give equal text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (typeof value !== 'object' || value === null) return JSON.stringify(value)
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`
}

/** Every array of the value that holds two equal items (stricter than the schema, which asks it of some arrays only). */
function repeatedItems(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) {
    const texts = value.map(canonical)
    const own = new Set(texts).size === texts.length ? [] : [`${path} has two equal items`]
    return [...own, ...value.flatMap((item, index) => repeatedItems(item, `${path}/${index}`))]
  }
  if (typeof value !== 'object' || value === null) return []
  return Object.entries(value).flatMap(([key, item]) => repeatedItems(item, `${path}/${key}`))
}

/** The errors of the SARIF 2.1.0 schema for a value, one line each. */
export function schemaErrors(value: unknown): string[] {
  const check = schemaValidator()
  const errors = check(value) ? [] : (check.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`)
  return [...errors, ...repeatedItems(value)]
}

/** How upload-sarif folds a category or tool name when it checks a job's uploads (U14). */
export function foldedName(text: string | undefined): string {
  return (text ?? '_').replace(/[^a-zA-Z0-9_]/g, '_').toUpperCase()
}

function runKey(run: Run): string {
  const { driver } = run.tool
  return JSON.stringify([driver.name, driver.fullName, driver.version, driver.semanticVersion, driver.guid, run.automationDetails?.id])
}

/** Problems are collected and asserted once: a file of 5,000 results would otherwise take 100,000 expectations. */
type Problems = string[]

function check(problems: Problems, ok: boolean, what: string): void {
  if (!ok) problems.push(what)
}

function checkSecuritySeverity(problems: Problems, value: unknown, where: string): void {
  if (value === undefined) return
  const score = Number(value)
  check(
    problems,
    typeof value === 'string' && Number.isFinite(score) && score >= 0 && score <= 10,
    `${where}: security-severity ${String(value)} is not a number from 0 to 10 as a string`
  )
}

function checkResult(problems: Problems, result: Result, run: Run, where: string, fingerprintKey: string): void {
  // U16: rule ids and indexes point at the run's rules.
  const rules = run.tool.driver.rules ?? []
  check(problems, typeof result.ruleId === 'string' && result.ruleId !== '', `${where}: no ruleId`)
  check(problems, result.ruleIndex === undefined || rules[result.ruleIndex]?.id === result.ruleId, `${where}: ruleIndex does not point at ruleId`)
  check(problems, (result.message.text ?? '') !== '', `${where}: no message text`)
  checkSecuritySeverity(problems, result.properties?.['security-severity'], where)
  // U8, U9
  check(problems, (result.locations ?? []).length <= GITHUB_SARIF_LIMITS.locationsPerResult, `${where}: too many locations`)
  for (const flow of result.codeFlows ?? [])
    for (const thread of flow.threadFlows)
      check(problems, thread.locations.length <= GITHUB_SARIF_LIMITS.threadFlowLocationsPerResult, `${where}: too many thread flow locations`)
  // U17: a location code scanning can place, as a path relative to the checkout (no scheme, no leading slash).
  const physical = result.locations?.[0]?.physicalLocation
  const uri = physical?.artifactLocation?.uri ?? ''
  check(
    problems,
    uri !== '' && !/^[a-z][a-z0-9+.-]*:|^\/|\\|\s/i.test(uri) && URL.canParse(uri, 'file:///checkout/'),
    `${where}: artifact location ${uri} is not a relative path`
  )
  check(problems, (physical?.region?.startLine ?? 0) >= 1, `${where}: no startLine`)
  // U18: our fingerprint is what code scanning tracks; upload-sarif adds no line hash for a path that is not a file.
  check(problems, /^[0-9a-f]{64}$/.test(result.partialFingerprints?.[fingerprintKey] ?? ''), `${where}: no ${fingerprintKey} fingerprint`)
  check(problems, result.partialFingerprints?.['primaryLocationLineHash'] === undefined, `${where}: a line hash`)
}

export interface UploadableOptions {
  /** The key of the project's fingerprint in partialFingerprints. */
  fingerprintKey: string
}

/**
 * Fails unless the text is a SARIF file GitHub's upload accepts, rule by rule, and its fingerprints
 * tell every result of a run apart (the rules: see the first line of this file). Returns the parsed log.
 */
export function expectUploadable(text: string, options: UploadableOptions): Log {
  // U1: JSON.
  const log = JSON.parse(text) as Log
  // U2: the SARIF 2.1.0 schema.
  const errors = schemaErrors(log)
  expect(errors, errors.slice(0, 20).join('\n')).toEqual([])
  expect(log.version).toBe('2.1.0')
  // U3: a runs array, and a results array in every run.
  expect(Array.isArray(log.runs)).toBe(true)
  // U4
  expect(log.runs.length).toBeGreaterThan(0)
  expect(log.runs.length, 'more runs than GitHub takes in one file (U4)').toBeLessThanOrEqual(GITHUB_SARIF_LIMITS.runsPerFile)
  // U11: the upload, gzip of the compact JSON sent as Base64, under 10 MB.
  const gzipped = gzipSync(JSON.stringify(log)).length
  expect(Math.ceil(gzipped / 3) * 4, 'the upload is over 10 MB (U11)').toBeLessThan(GITHUB_SARIF_LIMITS.uploadBytes)
  // U12: runs unique by tool and category within the file.
  const keys = log.runs.map(runKey)
  expect(new Set(keys).size, 'two runs share tool and category (U12)').toBe(keys.length)
  // U13, U14: every run names its category, and no two fold to the same name (so neither upload-sarif's job check nor GitHub mixes them).
  const folded = log.runs.map((run) => `${foldedName(run.automationDetails?.id)}_${foldedName(run.tool.driver.name)}`)
  expect(new Set(folded).size, 'two runs fold to one category and tool (U14)').toBe(folded.length)
  const problems: Problems = []
  log.runs.forEach((run, index) => {
    const where = `runs[${index}]`
    check(problems, Array.isArray(run.results), `${where}: no results array`)
    check(problems, /^\S+\/$/.test(run.automationDetails?.id ?? ''), `${where}: no category ending in /`)
    // U15: a tool name.
    check(problems, /\S/.test(run.tool.driver.name), `${where}: no tool name`)
    const rules = run.tool.driver.rules ?? []
    // U5, U6, U7, U10
    check(problems, (run.results?.length ?? 0) <= GITHUB_SARIF_LIMITS.resultsPerRun, `${where}: too many results`)
    check(problems, rules.length <= GITHUB_SARIF_LIMITS.rulesPerRun, `${where}: too many rules`)
    check(problems, (run.tool.extensions ?? []).length <= GITHUB_SARIF_LIMITS.extensionsPerRun, `${where}: too many extensions`)
    check(problems, new Set(rules.map((rule) => rule.id)).size === rules.length, `${where}: rule ids repeat`)
    rules.forEach((rule, r) => {
      check(problems, (rule.properties?.tags ?? []).length <= GITHUB_SARIF_LIMITS.tagsPerRule, `${where}.rules[${r}]: too many tags`)
      checkSecuritySeverity(problems, rule.properties?.['security-severity'], `${where}.rules[${r}]`)
    })
    const results = run.results ?? []
    results.forEach((result, r) => checkResult(problems, result, run, `${where}.results[${r}]`, options.fingerprintKey))
    // Distinct findings, distinct alerts: no two results of a run share a fingerprint.
    const fingerprints = results.map((result) => result.partialFingerprints?.[options.fingerprintKey])
    check(problems, new Set(fingerprints).size === results.length, `${where}: fingerprints repeat`)
  })
  // The message names the problems: the thrown error says which rule broke.
  expect(problems.slice(0, 20), problems.slice(0, 20).join('\n')).toEqual([])
  return log
}
