// A file input is read only when it is a regular file inside the workspace or RUNNER_TEMP, so nothing blocks the step.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, truncateSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InputError } from '../../../src/core/errors.js'
import { MAX_INPUT_FILE_BYTES, readConfinedInputFile } from '../../../src/core/input-file.js'

let workspace: string
const saved = { workspace: process.env.GITHUB_WORKSPACE, temp: process.env.RUNNER_TEMP }

beforeEach(() => {
  workspace = mkdtempSync(path.join(tmpdir(), 's4e-input-file-'))
  process.env.GITHUB_WORKSPACE = workspace
  delete process.env.RUNNER_TEMP
})
afterEach(() => {
  process.env.GITHUB_WORKSPACE = saved.workspace
  if (saved.temp === undefined) delete process.env.RUNNER_TEMP
  else process.env.RUNNER_TEMP = saved.temp
})

const read = (given: string) => readConfinedInputFile(given, 'assets-file')

describe('readConfinedInputFile', () => {
  it('reads a regular file relative to the workspace', () => {
    writeFileSync(path.join(workspace, 'assets.txt'), 'app.example.com\n')
    expect(read('assets.txt')).toBe('app.example.com\n')
  })

  it('refuses a FIFO before opening it, so the step does not block', () => {
    execFileSync('mkfifo', [path.join(workspace, 'pipe')])
    expect(() => read('pipe')).toThrow(
      `The assets-file input "pipe" is a named pipe (FIFO) (${path.join(workspace, 'pipe')}), not a regular file, so it was not opened: name a regular file.`
    )
  })

  it('refuses a folder and a socket', async () => {
    mkdirSync(path.join(workspace, 'out'))
    expect(() => read('out')).toThrow(/^The assets-file input "out" is a folder \(/)
    const socket = path.join(workspace, 'sock')
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(socket, resolve))
    try {
      expect(() => read('sock')).toThrow(/^The assets-file input "sock" is a socket \(.*\), not a regular file, so it was not opened: name a regular file\.$/)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('refuses a file past 16 MiB without reading it', () => {
    const big = path.join(workspace, 'big.txt')
    writeFileSync(big, '')
    truncateSync(big, MAX_INPUT_FILE_BYTES + 1)
    expect(() => read('big.txt')).toThrow(`is ${MAX_INPUT_FILE_BYTES + 1} bytes, more than the 16 MiB an input file may hold: split it over several steps.`)
  })

  it('refuses a device and any path outside the workspace, before looking at its type', () => {
    expect(() => read('/dev/zero')).toThrow(InputError)
    expect(() => read('/dev/zero')).toThrow(/resolves to \/dev\/zero, outside the workspace/)
  })

  it('names a missing file with the path it looked for', () => {
    expect(() => read('missing.txt')).toThrow(`names no existing file (looked for ${path.join(workspace, 'missing.txt')})`)
  })
})
