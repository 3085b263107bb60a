// Prints the CHANGELOG.md section of one release, for the release workflow's notes:
//   node scripts/release-notes.ts v1.2.3
// Node 24 runs this file as it is (type stripping), so the release job needs no npm install.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const CHANGELOG_FILE = 'CHANGELOG.md'

/** `v1.2.3` or `1.2.3` (a pre-release such as `1.2.3-rc.1` too) → `1.2.3`; undefined when it is no semver version. */
export function versionOfTag(tag: string): string | undefined {
  const match = /^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/.exec(tag.trim())
  return match?.[1]
}

/** Versions of the release sections (`## [1.2.3] - 2026-11-28`), newest first as written. */
export function releasedVersions(changelog: string): string[] {
  return [...changelog.matchAll(/^## \[(\d+\.\d+\.\d+[^\]]*)\]/gm)].map((match) => match[1] ?? '')
}

/** The body of one release's section, without its heading; throws when the section is missing or empty. */
export function changelogSection(changelog: string, version: string): string {
  const lines = changelog.split('\n')
  const start = lines.findIndex((line) => line.startsWith(`## [${version}]`))
  if (start === -1) throw new Error(`${CHANGELOG_FILE} has no section for ${version}: add "## [${version}] - <date>" with the release notes before tagging.`)
  const next = lines.findIndex((line, index) => index > start && line.startsWith('## '))
  const body = lines
    .slice(start + 1, next === -1 ? undefined : next)
    .join('\n')
    .trim()
  if (body === '') throw new Error(`The ${CHANGELOG_FILE} section for ${version} is empty: write its release notes before tagging.`)
  return body
}

function main(argv: string[]): number {
  const tag = argv[0] ?? ''
  const version = versionOfTag(tag)
  if (version === undefined) {
    console.error(`"${tag}" is not a release tag: give one such as v1.2.3.`)
    return 1
  }
  const root = fileURLToPath(new URL('..', import.meta.url))
  process.stdout.write(`${changelogSection(readFileSync(path.join(root, CHANGELOG_FILE), 'utf8'), version)}\n`)
  return 0
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    process.exitCode = main(process.argv.slice(2))
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    process.exitCode = 1
  }
}
