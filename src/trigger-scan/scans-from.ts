// The scans a fan-in step gates: scan ids given as they are, and the scans files of earlier steps
// (docs/design.md, "Fan-in across jobs"). Read before any request; nothing here talks to S4E.
import { globSync } from 'node:fs'
import path from 'node:path'
import { idOf } from '../core/api-types.js'
import { InputError } from '../core/errors.js'
import { readConfinedInputFile } from '../core/input-file.js'
import { isJsonObject } from '../core/response-body.js'
import { MAX_FAN_IN_SCANS, SCAN_TYPE_PATTERN, TriggerScanInput } from './names.js'

/** A scan started elsewhere, with what its scans entry says of its asset. */
export interface ScanRef {
  readonly scanId: string
  readonly assetId?: string
  readonly assetName?: string
  /** The scan type its entry names; absent in files of older steps (the scan-type input applies). */
  readonly scanType?: string
}

/** A scans file is small: 4,096 entries of a few hundred bytes. */
export const MAX_SCANS_FILE_BYTES = 4 * 1024 * 1024
/** Longer than any scan type S4E names. */
const MAX_SCAN_TYPE_LENGTH = 64
/** Files one scans-from glob may match: a matrix of 256 legs, with room to spare. */
export const MAX_SCANS_FILES = 1024

const textOf = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined)
const shown = (text: string): string => (text.length > 100 ? `${text.slice(0, 100)}…` : text)

/** The `scans` array of a file as a step writes it (`{"scans": […]}`), or the `scans` output itself (`[…]`). */
function scansArrayOf(parsed: unknown): unknown[] | undefined {
  const list: unknown = isJsonObject(parsed) ? parsed.scans : parsed
  return Array.isArray(list) ? (list as unknown[]) : undefined
}

/** An entry's scan type, when it names one; one sentence when it is not a scan type name. */
function scanTypeOf(file: string, index: number, value: unknown): { scanType?: string } {
  if (value === undefined || value === null || value === '') return {}
  const scanType = typeof value === 'string' ? value.trim().toLowerCase() : ''
  if (SCAN_TYPE_PATTERN.test(scanType) && scanType.length <= MAX_SCAN_TYPE_LENGTH) return { scanType }
  throw new InputError({
    what: `Entry ${index + 1} of the scans file ${file} names a scan-type that is not a scan type name`,
    cause: typeof value === 'string' ? shown(value) : `a ${typeof value}`,
    fix: 'name files written by an earlier s4e-trigger-scan step, unchanged'
  })
}

/** The scans of one file; one sentence naming the file when it holds no `scans` array or an entry names no scan. */
export function scanRefsOfFile(file: string, content: string): ScanRef[] {
  const noScans = (cause: string): never => {
    throw new InputError({
      what: `The scans file ${file} holds no scans array`,
      cause,
      fix: `name files written by an earlier s4e-trigger-scan step (its ${TriggerScanInput.scansFile} output), such as the artifacts the matrix legs uploaded`
    })
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(content)
  } catch {
    return noScans('it is not JSON')
  }
  const entries = scansArrayOf(parsed) ?? noScans(Array.isArray(parsed) || isJsonObject(parsed) ? 'no "scans" key holds an array' : 'it holds a single value')
  return entries.map((entry, index) => {
    const scanId = isJsonObject(entry) ? idOf(typeof entry['scan-id'] === 'string' ? entry['scan-id'].trim() : entry['scan-id']) : undefined
    if (!isJsonObject(entry) || scanId === undefined) {
      const asset = isJsonObject(entry) ? textOf(entry.asset) : undefined
      throw new InputError({
        what: `Entry ${index + 1} of the scans file ${file} names no scan${asset !== undefined ? ` (asset ${shown(asset)})` : ''}`,
        cause: isJsonObject(entry) ? 'its scan-id is empty, so its scan was never started' : 'it is not an object',
        fix: 're-run the job that should have started it, or remove it from the file'
      })
    }
    return { scanId, assetId: idOf(entry['asset-id']), assetName: textOf(entry.asset), ...scanTypeOf(file, index, entry['scan-type']) }
  })
}

/** The files a scans-from glob matches, relative to GITHUB_WORKSPACE, in a stable order. */
function filesMatching(pattern: string): string[] {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
  const matches = globSync(pattern, { cwd: workspace }).map((file) => path.resolve(workspace, file))
  if (matches.length === 0) {
    throw new InputError({
      what: `The ${TriggerScanInput.scansFrom} input "${shown(pattern)}" matches no file`,
      fix: 'check that the artifacts were downloaded to that path (actions/download-artifact with merge-multiple), and that the glob is relative to the workspace'
    })
  }
  if (matches.length > MAX_SCANS_FILES) {
    throw new InputError({
      what: `The ${TriggerScanInput.scansFrom} input "${shown(pattern)}" matches ${matches.length} files, more than the ${MAX_SCANS_FILES} one step reads`,
      fix: 'narrow the glob to the scans files of this run'
    })
  }
  return [...new Set(matches)].sort()
}

/** Several values, separated by newlines, commas or spaces; each once, in input order. */
function splitValues(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((value) => value !== ''))]
}

/**
 * The scans to gate from `scan-id` and `scans-from` (undefined when neither is given): each scan
 * once, ids from scan-id first, then the files in path order. Reads files only inside the
 * workspace or RUNNER_TEMP.
 */
export function readScanRefs(scanIdInput: string, scansFromInput: string): ScanRef[] | undefined {
  const ids = splitValues(scanIdInput)
  const patterns = scansFromInput
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
  if (ids.length === 0 && patterns.length === 0) return undefined
  const refs = new Map<string, ScanRef>()
  for (const scanId of ids) refs.set(scanId, { scanId })
  for (const pattern of patterns) {
    for (const file of filesMatching(pattern)) {
      const content = readConfinedInputFile(file, TriggerScanInput.scansFrom, {
        holds: `a scans file (the ${TriggerScanInput.scansFile} output of an earlier step)`,
        maxBytes: MAX_SCANS_FILE_BYTES,
        tooBigFix: 'name the scans files of this run only'
      })
      // A scan named twice (by id and in a file) keeps what the file says of its asset.
      for (const ref of scanRefsOfFile(file, content)) refs.set(ref.scanId, { ...refs.get(ref.scanId), ...ref })
    }
  }
  if (refs.size > MAX_FAN_IN_SCANS) {
    throw new InputError({
      what: `The ${TriggerScanInput.scanId} and ${TriggerScanInput.scansFrom} inputs name ${refs.size} scans, more than the ${MAX_FAN_IN_SCANS} one step gates`,
      fix: 'gate them in several fan-in jobs, each over a share of the scans files'
    })
  }
  return [...refs.values()]
}
