// The README's generated sections (reference tables, example workflows) equal what npm run docs writes.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadDocSources, README_FILE, renderReadme, renderReferenceTables, type DocSources } from '../../scripts/docs.js'
import { actionFiles, REPO_ROOT, workflowFiles } from './repository-actions.js'

const readme = readFileSync(path.join(REPO_ROOT, README_FILE), 'utf8')

const PROBE_ACTION = `name: Probe
description: Probe.
inputs:
  level:
    description: 'Levels <low|high>, e.g. \`a|b\`.'
    default: '1'
  token:
    description: Token.
    default: '\${{ github.token }}'
outputs:
  result:
    description: What came out.
runs:
  using: node24
  main: index.js
`

function probeSources(): DocSources {
  return {
    actions: new Map([['probe', { file: 'actions/probe/action.yml', text: PROBE_ACTION }]]),
    examples: new Map([['demo', { file: 'examples/demo.yml', text: 'on: push\n' }]])
  }
}

describe('npm run docs', () => {
  it('leaves README.md unchanged (run npm run docs and commit README.md when this fails)', () => {
    expect(renderReadme(readme, loadDocSources())).toBe(readme)
  })

  it('has a reference section for every action.yml and embeds every example', () => {
    const sources = loadDocSources()
    expect(sources.actions.size).toBe(actionFiles().length)
    expect(sources.actions.size).toBeGreaterThan(0)
    for (const name of sources.actions.keys()) expect(readme).toContain(`<!-- reference:${name} -->`)
    const examples = workflowFiles().filter((file) => file.startsWith('examples/'))
    expect(examples.length).toBeGreaterThan(0)
    for (const file of examples) {
      expect(readme).toContain(`<!-- example:${path.basename(file, '.yml')} -->`)
      expect(readme).toContain(readFileSync(path.join(REPO_ROOT, file), 'utf8'))
    }
  })

  it('renders inputs with their defaults and outputs, escaping pipes and angle brackets outside code', () => {
    const tables = renderReferenceTables({ file: 'actions/probe/action.yml', text: PROBE_ACTION })
    expect(tables).toContain('| `level` | `1` | Levels &lt;low\\|high&gt;, e.g. `a\\|b`. |')
    expect(tables).toContain('| `token` | `${{ github.token }}` | Token. |')
    expect(tables).toContain('| `result` | What came out. |')
  })

  it('replaces whatever is between the markers, so a stale table is rewritten', () => {
    const stale = 'intro\n<!-- reference:probe -->\n| old | table |\n<!-- /reference:probe -->\n<!-- example:demo -->\n<!-- /example:demo -->\nend'
    const fresh = renderReadme(stale, probeSources())
    expect(fresh).not.toContain('| old | table |')
    expect(fresh).toContain('| `level` |')
    expect(fresh).toContain('```yaml\non: push\n```')
    expect(fresh.startsWith('intro\n')).toBe(true)
    expect(fresh.endsWith('\nend')).toBe(true)
    expect(renderReadme(fresh, probeSources())).toBe(fresh)
  })

  it.each([
    ['an unclosed marker', '<!-- reference:probe -->\ntext', /opens reference:probe without closing it/],
    ['a closing marker alone', '<!-- /reference:probe -->', /closes reference:probe, which is not open/],
    ['an unknown action', '<!-- reference:probe -->\n<!-- /reference:probe -->\n<!-- reference:nope -->\n<!-- /reference:nope -->', /no such action: use one of probe/],
    ['an action without a section', 'no markers at all', /no reference section for probe/]
  ])('refuses %s', (_case, text, message) => {
    expect(() => renderReadme(text, probeSources())).toThrow(message)
  })
})
