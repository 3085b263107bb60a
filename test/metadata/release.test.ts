// The version in package.json, the changelog, the release workflow and every version reference a user can paste agree.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { changelogSection, CHANGELOG_FILE, releasedVersions, versionOfTag } from '../../scripts/release-notes.js'
import { PROJECT_VERSION } from '../../src/core/version.js'
import { REPO_ROOT } from './repository-actions.js'

const read = (file: string): string => readFileSync(path.join(REPO_ROOT, file), 'utf8')
const version = (JSON.parse(read('package.json')) as { version: string }).version
const major = version.split('.')[0]
const changelog = read(CHANGELOG_FILE)

/** Every file a user copies a `uses:` line from: the README, docs/ and examples/. */
function userFacingFiles(): string[] {
  const inFolder = (folder: string, extension: string): string[] =>
    readdirSync(path.join(REPO_ROOT, folder))
      .filter((name) => name.endsWith(extension))
      .map((name) => `${folder}/${name}`)
  return ['README.md', ...inFolder('docs', '.md'), ...inFolder('examples', '.yml')]
}

/** The part after `@` of every reference to this repository's actions in a text. */
function ownReferences(text: string): string[] {
  return [...text.matchAll(/s4e-io\/s4e-actions(?:\/actions\/[\w-]+)?@(<[^>\n]+>|[^\s`'")\]]+)/g)].map((match) => match[1]!)
}

describe('release versions', () => {
  it('package.json holds a plain semver release version, and the User-Agent carries it', () => {
    expect(version).toMatch(/^\d+\.\d+\.\d+$/)
    expect(PROJECT_VERSION).toBe(version)
  })

  it('CHANGELOG.md opens with an Unreleased section, then the section of this version, dated', () => {
    expect(releasedVersions(changelog)[0]).toBe(version)
    expect(changelog).toMatch(new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'))
    expect(changelog.indexOf('## [Unreleased]')).toBeLessThan(changelog.indexOf(`## [${version}]`))
    expect(changelogSection(changelog, version)).not.toBe('')
  })

  it.each(userFacingFiles())('%s names this repository only by the current major tag, the current release, or a SHA', (file) => {
    const wrong = ownReferences(read(file)).filter(
      (ref) => ref !== `v${major}` && ref !== `v${version}` && !/^[0-9a-f]{40}$/.test(ref) && ref !== '<40-character commit SHA>'
    )
    expect(wrong).toEqual([])
  })

  it('the examples and the README quick starts use the major tag a release moves', () => {
    const references = [...userFacingFiles().filter((file) => file.startsWith('examples/')), 'README.md'].flatMap((file) => ownReferences(read(file)))
    expect(references.length).toBeGreaterThan(0)
    expect(references).toContain(`v${major}`)
  })

  it("the README's pinning section names the current release", () => {
    const readme = read('README.md')
    const pinning = readme.slice(readme.indexOf('### Pin a release'), readme.indexOf('\n## ', readme.indexOf('### Pin a release')))
    const named = [...pinning.matchAll(/\bv(\d+\.\d+\.\d+)\b/g)].map((match) => match[1])
    expect(named.length).toBeGreaterThan(0)
    expect(new Set(named)).toEqual(new Set([version]))
  })
})

describe('the release workflow', () => {
  const workflow = parse(read('.github/workflows/release.yml')) as {
    on: { push: { tags: string[] } }
    permissions: unknown
    jobs: Record<string, { permissions?: unknown; needs?: unknown; steps: Array<{ run?: string; uses?: string }> }>
  }
  const runs = Object.values(workflow.jobs).flatMap((job) => job.steps.map((step) => step.run ?? ''))

  it('runs on semver tags, read-only by default, with write access only where it publishes', () => {
    expect(workflow.on.push.tags).toEqual(['v*.*.*'])
    expect(workflow.permissions).toEqual({ contents: 'read' })
    const writers = Object.entries(workflow.jobs).filter(([, job]) => JSON.stringify(job.permissions).includes('write'))
    expect(writers.map(([name]) => name)).toEqual(['publish'])
    expect(writers[0]![1].needs).toBe('check')
  })

  it('checks the tagged commit as CI does, publishes notes from the changelog, and moves the major tag', () => {
    expect(runs.some((run) => run.trim() === '.ci/run')).toBe(true)
    expect(runs.some((run) => run.includes('node scripts/release-notes.ts "$TAG"'))).toBe(true)
    expect(runs.some((run) => run.includes('gh release create "$TAG"') && run.includes('--notes-file'))).toBe(true)
    expect(runs.some((run) => run.includes('major="${TAG%%.*}"') && run.includes('git push --force origin "refs/tags/$major"'))).toBe(true)
  })
})

describe('release notes', () => {
  const sample = '# Changelog\n\n## [Unreleased]\n\n## [1.1.0] - 2026-12-01\n\n### Fixed\n\n- A thing.\n\n## [1.0.0] - 2026-11-28\n\nFirst.\n'

  it('reads a release tag as its version, and refuses anything else', () => {
    expect(versionOfTag('v1.2.3')).toBe('1.2.3')
    expect(versionOfTag('1.2.3')).toBe('1.2.3')
    expect(versionOfTag('v1.3.0-rc.1')).toBe('1.3.0-rc.1')
    expect(versionOfTag('v1')).toBeUndefined()
    expect(versionOfTag('main')).toBeUndefined()
  })

  it('takes exactly one section, without its heading or the next one', () => {
    expect(changelogSection(sample, '1.1.0')).toBe('### Fixed\n\n- A thing.')
    expect(changelogSection(sample, '1.0.0')).toBe('First.')
    expect(releasedVersions(sample)).toEqual(['1.1.0', '1.0.0'])
  })

  it('refuses a release with no section, or an empty one', () => {
    expect(() => changelogSection(sample, '2.0.0')).toThrow(/has no section for 2.0.0/)
    expect(() => changelogSection('## [3.0.0] - 2027-01-01\n\n## [2.0.0] - 2026-01-01\nx', '3.0.0')).toThrow(/section for 3.0.0 is empty/)
  })
})
