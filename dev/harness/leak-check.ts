// Proves that no secret of a run reaches the log, outputs, exported env, summary or files the action wrote.
import { readFileSync } from 'node:fs'
import type { Job } from './job.js'
import type { StepResult } from './run-step.js'
import { maskVariants } from './workflow-commands.js'

export interface LeakCheckOptions {
  /** Outputs allowed to carry a secret (it must still be masked). Default `['access-token']`. */
  allowOutputs?: string[]
  /** Exported variables allowed to carry a secret (it must still be masked). Default `['S4E_ACCESS_TOKEN']`. */
  allowEnv?: string[]
}

const DEFAULT_ALLOWED_OUTPUTS = ['access-token']
const DEFAULT_ALLOWED_ENV = ['S4E_ACCESS_TOKEN']

/** Human-readable descriptions of every place a secret appears; empty when the run is clean. */
export function findLeaks(result: StepResult, secrets: readonly string[], options: LeakCheckOptions = {}): string[] {
  const allowOutputs = options.allowOutputs ?? DEFAULT_ALLOWED_OUTPUTS
  const allowEnv = options.allowEnv ?? DEFAULT_ALLOWED_ENV
  const leaks: string[] = []
  secrets.forEach((secret, index) => {
    if (secret.trim() === '') return
    const label = describeSecret(secret, index)
    const forms = leakSpellings(secret)
    const found = (text: string) => forms.some((form) => text.includes(form))
    if (found(result.log)) leaks.push(`${label} appears unmasked in the log.`)
    if (found(result.debug.join('\n'))) leaks.push(`${label} appears unmasked in debug output (shown with ACTIONS_STEP_DEBUG=true).`)
    for (const [name, value] of Object.entries(result.outputs)) {
      if (!found(value)) continue
      if (!allowOutputs.includes(name)) leaks.push(`${label} appears in the output "${name}".`)
      else if (!result.masks.includes(secret) && !result.masks.includes(value)) leaks.push(`${label} is in the output "${name}" without being masked.`)
    }
    for (const [name, value] of Object.entries(result.exportedEnv)) {
      if (!found(value)) continue
      if (!allowEnv.includes(name)) leaks.push(`${label} appears in the exported variable ${name}.`)
      else if (!result.masks.includes(secret) && !result.masks.includes(value)) leaks.push(`${label} is exported as ${name} without being masked.`)
    }
    if (found(result.summary)) leaks.push(`${label} appears in the job summary.`)
    for (const file of result.writtenFiles) {
      let content: string
      try {
        content = readFileSync(file, 'utf8')
      } catch {
        continue
      }
      if (found(content)) leaks.push(`${label} appears in the file ${file}.`)
    }
  })
  if (result.post) leaks.push(...findLeaks({ ...result.post, writtenFiles: [] }, secrets, options).map((leak) => `post step: ${leak}`))
  return leaks
}

export function assertNoLeaks(result: StepResult, secrets: readonly string[], options: LeakCheckOptions = {}): void {
  const leaks = findLeaks(result, secrets, options)
  if (leaks.length > 0) throw new Error(`Secrets leaked:\n- ${leaks.join('\n- ')}`)
}

/** findLeaks over every step of a job, each description prefixed with the step id. */
export function findJobLeaks(job: Job, secrets: readonly string[], options: LeakCheckOptions = {}): string[] {
  return Object.values(job.steps).flatMap((step) => findLeaks(step, secrets, options).map((leak) => `step ${step.id}: ${leak}`))
}

export function assertNoJobLeaks(job: Job, secrets: readonly string[], options: LeakCheckOptions = {}): void {
  const leaks = findJobLeaks(job, secrets, options)
  if (leaks.length > 0) throw new Error(`Secrets leaked:\n- ${leaks.join('\n- ')}`)
}

// Shorter Base64 fragments would match by chance.
const MIN_BASE64_FRAGMENT = 8

/**
 * The Base64 of the secret wherever it sits in encoded data (e.g. `client-id:client-secret` in an
 * HTTP Basic header): the part of the encoding that depends on the secret alone, for each of the
 * three alignments it can have.
 */
function base64Fragments(secret: string): string[] {
  const bytes = Buffer.from(secret)
  const fragments: string[] = []
  for (let skip = 0; skip < 3; skip++) {
    const rest = bytes.subarray(skip)
    const whole = rest.subarray(0, rest.length - (rest.length % 3))
    const fragment = whole.toString('base64')
    if (fragment.length >= MIN_BASE64_FRAGMENT) fragments.push(fragment)
  }
  return fragments
}

/**
 * Every spelling of a secret a leak could take: what the runner masks, plus the form-encoded
 * (URLSearchParams) and JSON `\/` spellings, the secret in lower and upper case (a server or a
 * parser may fold it), Base64 at any alignment, and each line of a multi-line secret.
 */
export function leakSpellings(secret: string): string[] {
  const lines = secret
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
  const spellings = new Set<string>()
  for (const text of [secret, ...(lines.length > 1 ? lines : [])]) {
    for (const variant of maskVariants(text)) spellings.add(variant)
    spellings.add(new URLSearchParams({ v: text }).toString().slice(2))
    spellings.add(JSON.stringify(text).slice(1, -1).replace(/\//g, '\\/'))
    spellings.add(text.toLowerCase())
    spellings.add(text.toUpperCase())
    for (const fragment of base64Fragments(text)) spellings.add(fragment)
  }
  return [...spellings].filter((spelling) => spelling.trim() !== '')
}

/** Names a secret without revealing any of it: its position in the list and its length. */
function describeSecret(secret: string, index: number): string {
  return `Secret ${index + 1} (${secret.length} characters)`
}
