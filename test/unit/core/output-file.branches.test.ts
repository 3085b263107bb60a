// checkFileWritable: failures whose error code has no reason of its own are named by their code.
import { mkdtempSync, readdirSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkFileWritable } from '../../../src/core/output-file.js'
import { inputRefusalOf } from '../support/input-refusal.js'

const folder = () => mkdtempSync(path.join(tmpdir(), 's4e-out-branches-'))

const refusalOf = (file: string): string => inputRefusalOf(() => checkFileWritable(file, 'sarif-file'))

describe('checkFileWritable', () => {
  it('names the code of a look-up failure it has no reason for (a path through a symlink loop)', () => {
    const dir = folder()
    symlinkSync(path.join(dir, 'loop'), path.join(dir, 'loop'))
    const file = path.join(dir, 'loop', 'results.sarif')
    expect(refusalOf(file)).toBe(
      `The sarif-file input names ${file}, which cannot be written because of ELOOP: name a file in a folder the job may write, such as one under the workspace or RUNNER_TEMP.`
    )
  })

  it('says the path is too long when only the probe beside the file is past the name limit, and leaves nothing behind', () => {
    const dir = folder()
    // 220 characters is a valid name; the probe adds a dot, a UUID and .tmp, past the 255 a name may hold.
    const file = path.join(dir, `${'r'.repeat(220)}.json`)
    expect(refusalOf(file)).toMatch(/, which cannot be written because the path is too long: name a file in a folder the job may write/)
    expect(readdirSync(dir)).toEqual([])
  })
})
