// The file rules under Windows path semantics (path.win32), though this machine is Linux: GitHub runs
// the actions on Windows runners too, where paths carry drive letters in either case, UNC shares and
// backslashes. Each rule's pure decision takes the path flavour; the runner's platform is the default.
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { isInside } from '../../../src/core/input-file.js'
import { temporaryPathBeside } from '../../../src/core/output-file.js'
import { resolveWorkspacePath } from '../../../src/trigger-scan/report/findings-file.js'

const win = path.win32
const WORKSPACE = 'D:\\a\\repo\\repo'
const RUNNER_TEMP = 'D:\\a\\_temp'

describe('assets-file confinement (isInside) under Windows rules', () => {
  const allowed = (file: string): boolean => [WORKSPACE, RUNNER_TEMP].some((folder) => isInside(file, folder, win))

  it.each([
    ['a file in the workspace', 'D:\\a\\repo\\repo\\hosts.txt'],
    ['a file deeper in the workspace', 'D:\\a\\repo\\repo\\deploy\\out\\hosts.txt'],
    ['the workspace itself', 'D:\\a\\repo\\repo'],
    ['a file in RUNNER_TEMP', 'D:\\a\\_temp\\hosts.json'],
    ['the drive letter in the other case', 'd:\\a\\repo\\repo\\hosts.txt'],
    ['folders in another letter case (NTFS ignores case)', 'D:\\A\\REPO\\Repo\\hosts.txt'],
    ['forward slashes', 'D:/a/repo/repo/hosts.txt'],
    ['a .. that stays inside', 'D:\\a\\repo\\repo\\deploy\\..\\hosts.txt'],
    ['a trailing separator on the file', 'D:\\a\\repo\\repo\\out\\']
  ])('accepts %s', (_what, file) => {
    expect(allowed(file)).toBe(true)
  })

  it.each([
    ['a .. escape out of the workspace', 'D:\\a\\repo\\repo\\..\\..\\secrets.txt'],
    ['a .. escape with forward slashes', 'D:/a/repo/repo/../other/hosts.txt'],
    ['a sibling whose name starts like the workspace', 'D:\\a\\repo\\repo-other\\hosts.txt'],
    ['the parent of the workspace', 'D:\\a\\repo'],
    ['another drive', 'C:\\Windows\\System32\\drivers\\etc\\hosts'],
    ['the same folders on another drive', 'C:\\a\\repo\\repo\\hosts.txt'],
    ['a UNC share', '\\\\server\\share\\hosts.txt'],
    ['the workspace reached through a UNC administrative share', '\\\\localhost\\D$\\a\\repo\\repo\\hosts.txt'],
    ['a device path', '\\\\?\\D:\\a\\repo\\repo\\hosts.txt'],
    // The rule judges the path with symlinks and junctions resolved: a link in the checkout is judged by its target.
    ['the resolved target of a junction in the checkout', 'C:\\Users\\runneradmin\\.ssh\\id_rsa']
  ])('refuses %s', (_what, file) => {
    expect(allowed(file)).toBe(false)
  })

  it('accepts a UNC workspace and files in it, in either letter case', () => {
    expect(isInside('\\\\Server\\Share\\work\\hosts.txt', '\\\\server\\share\\work', win)).toBe(true)
    expect(isInside('\\\\server\\share\\other\\hosts.txt', '\\\\server\\share\\work', win)).toBe(false)
    expect(isInside('\\\\server\\other\\work\\hosts.txt', '\\\\server\\share\\work', win)).toBe(false)
  })

  it('a folder name that begins with two dots is refused too: the rule errs on the side of refusing', () => {
    expect(isInside('D:\\a\\repo\\repo\\..hidden\\hosts.txt', WORKSPACE, win)).toBe(false)
  })

  it('the flavour decides: under POSIX rules a backslash .. is part of a name, under Windows rules an escape', () => {
    const escape = 'D:\\a\\repo\\repo/deploy\\..\\..\\..\\secrets.txt'
    expect(isInside(escape, WORKSPACE, path.posix)).toBe(true)
    expect(isInside(escape, WORKSPACE, win)).toBe(false)
  })
})

describe('the atomic write (temporaryPathBeside) under Windows rules', () => {
  it.each([
    ['a drive path', 'D:\\a\\repo\\repo\\out\\s4e-results.sarif'],
    ['a path with forward slashes', 'D:/a/_temp/s4e-findings-42.json'],
    ['a lower-case drive letter', 'c:\\work\\findings.json'],
    ['a UNC path', '\\\\server\\share\\reports\\findings.json'],
    ['a file at the root of a drive', 'D:\\findings.json']
  ])('writes the temporary file in the same folder as %s, so the rename stays on one volume', (_what, file) => {
    const temporary = temporaryPathBeside(file, win)
    expect(win.relative(win.dirname(temporary), win.dirname(file))).toBe('')
    expect(win.parse(temporary).root).toBe(win.parse(win.normalize(file)).root)
    expect(win.basename(temporary)).toMatch(new RegExp(`^\\.${win.basename(file).replace(/\./g, '\\.')}\\.[0-9a-f-]{36}\\.tmp$`))
  })

  it('names a new temporary file each time, so two writes never share one', () => {
    expect(temporaryPathBeside('D:\\out\\f.json', win)).not.toBe(temporaryPathBeside('D:\\out\\f.json', win))
  })
})

describe('findings-file and sarif-file paths (resolveWorkspacePath) under Windows rules', () => {
  beforeEach(() => {
    vi.stubEnv('GITHUB_WORKSPACE', WORKSPACE)
  })
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it.each([
    ['a relative path, against the workspace', 's4e-results.sarif', 'D:\\a\\repo\\repo\\s4e-results.sarif'],
    ['a relative path with forward slashes', 'reports/s4e.sarif', 'D:\\a\\repo\\repo\\reports\\s4e.sarif'],
    ['a relative path with backslashes', 'reports\\s4e.sarif', 'D:\\a\\repo\\repo\\reports\\s4e.sarif'],
    ['an absolute path on another drive, as given', 'C:\\reports\\s4e.sarif', 'C:\\reports\\s4e.sarif'],
    ['a lower-case drive letter, kept', 'c:\\reports\\s4e.sarif', 'c:\\reports\\s4e.sarif'],
    ['a UNC path, as given', '\\\\server\\share\\s4e.sarif', '\\\\server\\share\\s4e.sarif'],
    ['a rooted path without a drive, on the workspace drive', '\\reports\\s4e.sarif', 'D:\\reports\\s4e.sarif'],
    ['a .. path, normalised', '..\\s4e.sarif', 'D:\\a\\repo\\s4e.sarif']
  ])('resolves %s', (_what, given, expected) => {
    expect(resolveWorkspacePath(given, win)).toBe(expected)
  })

  it('uses the platform rules by default', () => {
    expect(resolveWorkspacePath('x.sarif')).toBe(path.resolve(WORKSPACE, 'x.sarif'))
  })
})
