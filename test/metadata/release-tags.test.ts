// The post-release check (scripts/release-tags.ts, the release workflow's verify job): `@v1.2.3` and
// `@v1` resolve to the released commit, asked of a remote with git ls-remote (here a local repository).
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { readFileSync } from 'node:fs'
import { commitsOfTags, majorTagOf, releaseTagProblems } from '../../scripts/release-tags.js'
import { REPO_ROOT } from './repository-actions.js'

const A = 'a'.repeat(40)
const B = 'b'.repeat(40)
const C = 'c'.repeat(40)

describe('reading git ls-remote', () => {
  it("takes an annotated tag's commit (the ^{} line), and a lightweight tag as it is", () => {
    const commits = commitsOfTags(`${C}\trefs/tags/v1.0.0\n${A}\trefs/tags/v1.0.0^{}\n${A}\trefs/tags/v1\n`)
    expect(Object.fromEntries(commits)).toEqual({ 'v1.0.0': A, v1: A })
  })

  it('names the major tag a release moves, and none for a pre-release', () => {
    expect(majorTagOf('v1.2.3')).toBe('v1')
    expect(majorTagOf('v12.0.1')).toBe('v12')
    expect(majorTagOf('v1.3.0-rc.1')).toBeUndefined()
  })
})

describe('the release tags', () => {
  it('pass when the release tag and the major tag name the released commit', () => {
    expect(
      releaseTagProblems(
        new Map([
          ['v1.0.0', A],
          ['v1', A]
        ]),
        'v1.0.0',
        A
      )
    ).toEqual([])
  })

  it.each([
    ['the release tag is missing', new Map([['v1', A]]), /The tag v1\.0\.0 does not exist on the remote: push it/],
    ['the major tag is missing', new Map([['v1.0.0', A]]), /The major tag v1 does not exist, so "uses: …@v1" fails/],
    [
      'the major tag names an older release',
      new Map([
        ['v1.0.0', A],
        ['v1', B]
      ]),
      /The major tag v1 names b{40}, not a{40} \(v1\.0\.0\)/
    ],
    [
      'the release tag names another commit',
      new Map([
        ['v1.0.0', B],
        ['v1', B]
      ]),
      /The tag v1\.0\.0 names b{40}, not the released commit a{40}/
    ]
  ])('fail when %s, in one sentence that says what to do', (_what, commits, message) => {
    const problems = releaseTagProblems(commits, 'v1.0.0', A)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(message)
    expect(problems[0]).toMatch(/: .+\.$/)
  })

  it('leave the major tag alone for a pre-release', () => {
    expect(
      releaseTagProblems(
        new Map([
          ['v1.3.0-rc.1', A],
          ['v1', B]
        ]),
        'v1.3.0-rc.1',
        A
      )
    ).toEqual([])
  })
})

describe('node scripts/release-tags.ts against a repository', () => {
  const git = (cwd: string, ...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'tag.gpgSign=false', '-c', 'commit.gpgSign=false', ...args], {
      cwd,
      encoding: 'utf8'
    }).trim()
  const check = (remote: string, ...args: string[]) =>
    spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/release-tags.ts'), remote, ...args], { encoding: 'utf8' })

  it('passes once the major tag is moved, and fails in one sentence before', () => {
    const remote = mkdtempSync(path.join(tmpdir(), 's4e-release-tags-'))
    git(remote, 'init', '-q')
    git(remote, 'commit', '-q', '--allow-empty', '-m', 'first')
    git(remote, 'tag', '-a', 'v1.0.0', '-m', 'v1.0.0')
    const released = git(remote, 'rev-parse', 'v1.0.0^{commit}')

    const before = check(remote, 'v1.0.0', released)
    expect(before.status).toBe(1)
    expect(before.stderr.trim()).toMatch(/^The major tag v1 does not exist, so "uses: …@v1" fails: .+\.$/)

    git(remote, 'tag', 'v1', released)
    const after = check(remote, 'v1.0.0', released)
    expect(after.stderr).toBe('')
    expect(after.status).toBe(0)
    expect(after.stdout).toContain(`v1.0.0 and v1 resolve to ${released}`)
  })
})

describe('the release workflow runs the check after publishing', () => {
  const workflow = parse(readFileSync(path.join(REPO_ROOT, '.github/workflows/release.yml'), 'utf8')) as {
    jobs: Record<string, { needs?: unknown; if?: string; permissions?: unknown; steps: Array<{ run?: string; uses?: string }> }>
  }

  it('in a read-only job after publish, and in a job that runs the action by its major tag', () => {
    const verify = workflow.jobs.verify!
    expect(verify.needs).toBe('publish')
    expect(verify.permissions).toEqual({ contents: 'read' })
    expect(verify.steps.some((step) => step.run?.includes('node scripts/release-tags.ts'))).toBe(true)
    const major = `v${(JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version.split('.')[0]}`
    const users = Object.values(workflow.jobs).filter((job) => job.steps.some((step) => step.uses?.startsWith('s4e-io/s4e-actions')))
    expect(users.length).toBe(1)
    expect(users[0]!.needs).toBe('verify')
    expect(users[0]!.steps.filter((step) => step.uses?.startsWith('s4e-io/s4e-actions')).map((step) => step.uses!.split('@')[1])).toEqual([major])
  })
})
