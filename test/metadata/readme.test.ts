// The generated sections of README.md and docs/ (reference tables, example workflows) equal what npm run docs writes.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadDocSources, loadDocuments, REFERENCE_FILE, renderDocument, renderDocuments, renderReferenceTables, type DocSources } from '../../scripts/docs.js'
import { actionFiles, REPO_ROOT, workflowFiles } from './repository-actions.js'

const documents = loadDocuments()
const reference = readFileSync(path.join(REPO_ROOT, REFERENCE_FILE), 'utf8')

/** One document, rendered as the only one: the reference file, so the reference check applies. */
function renderAlone(text: string, sources: DocSources): string {
  return renderDocuments(new Map([[REFERENCE_FILE, text]]), sources).get(REFERENCE_FILE) as string
}

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
  it('leaves README.md and docs/ unchanged (run npm run docs and commit them when this fails)', () => {
    expect(Object.fromEntries(renderDocuments(documents, loadDocSources()))).toEqual(Object.fromEntries(documents))
  })

  it('has a reference section for every action.yml in docs/reference.md and embeds every example somewhere', () => {
    const sources = loadDocSources()
    expect(sources.actions.size).toBe(actionFiles().length)
    expect(sources.actions.size).toBeGreaterThan(0)
    for (const name of sources.actions.keys()) expect(reference).toContain(`<!-- reference:${name} -->`)
    const examples = workflowFiles().filter((file) => file.startsWith('examples/'))
    expect(examples.length).toBeGreaterThan(0)
    const all = [...documents.values()].join('\n')
    for (const file of examples) {
      expect(all).toContain(`<!-- example:${path.basename(file, '.yml')} -->`)
      expect(all).toContain(readFileSync(path.join(REPO_ROOT, file), 'utf8'))
    }
  })

  it('links generated sections relative to the document that holds them', () => {
    const probe = { file: 'actions/probe/action.yml', text: PROBE_ACTION }
    expect(renderReferenceTables(probe, 'docs/reference.md')).toContain('[`actions/probe/action.yml`](../actions/probe/action.yml)')
    expect(renderReferenceTables(probe, 'README.md')).toContain('[`actions/probe/action.yml`](actions/probe/action.yml)')
  })

  it('renders inputs with their defaults and outputs, escaping pipes and angle brackets outside code', () => {
    const tables = renderReferenceTables({ file: 'actions/probe/action.yml', text: PROBE_ACTION })
    expect(tables).toContain('| `level` | `1` | Levels &lt;low\\|high&gt;, e.g. `a\\|b`. |')
    expect(tables).toContain('| `token` | `${{ github.token }}` | Token. |')
    expect(tables).toContain('| `result` | What came out. |')
  })

  it('replaces whatever is between the markers, so a stale table is rewritten', () => {
    const stale = 'intro\n<!-- reference:probe -->\n| old | table |\n<!-- /reference:probe -->\n<!-- example:demo -->\n<!-- /example:demo -->\nend'
    const fresh = renderAlone(stale, probeSources())
    expect(fresh).not.toContain('| old | table |')
    expect(fresh).toContain('| `level` |')
    expect(fresh).toContain('```yaml\non: push\n```')
    expect(fresh.startsWith('intro\n')).toBe(true)
    expect(fresh.endsWith('\nend')).toBe(true)
    expect(renderAlone(fresh, probeSources())).toBe(fresh)
  })

  it.each([
    ['an unclosed marker', '<!-- reference:probe -->\ntext', /opens reference:probe without closing it/],
    ['a closing marker alone', '<!-- /reference:probe -->', /closes reference:probe, which is not open/],
    [
      'an unknown action',
      '<!-- reference:probe -->\n<!-- /reference:probe -->\n<!-- reference:nope -->\n<!-- /reference:nope -->',
      /no such action: use one of probe/
    ],
    ['an action without a section', '<!-- example:demo -->\n<!-- /example:demo -->', /docs\/reference.md has no reference section for probe/],
    ['an example embedded nowhere', '<!-- reference:probe -->\n<!-- /reference:probe -->', /No document embeds the example demo/]
  ])('refuses %s', (_case, text, message) => {
    expect(() => renderAlone(text, probeSources())).toThrow(message)
  })

  it('names the document whose marker is broken', () => {
    expect(() => renderDocument('docs/setup.md', '<!-- example:demo -->', probeSources())).toThrow(/^docs\/setup.md line 1 opens example:demo/)
  })
})
