// Files named by inputs (assets-file, scans-from). A path from a pull request must not turn a step
// into a reader of the runner's files, nor hang it on a FIFO: docs/design.md, "Files read".
import { readFileSync, realpathSync, statSync } from 'node:fs'
import path from 'node:path'
import { InputError } from './errors.js'

export interface ConfinedFileRule {
  /** The input that named the file, for the sentence: `assets-file`. */
  inputName: string
  /** What the file should hold, for the sentence: `a file that lists the assets`. */
  holds: string
  maxBytes: number
  /** What to do when it is too big: `split it over several steps`. */
  tooBigFix: string
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file)
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))
}

/** GITHUB_WORKSPACE and RUNNER_TEMP with their symlinks resolved (the working folder outside a runner). */
export function allowedFolders(): string[] {
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

const mebibytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MiB`

/**
 * Reads a file named by an input as UTF-8. Relative paths resolve against GITHUB_WORKSPACE; the
 * file must lie, symlinks resolved, inside the workspace or RUNNER_TEMP, be a regular file (checked
 * before it is opened) and hold at most `maxBytes`.
 * @throws InputError with one sentence naming the input and the path, showing nothing of the file.
 */
export function readConfinedFile(given: string, rule: ConfinedFileRule): string {
  const resolved = path.resolve(process.env.GITHUB_WORKSPACE || process.cwd(), given)
  const named = `The ${rule.inputName} input "${given}"`
  try {
    const real = realpathSync(resolved)
    if (!allowedFolders().some((folder) => isInside(real, folder))) {
      throw new InputError({
        what: `${named} resolves to ${real}, outside the workspace (GITHUB_WORKSPACE) and RUNNER_TEMP`,
        fix: `keep the file in the checkout or in RUNNER_TEMP`
      })
    }
    const stats = statSync(real)
    if (stats.isDirectory()) throw new InputError({ what: `${named} is a folder (${resolved})`, fix: `name ${rule.holds}` })
    if (!stats.isFile()) {
      throw new InputError({ what: `${named} is not a regular file (${resolved} is a FIFO, a device or a socket)`, fix: `name ${rule.holds}` })
    }
    if (stats.size > rule.maxBytes) {
      throw new InputError({ what: `${named} is ${stats.size} bytes, more than the ${mebibytes(rule.maxBytes)} it may hold`, fix: rule.tooBigFix })
    }
    return readFileSync(real, 'utf8')
  } catch (error) {
    if (error instanceof InputError) throw error
    const code = (error as { code?: unknown }).code
    if (code === 'ENOENT') {
      throw new InputError({
        what: `${named} names no existing file (looked for ${resolved})`,
        fix: 'check the path, which is relative to the repository checkout, and that an earlier step created the file'
      })
    }
    throw new InputError({ what: `${named} could not be read`, cause: typeof code === 'string' ? code : 'unknown error', fix: "check the file's permissions" })
  }
}
