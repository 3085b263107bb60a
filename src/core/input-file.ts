// Reading a file named by an input (assets-file today; baseline and scans-from files later) without
// letting it read the runner's own files or block the step: docs/design.md, section "What is bounded".
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs'
import path from 'node:path'
import { InputError } from './errors.js'

/** The largest input file read: far more than any list of assets or scans, far less than a runner's memory. */
export const MAX_INPUT_FILE_BYTES = 16 * 1024 * 1024

/** Whether `file` lies in `folder`, by the path rules of `flavour` (the runner's platform unless a test names one). */
export function isInside(file: string, folder: string, flavour: path.PlatformPath = path): boolean {
  const relative = flavour.relative(folder, file)
  return relative === '' || (!relative.startsWith('..') && !flavour.isAbsolute(relative))
}

/** GITHUB_WORKSPACE and RUNNER_TEMP with their symlinks resolved (the working folder outside a runner). */
function allowedFolders(): string[] {
  const folders = [process.env.GITHUB_WORKSPACE, process.env.RUNNER_TEMP].filter((folder): folder is string => !!folder)
  if (folders.length === 0) folders.push(process.cwd())
  return folders.flatMap((folder) => {
    try {
      return [realpathSync(folder)]
    } catch {
      return []
    }
  })
}

/** What a file that is not a regular file is, for the sentence. */
function kindOf(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined
  if (stats.isDirectory()) return 'a folder'
  if (stats.isFIFO()) return 'a named pipe (FIFO)'
  if (stats.isSocket()) return 'a socket'
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device'
  return 'not a regular file'
}

/** What the sentence of a refused file says, and how big the file may be. */
export interface InputFileRule {
  /** What to name instead, when the path is not a regular file: `a regular file`. */
  holds?: string
  /** At most this many bytes; MAX_INPUT_FILE_BYTES when left out. */
  maxBytes?: number
  /** What to do when it is too big: `split it over several steps`. */
  tooBigFix?: string
}

const mebibytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MiB`

/**
 * Reads a file named by an input, as UTF-8. Relative paths resolve against GITHUB_WORKSPACE. The
 * file must lie, symlinks resolved, inside the workspace or RUNNER_TEMP (a path from a pull request
 * must not turn the step into a reader of the runner's files), be a regular file (a FIFO or a device
 * would block the step) and hold at most the rule's `maxBytes`. The type is checked before opening,
 * and again on the opened file (opened without blocking), so a swap in between changes nothing.
 * @throws InputError with one sentence naming the input and the path.
 */
export function readConfinedInputFile(given: string, inputName: string, rule: InputFileRule = {}): string {
  const maxBytes = rule.maxBytes ?? MAX_INPUT_FILE_BYTES
  const base = process.env.GITHUB_WORKSPACE || process.cwd()
  const resolved = path.resolve(base, given)
  const refuse = (what: string, fix: string, cause?: string): never => {
    throw new InputError({ what: `The ${inputName} input "${given}" ${what}`, cause, fix })
  }
  const checked = (stats: Stats, real: string): void => {
    const kind = kindOf(stats)
    if (kind !== undefined) refuse(`is ${kind} (${real}), not a regular file, so it was not opened`, `name ${rule.holds ?? 'a regular file'}`)
    if (stats.size > maxBytes) {
      refuse(`is ${stats.size} bytes, more than the ${mebibytes(maxBytes)} an input file may hold`, rule.tooBigFix ?? 'split it over several steps')
    }
  }
  let descriptor: number | undefined
  try {
    const real = realpathSync(resolved)
    if (!allowedFolders().some((folder) => isInside(real, folder))) {
      refuse(`resolves to ${real}, outside the workspace (GITHUB_WORKSPACE) and RUNNER_TEMP`, 'keep the file in the checkout or in RUNNER_TEMP')
    }
    checked(statSync(real), real)
    descriptor = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0))
    const stats = fstatSync(descriptor)
    checked(stats, real)
    const buffer = Buffer.alloc(stats.size)
    let read = 0
    while (read < buffer.length) {
      const count = readSync(descriptor, buffer, read, buffer.length - read, read)
      if (count === 0) break
      read += count
    }
    return buffer.subarray(0, read).toString('utf8')
  } catch (error) {
    if (error instanceof InputError) throw error
    const code = (error as { code?: unknown }).code
    if (code === 'ENOENT') {
      return refuse(
        `names no existing file (looked for ${resolved})`,
        'check the path, which is relative to the repository checkout, and that an earlier step created the file'
      )
    }
    return refuse('could not be read', "check the file's permissions", typeof code === 'string' ? code : 'unknown error')
  } finally {
    if (descriptor !== undefined) closeSync(descriptor)
  }
}
