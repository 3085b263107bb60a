// Files an action writes at a path from its inputs. A pull request can plant a symlink at that path,
// so a file is written next to it and renamed into place: the link is replaced, never followed.
import { randomUUID } from 'node:crypto'
import { lstatSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { InputError } from './errors.js'

/** The temporary file writeFileAtomically renames over `file`: in the same folder, so the rename stays on one volume. */
export function temporaryPathBeside(file: string, flavour: path.PlatformPath = path): string {
  return flavour.join(flavour.dirname(file), `.${flavour.basename(file)}.${randomUUID()}.tmp`)
}

/** Writes content to a temporary file in the same folder and renames it over `file`. */
export async function writeFileAtomically(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  const temporary = temporaryPathBeside(file)
  try {
    // `wx` refuses to open anything already there, a planted symlink included.
    await writeFile(temporary, content, { encoding: 'utf8', flag: 'wx' })
    await rename(temporary, file)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}

const REASONS: Record<string, string | undefined> & { EISDIR: string } = {
  EACCES: 'the runner may not write there',
  EPERM: 'the runner may not write there',
  EROFS: 'that file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exhausted',
  ENOTDIR: 'part of the path is a file, not a folder',
  ENAMETOOLONG: 'the path is too long',
  EISDIR: 'it is a folder'
}

/**
 * Proves, before any request, that `file` can be written the way writeFileAtomically will write
 * it: creates missing folders, then creates and removes a probe file beside it.
 * @throws InputError with one sentence naming the input, the path and the cause.
 */
export function checkFileWritable(file: string, inputName: string): void {
  const fail = (reason: string): never => {
    throw new InputError(
      `The ${inputName} input names ${file}, which cannot be written because ${reason}: name a file in a folder the job may write, such as one under the workspace or RUNNER_TEMP.`
    )
  }
  try {
    if (lstatSync(file).isDirectory()) fail(REASONS.EISDIR)
  } catch (error) {
    if (error instanceof InputError) throw error
    const code = (error as { code?: string }).code
    if (code !== 'ENOENT') fail(REASONS[code ?? ''] ?? `of ${code ?? 'an unknown error'}`)
  }
  const probe = temporaryPathBeside(file)
  try {
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(probe, '', { flag: 'wx' })
    unlinkSync(probe)
  } catch (error) {
    const code = (error as { code?: string }).code
    fail(REASONS[code ?? ''] ?? `of ${code ?? 'an unknown error'}`)
  }
}
