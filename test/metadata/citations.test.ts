// The project stands alone: code, tests and documents cite the repository's own docs/, by file and
// section title, never a document that lives outside the repository.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from './repository-actions.js'

const SCANNED = ['src', 'dev', 'test', 'scripts', 'examples', 'docs', '.github', 'actions', 'README.md', 'CHANGELOG.md', 'action.yml']
const TEXT_FILE = /\.(ts|mts|mjs|js|json|md|yml|yaml|sh)$/

function filesUnder(entry: string): string[] {
  const full = path.join(REPO_ROOT, entry)
  if (!existsSync(full)) return []
  if (!statSync(full).isDirectory()) return TEXT_FILE.test(entry) ? [entry] : []
  return readdirSync(full).flatMap((name) => filesUnder(`${entry}/${name}`))
}

const files = SCANNED.flatMap(filesUnder)

/** Citations of documents that are not in this repository (spelt in pieces so this file does not cite them). */
const OUTSIDE = [
  { name: 'the team contract', pattern: new RegExp(['CONTRACT', 'md'].join('\\.')) },
  { name: 'a shared folder outside the repository', pattern: new RegExp(['\\.\\.', 'shared'].join('/') + '|' + ['/work', 'shared'].join('/')) },
  { name: 'a numbered tolerance rule', pattern: new RegExp(['tolerance', 'rule', '\\d'].join(' '), 'i') },
  // The project's own API document is docs/api.md; a file of the other name lives outside the repository.
  { name: "the team's API summary", pattern: new RegExp(['s4e-api', 'md'].join('\\.')) }
]

/** `docs/<file>.md` followed by a quoted section title: `docs/api.md, "Paging"` or `docs/design.md ("Data flow")`. */
const CITATION = /docs\/([\w-]+\.md)(?:,|\s*\(|;)?\s*"([^"]+)"/g

function headingsOf(file: string): Set<string> {
  const text = readFileSync(path.join(REPO_ROOT, 'docs', file), 'utf8')
  return new Set([...text.matchAll(/^#{1,4} (.+)$/gm)].map((match) => match[1]!.trim()))
}

describe('citations', () => {
  it('scans the sources, the tests and the documents', () => {
    expect(files).toContain('src/core/response-body.ts')
    expect(files).toContain('docs/api.md')
    expect(files.length).toBeGreaterThan(50)
  })

  it.each(OUTSIDE)('nothing cites $name', ({ pattern }) => {
    const found = files.flatMap((file) =>
      readFileSync(path.join(REPO_ROOT, file), 'utf8')
        .split('\n')
        .map((line, index) => ({ file, line: index + 1, text: line }))
        .filter(({ text }) => pattern.test(text))
        .map(({ file: where, line }) => `${where}:${line}`)
    )
    expect(found).toEqual([])
  })

  it('every cited docs/ section exists under that title', () => {
    const missing: string[] = []
    let cited = 0
    for (const file of files.filter((name) => !name.startsWith('docs/'))) {
      const text = readFileSync(path.join(REPO_ROOT, file), 'utf8')
      for (const [, document, title] of text.matchAll(CITATION)) {
        cited++
        if (!existsSync(path.join(REPO_ROOT, 'docs', document!))) missing.push(`${file}: docs/${document} does not exist`)
        else if (!headingsOf(document!).has(title!)) missing.push(`${file}: docs/${document} has no section "${title}"`)
      }
    }
    expect(cited).toBeGreaterThan(10)
    expect(missing).toEqual([])
  })

  it('recognises the patterns it forbids', () => {
    const line = (parts: string[]): string => parts.join('')
    expect(OUTSIDE[0]!.pattern.test(line(['see CONTRACT', '.md']))).toBe(true)
    expect(OUTSIDE[1]!.pattern.test(line(['../', 'shared/x']))).toBe(true)
    expect(OUTSIDE[2]!.pattern.test(line(['Tolerance', ' rule 3']))).toBe(true)
    expect(OUTSIDE[3]!.pattern.test(line(['of s4e-api', '.md.']))).toBe(true)
    expect(OUTSIDE[3]!.pattern.test(line(['of docs/api', '.md.']))).toBe(false)
  })
})
