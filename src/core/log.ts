// Every line the actions print goes through here, so text from outside the workflow file (server
// fields, files, error bodies) can never start a workflow command or smuggle in a line break.
import * as core from '@actions/core'
import { redactSecrets } from './secrets.js'

// Every character a runner or a terminal may take as the end of a line.
const LINE_BREAKS = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/g
// C0 and C1 control characters but tab: ESC would let a server colour a fake "gate passed" line.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g
const COMMAND_START = /^(\s*)::/
// The runner still parses the old `##[command]` form anywhere on a line.
const LEGACY_COMMAND = /##\[/g
// Not white space to the runner (which trims a line before it looks for `::`), invisible to a reader.
const COMMAND_BREAKER = '\u200b'

/**
 * One line that cannot be a workflow command nor steer a terminal: line breaks become spaces,
 * other control characters go (before the command checks, so removing one cannot make a command),
 * a leading `::` is broken.
 */
export function toLogLine(text: string): string {
  return redactSecrets(text)
    .replace(LINE_BREAKS, ' ')
    .replace(CONTROL_CHARACTERS, '')
    .replace(LEGACY_COMMAND, `#${COMMAND_BREAKER}#[`)
    .replace(COMMAND_START, `$1${COMMAND_BREAKER}::`)
}

function safeProperties(properties?: core.AnnotationProperties): core.AnnotationProperties | undefined {
  if (properties === undefined) return undefined
  const safe = { ...properties }
  if (safe.title !== undefined) safe.title = toLogLine(safe.title)
  if (safe.file !== undefined) safe.file = toLogLine(safe.file)
  return safe
}

export function info(message: string): void {
  core.info(toLogLine(message))
}

export function debug(message: string): void {
  core.debug(toLogLine(message))
}

export function notice(message: string, properties?: core.AnnotationProperties): void {
  const safe = safeProperties(properties)
  if (safe === undefined) core.notice(toLogLine(message))
  else core.notice(toLogLine(message), safe)
}

/** Decides whether a warning or an error is shown as an annotation, or printed as a plain line instead. */
export interface AnnotationGate {
  admit(kind: 'warning' | 'error'): boolean
}

let annotationGate: AnnotationGate | undefined

/**
 * From now on every warning and error of this process (one step) goes through `gate`: the runner
 * shows 10 of each per step, so a step that keeps count shows the ones that matter.
 */
export function routeAnnotationsThrough(gate: AnnotationGate | undefined): void {
  annotationGate = gate
}

export function warning(message: string, properties?: core.AnnotationProperties): void {
  if (annotationGate?.admit('warning') === false) return info(message)
  const safe = safeProperties(properties)
  if (safe === undefined) core.warning(toLogLine(message))
  else core.warning(toLogLine(message), safe)
}

export function error(message: string, properties?: core.AnnotationProperties): void {
  if (annotationGate?.admit('error') === false) return info(message)
  const safe = safeProperties(properties)
  if (safe === undefined) core.error(toLogLine(message))
  else core.error(toLogLine(message), safe)
}

export function setFailed(message: string): void {
  core.setFailed(toLogLine(message))
}
