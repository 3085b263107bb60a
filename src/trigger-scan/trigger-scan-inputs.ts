import * as core from '@actions/core'
import { SEVERITIES } from '../core/api-types.js'
import type { OnMissingCredentials } from '../core/credential-inputs.js'
import { InputError } from '../core/errors.js'
import { readBoolean, readChoice, readNumber } from '../core/inputs.js'
import { readCredentialsOrSkip, readOnMissingCredentials, type CredentialSettings } from '../core/read-credentials.js'
import { checkFileWritable } from '../core/output-file.js'
import { registerSecret } from '../core/secrets.js'
import { findingsFileProbePath, resolveWorkspacePath, scansFilePath } from './output-paths.js'
import { readScanRefs, type ScanRef } from './scans-from.js'
import type { Scope } from '../core/scopes.js'
import {
  MAX_SCAN_STEP_ASSETS,
  DEFAULT_POLL_INTERVAL_SECONDS,
  DEFAULT_SCAN_TYPE,
  SCAN_TYPE_PATTERN,
  DEFAULT_TIMEOUT_MINUTES,
  MIN_POLL_INTERVAL_SECONDS,
  GATE_ON_VALUES,
  SCAN_PRIORITIES,
  TriggerScanInput,
  type GateOn,
  type ScanPriority
} from './names.js'
import type { FailOn } from './scan-report.js'

/** Which asset to scan: a name to resolve, or an id taken as is. */
export type AssetTarget = { assetName: string } | { assetId: string }

/** The scan to compare with: the previous one of this asset, the latest of another asset, or one by id. */
export type BaselineSpec = { kind: 'previous' } | { kind: 'asset'; asset: string } | { kind: 'scan'; scanId: string }

/** What to scan and how to wait and gate: everything runScanAndGate needs, validated. */
export interface ScanAndGateRequest {
  /** One or more assets, in input order, each scanned once; none when the step gates scans started elsewhere. */
  targets: readonly AssetTarget[]
  /** scan-id and scans-from: scans started elsewhere, gated without creating any (docs/design.md, "Fan-in across jobs"). */
  startedElsewhere?: readonly ScanRef[]
  scanType: string
  scanOptions?: Record<string, unknown>
  priority?: ScanPriority
  wait: boolean
  timeoutMs: number
  pollIntervalMs: number
  failOn: FailOn
  /** Finding ids or exact titles left out of the gate. */
  ignore: string[]
  /** Absent with `baseline: none`. */
  baseline?: BaselineSpec
  gateOn: GateOn
}

/** How the results are reported: files, summary, PR comment, and whether a broken scan fails the step. */
export interface ReportSettings {
  failOnScanError: boolean
  /** The findings-file input as given; empty means `<RUNNER_TEMP>/s4e-findings-<scan-id>.json`. */
  findingsFile: string
  sarifFile: string
  /** The scans-file input as given; empty means `<RUNNER_TEMP>/s4e-scans-<step>.json`. */
  scansFile: string
  summary: boolean
  prComment: boolean
  githubToken: string
}

export type { OnMissingCredentials }

export interface TriggerScanInputs {
  request: ScanAndGateRequest
  report: ReportSettings
  onMissingCredentials: OnMissingCredentials
}

export interface ReadTriggerScanOptions {
  /** The assets to scan when neither asset nor asset-id is given (the pipeline passes its first asset, or all with scan-assets: all). */
  defaultAssets?: readonly string[]
}

const FAIL_ON_VALUES: readonly FailOn[] = [...SEVERITIES, 'none']
// GitHub cancels a job after 6 hours (self-hosted runners after 5 days); a longer wait is a typo.
const MAX_TIMEOUT_MINUTES = 7 * 24 * 60

const input = (name: string): string => core.getInput(name)

/** Several values, separated by newlines, commas or spaces; each one once (names in any case), in input order. */
export function parseAssetValues(text: string, caseless: boolean): string[] {
  const seen = new Set<string>()
  const values: string[] = []
  for (const value of text.split(/[\s,]+/)) {
    const key = caseless ? value.toLowerCase() : value
    if (value === '' || seen.has(key)) continue
    seen.add(key)
    values.push(value)
  }
  return values
}

/** More than one scan step takes is one sentence pointing at the matrix (registration is not capped). */
function capped(targets: AssetTarget[]): AssetTarget[] {
  if (targets.length <= MAX_SCAN_STEP_ASSETS) return targets
  throw new InputError({
    what: `${targets.length} assets were given to scan in one step, more than the ${MAX_SCAN_STEP_ASSETS} one scan step takes`,
    fix: `spread them over matrix jobs that each scan a share with wait: false, and gate them all in one job with ${TriggerScanInput.scansFrom} (see examples/matrix-fan-in.yml)`
  })
}

function readTargets(defaultAssets: readonly string[] | undefined, fanIn: boolean): AssetTarget[] {
  const assetNames = parseAssetValues(input(TriggerScanInput.asset), true)
  const assetIds = parseAssetValues(input(TriggerScanInput.assetId), false)
  if (fanIn && (assetNames.length > 0 || assetIds.length > 0)) {
    throw new InputError({
      what: `Both ${assetNames.length > 0 ? TriggerScanInput.asset : TriggerScanInput.assetId} and ${TriggerScanInput.scanId} or ${TriggerScanInput.scansFrom} were given`,
      fix: `scan assets in this step, or gate scans started elsewhere, not both in one step`
    })
  }
  if (fanIn) return []
  if (assetNames.length > 0 && assetIds.length > 0) {
    throw new InputError(`Both asset and asset-id were given: pass the asset names or their ids, not both.`)
  }
  if (assetIds.length > 0) return capped(assetIds.map((assetId) => ({ assetId })))
  if (assetNames.length > 0) return capped(assetNames.map((assetName) => ({ assetName })))
  const defaults = parseAssetValues((defaultAssets ?? []).join('\n'), true)
  if (defaults.length > 0) return capped(defaults.map((assetName) => ({ assetName })))
  throw new InputError('No asset to scan was given: set asset to a registered asset name (such as preview.example.com) or asset-id to its S4E id.')
}

function readScanOptions(): Record<string, unknown> | undefined {
  const text = input(TriggerScanInput.scanOptions)
  if (text === '') return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new InputError('The scan-options input is not valid JSON: pass a JSON object such as {"ports": "1-1024"}.')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InputError('The scan-options input must be a JSON object (such as {"ports": "1-1024"}), not an array or a single value.')
  }
  return parsed as Record<string, unknown>
}

const BASELINE_HINT = 'use none, previous, asset:<name or id> (such as asset:example.com) or scan:<id>'

/** `baseline`: none, previous, asset:<name or id> or scan:<id>. */
export function parseBaseline(text: string): BaselineSpec | undefined {
  const value = text.trim()
  const lower = value.toLowerCase()
  if (lower === '' || lower === 'none') return undefined
  if (lower === 'previous') return { kind: 'previous' }
  const prefixed = /^(asset|scan):\s*(\S.*)$/i.exec(value)
  if (prefixed !== null) {
    const target = (prefixed[2] ?? '').trim()
    return prefixed[1]?.toLowerCase() === 'asset' ? { kind: 'asset', asset: target } : { kind: 'scan', scanId: target }
  }
  const shown = value.length > 100 ? `${value.slice(0, 100)}…` : value
  throw new InputError(`The baseline input "${shown}" is not a baseline: ${BASELINE_HINT}.`)
}

/** `ignore`: one finding id or exact title per line. */
export function parseIgnoreList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '')
    )
  ]
}

/** Reads and validates every s4e-trigger-scan input but the credentials. Sends nothing. */
export function readTriggerScanInputs(options: ReadTriggerScanOptions = {}): TriggerScanInputs {
  const githubToken = core.getInput(TriggerScanInput.githubToken)
  registerSecret(githubToken)

  const startedElsewhere = readScanRefs(input(TriggerScanInput.scanId), input(TriggerScanInput.scansFrom))
  const targets = readTargets(options.defaultAssets, startedElsewhere !== undefined)
  const scanType = input(TriggerScanInput.scanType).toLowerCase() || DEFAULT_SCAN_TYPE
  if (!SCAN_TYPE_PATTERN.test(scanType)) {
    throw new InputError(
      `The scan-type input "${input(TriggerScanInput.scanType)}" is not a scan type name: use one such as quick, full, ssl, dns, port or web_app.`
    )
  }
  const timeoutMinutes = readNumber(TriggerScanInput.timeoutMinutes, DEFAULT_TIMEOUT_MINUTES, {
    check: (n) => n > 0 && n <= MAX_TIMEOUT_MINUTES,
    rule: `a number of minutes above 0 and at most ${MAX_TIMEOUT_MINUTES} (fractions allowed)`
  })
  const pollSeconds = readNumber(TriggerScanInput.pollInterval, DEFAULT_POLL_INTERVAL_SECONDS, {
    check: (n) => n >= MIN_POLL_INTERVAL_SECONDS,
    rule: `a number of seconds of at least ${MIN_POLL_INTERVAL_SECONDS}`
  })
  const baseline = parseBaseline(input(TriggerScanInput.baseline))
  const wait = readBoolean(TriggerScanInput.wait, true)
  if (startedElsewhere !== undefined && !wait) {
    throw new InputError({
      what: `wait is false, but ${TriggerScanInput.scanId} and ${TriggerScanInput.scansFrom} name scans to wait for and gate`,
      fix: 'leave wait at true in the fan-in step; the steps that started the scans are the ones with wait: false'
    })
  }
  const request: ScanAndGateRequest = {
    targets,
    ...(startedElsewhere !== undefined ? { startedElsewhere } : {}),
    scanType,
    scanOptions: readScanOptions(),
    priority: readChoice(TriggerScanInput.priority, SCAN_PRIORITIES, undefined),
    wait,
    timeoutMs: Math.round(timeoutMinutes * 60_000),
    pollIntervalMs: Math.round(pollSeconds * 1000),
    failOn: readChoice(TriggerScanInput.failOn, FAIL_ON_VALUES, 'high'),
    ignore: parseIgnoreList(core.getInput(TriggerScanInput.ignore)),
    baseline,
    gateOn: readChoice(TriggerScanInput.gateOn, GATE_ON_VALUES, baseline !== undefined ? 'new' : 'all')
  }
  const findingsFile = input(TriggerScanInput.findingsFile)
  const sarifFile = input(TriggerScanInput.sarifFile)
  const scansFile = input(TriggerScanInput.scansFile)
  // Found out now, not after the scan was created and waited for.
  checkFileWritable(findingsFileProbePath(findingsFile), TriggerScanInput.findingsFile)
  if (sarifFile !== '') checkFileWritable(resolveWorkspacePath(sarifFile), TriggerScanInput.sarifFile)
  checkFileWritable(scansFilePath(scansFile), TriggerScanInput.scansFile)
  const report: ReportSettings = {
    failOnScanError: readBoolean(TriggerScanInput.failOnScanError, true),
    findingsFile,
    sarifFile,
    scansFile,
    summary: readBoolean(TriggerScanInput.summary, true),
    prComment: readBoolean(TriggerScanInput.prComment, false),
    githubToken
  }
  return { request, report, onMissingCredentials: readOnMissingCredentials() }
}

/** The least scopes a scan and its gate need, requested when the scope input is empty. */
export const TRIGGER_SCAN_SCOPES: Scope[] = ['assets:read', 'scans:write', 'scans:read', 'findings:read']

/**
 * The credential inputs (every secret masked first), or the warning to give when there are none and
 * on-missing-credentials is skip (a fork pull request). Sends nothing.
 */
export function readTriggerScanCredentials(onMissingCredentials: OnMissingCredentials): { settings: CredentialSettings } | { skipped: string } {
  return readCredentialsOrSkip({ reader: { action: 's4e-trigger-scan', onMissingCredentials }, acceptsToken: true, defaultScopes: TRIGGER_SCAN_SCOPES })
}
