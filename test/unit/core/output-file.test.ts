import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/core/errors.js'
import { checkFileWritable, writeFileAtomically } from '../../../src/core/output-file.js'

const folder = () => mkdtempSync(path.join(tmpdir(), 's4e-out-'))

describe('writeFileAtomically', () => {
  it('replaces a symlink at the path instead of writing through it', async () => {
    const dir = folder()
    writeFileSync(path.join(dir, 'victim'), 'precious')
    symlinkSync(path.join(dir, 'victim'), path.join(dir, 'out.json'))
    await writeFileAtomically(path.join(dir, 'out.json'), '{}\n')
    expect(readFileSync(path.join(dir, 'victim'), 'utf8')).toBe('precious')
    expect(lstatSync(path.join(dir, 'out.json')).isSymbolicLink()).toBe(false)
    expect(readFileSync(path.join(dir, 'out.json'), 'utf8')).toBe('{}\n')
  })

  it('creates missing folders and leaves no temporary file behind, even when the rename fails', async () => {
    const dir = folder()
    await writeFileAtomically(path.join(dir, 'a', 'b', 'c.json'), 'x')
    expect(readFileSync(path.join(dir, 'a', 'b', 'c.json'), 'utf8')).toBe('x')
    mkdirSync(path.join(dir, 'taken'))
    writeFileSync(path.join(dir, 'taken', 'inside'), '')
    await expect(writeFileAtomically(path.join(dir, 'taken'), 'x')).rejects.toThrow()
    expect(readdirSync(dir).sort()).toEqual(['a', 'taken'])
  })
})

describe('checkFileWritable', () => {
  it('accepts a new file in a new folder, and leaves nothing behind', () => {
    const dir = folder()
    expect(() => checkFileWritable(path.join(dir, 'new', 'f.json'), 'findings-file')).not.toThrow()
    expect(readdirSync(path.join(dir, 'new'))).toEqual([])
  })

  it.each([
    [
      'a folder',
      (dir: string) => {
        mkdirSync(path.join(dir, 'x'))
        return path.join(dir, 'x')
      },
      /because it is a folder: name a file/
    ],
    [
      'a path below a file',
      (dir: string) => {
        writeFileSync(path.join(dir, 'f'), '')
        return path.join(dir, 'f', 'x.json')
      },
      /because part of the path is a file, not a folder/
    ]
  ])('refuses %s in one sentence naming the input and path', (_name, make, message) => {
    const file = make(folder())
    expect(() => checkFileWritable(file, 'sarif-file')).toThrow(InputError)
    expect(() => checkFileWritable(file, 'sarif-file')).toThrow(
      new RegExp(`^The sarif-file input names ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}, which cannot be written ${message.source}`)
    )
  })

  it('refuses a folder the runner may not write', () => {
    const dir = folder()
    chmodSync(dir, 0o500)
    // Root ignores folder modes, so as root the read-only sysfs stands in for a read-only folder.
    const target = process.getuid?.() === 0 ? '/sys/s4e-probe.json' : path.join(dir, 'f.json')
    try {
      expect(() => checkFileWritable(target, 'findings-file')).toThrow(/because the runner may not write there/)
    } finally {
      chmodSync(dir, 0o700)
    }
  })
})
