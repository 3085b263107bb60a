// readConfinedInputFile: the working folder outside a runner, devices inside an allowed folder, and read errors other than a missing file.
import { readFileSync, mkdtempSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readConfinedInputFile } from '../../../src/core/input-file.js'
import { inputRefusalOf } from '../support/input-refusal.js'
import { expectSentence } from '../support/sentence.js'

const saved = { workspace: process.env.GITHUB_WORKSPACE, temp: process.env.RUNNER_TEMP }
let workspace: string

beforeEach(() => {
  workspace = mkdtempSync(path.join(tmpdir(), 's4e-input-file-branches-'))
  process.env.GITHUB_WORKSPACE = workspace
  delete process.env.RUNNER_TEMP
})
afterEach(() => {
  if (saved.workspace === undefined) delete process.env.GITHUB_WORKSPACE
  else process.env.GITHUB_WORKSPACE = saved.workspace
  if (saved.temp === undefined) delete process.env.RUNNER_TEMP
  else process.env.RUNNER_TEMP = saved.temp
})

const refusalOf = (given: string): string => inputRefusalOf(() => readConfinedInputFile(given, 'assets-file'))

describe('readConfinedInputFile outside a runner', () => {
  it('resolves a relative path against the working folder, and allows it, when neither GITHUB_WORKSPACE nor RUNNER_TEMP is set', () => {
    delete process.env.GITHUB_WORKSPACE
    expect(readConfinedInputFile('package.json', 'assets-file')).toBe(readFileSync(path.join(process.cwd(), 'package.json'), 'utf8'))
  })

  it('still refuses a file outside the working folder then', () => {
    delete process.env.GITHUB_WORKSPACE
    expectSentence(refusalOf('/etc/hostname'), { what: 'The assets-file input "/etc/hostname" resolves to', mentions: ['outside the workspace'] })
  })
})

describe('readConfinedInputFile refusals', () => {
  it('refuses a character device inside an allowed folder as a device, before opening it', () => {
    process.env.RUNNER_TEMP = '/dev'
    expectSentence(refusalOf('/dev/zero'), {
      what: 'The assets-file input "/dev/zero" is a device (/dev/zero), not a regular file, so it was not opened',
      fix: 'name a regular file'
    })
  })

  it('names the error code of a path that cannot be resolved for another reason than a missing file (a symlink loop)', () => {
    symlinkSync(path.join(workspace, 'b'), path.join(workspace, 'a'))
    symlinkSync(path.join(workspace, 'a'), path.join(workspace, 'b'))
    expectSentence(refusalOf('a'), { what: 'The assets-file input "a" could not be read', cause: 'ELOOP', fix: "check the file's permissions" })
  })
})
