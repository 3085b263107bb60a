import * as core from '@actions/core'
import { InputError } from './errors.js'

/** The choices of every on-… input (on-invalid, on-missing-credentials): fail the step, or pass it with a warning. */
export const FAIL_OR_SKIP = ['fail', 'skip'] as const
export type FailOrSkip = (typeof FAIL_OR_SKIP)[number]

// core.getInput already trims surrounding white space, so nothing here trims again.

/** A boolean input read the YAML 1.2 core-schema way, with a sentence instead of a TypeError. */
export function readBoolean(name: string, fallback: boolean): boolean {
  const given = core.getInput(name)
  const value = given.toLowerCase()
  if (value === '') return fallback
  if (['true', 'yes', 'on'].includes(value)) return true
  if (['false', 'no', 'off'].includes(value)) return false
  throw new InputError(`The ${name} input must be true or false, not "${given}".`)
}

/** One of a fixed set of lower-case words (any case accepted); the fallback when empty. */
export function readChoice<T extends string>(name: string, choices: readonly T[], fallback: T): T
export function readChoice<T extends string>(name: string, choices: readonly T[], fallback?: undefined): T | undefined
export function readChoice<T extends string>(name: string, choices: readonly T[], fallback?: T): T | undefined {
  const given = core.getInput(name)
  const value = given.toLowerCase()
  if (value === '') return fallback
  if (!(choices as readonly string[]).includes(value)) {
    const list = choices.length === 2 ? `${choices[0]} or ${choices[1]}` : `one of ${choices.join(', ')}`
    throw new InputError(`The ${name} input must be ${list}, not "${given}".`)
  }
  return value as T
}

export interface NumberRule {
  /** Whole numbers only. */
  integer?: boolean
  check: (value: number) => boolean
  /** What a valid value is, for the sentence: "a number of seconds of at least 1". */
  rule: string
}

/** A non-negative decimal number input; the fallback when empty. */
export function readNumber(name: string, fallback: number, { integer = false, check, rule }: NumberRule): number {
  const text = core.getInput(name)
  if (text === '') return fallback
  const pattern = integer ? /^\d+$/ : /^\d*\.?\d+$/
  const value = Number(text)
  if (!pattern.test(text) || !Number.isFinite(value) || !check(value)) {
    throw new InputError(`The ${name} input must be ${rule}, not "${text}".`)
  }
  return value
}
