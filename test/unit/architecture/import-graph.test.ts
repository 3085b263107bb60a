// The layering of src/ (docs/design.md, section "The shape of the code"), read from the import
// statements of every source file: no circle, src/core knows no action, inputs import no reporter,
// and scan/ and report/ meet only in the shared types of scan-report.ts.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../../..')
const SRC = join(ROOT, 'src')
const ACTIONS = ['add-assets', 'auth', 'pipeline', 'trigger-scan']

// `import … from '…'`, `export … from '…'` and a bare `import '…'`: every static import, type-only ones too.
const SPECIFIER = /^\s*(?:import|export)\s(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]/gm

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** The src/ files a module imports, by their paths relative to src/ (packages are left out). */
export function importsOf(file: string, text: string): string[] {
  const found: string[] = []
  for (const match of text.matchAll(SPECIFIER)) {
    const specifier = match[1] ?? ''
    if (!specifier.startsWith('.')) continue
    found.push(relative(SRC, resolve(dirname(file), specifier.replace(/\.js$/, '.ts'))))
  }
  return found
}

/** Every circle of the graph, each as the path that closes it (`a → b → a`), by a depth-first walk. */
export function circlesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const circles: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const path: string[] = []
  const visit = (node: string): void => {
    state.set(node, 'open')
    path.push(node)
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') circles.push([...path.slice(path.indexOf(next)), next])
      else if (state.get(next) === undefined) visit(next)
    }
    path.pop()
    state.set(node, 'done')
  }
  for (const node of [...graph.keys()].sort()) if (state.get(node) === undefined) visit(node)
  return circles
}

const graph = new Map<string, string[]>(sourceFiles(SRC).map((file) => [relative(SRC, file), importsOf(file, readFileSync(file, 'utf8'))]))

function edges(from: (file: string) => boolean, to: (file: string) => boolean): string[] {
  return [...graph].flatMap(([file, imports]) => (from(file) ? imports.filter(to).map((target) => `${file} → ${target}`) : []))
}

const inFolder = (folder: string) => (file: string) => file.startsWith(`${folder}/`)

describe('the import graph of src/', () => {
  it('reads the imports of every source file, type-only and re-exports included', () => {
    expect(graph.size).toBeGreaterThan(50)
    expect(graph.get('trigger-scan/scan/gate-findings.ts')).toContain('core/severity.ts')
    const sample =
      "import type { A } from './a.js'\nexport { B } from '../b.js'\nimport './c.js'\nimport {\n  D,\n  E\n} from './d.js'\nimport * as core from '@actions/core'\nexport const F = './f.js'\n"
    expect(importsOf(join(SRC, 'core/x.ts'), sample)).toEqual(['core/a.ts', 'b.ts', 'core/c.ts', 'core/d.ts'])
  })

  it('finds a circle when there is one, so a clean graph means something', () => {
    const tangled = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']]
    ])
    expect(circlesOf(tangled)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']])
  })

  it('has no circle', () => {
    expect(circlesOf(graph).map((circle) => circle.join(' → '))).toEqual([])
  })

  it('names only files that exist', () => {
    const missing = [...graph].flatMap(([file, imports]) => imports.filter((target) => !graph.has(target)).map((target) => `${file} → ${target}`))
    expect(missing).toEqual([])
  })

  it('keeps src/core free of every action', () => {
    expect(edges(inFolder('core'), (target) => ACTIONS.some((action) => inFolder(action)(target)))).toEqual([])
  })

  it('lets no action import another, but the pipeline, which runs the others', () => {
    const across = ACTIONS.filter((action) => action !== 'pipeline').flatMap((action) =>
      edges(inFolder(action), (target) => ACTIONS.some((other) => other !== action && inFolder(other)(target)))
    )
    expect(across).toEqual([])
  })

  it('keeps every reader of inputs free of the reporters', () => {
    const reporter = (target: string) => target.includes('/report/') || /\/report-[^/]+\.ts$/.test(target)
    expect(edges((file) => file.endsWith('-inputs.ts'), reporter)).toEqual([])
  })

  it('lets trigger-scan scan/ and report/ meet only in the types they share (scan-report.ts), which imports neither', () => {
    expect(edges(inFolder('trigger-scan/report'), inFolder('trigger-scan/scan'))).toEqual([])
    expect(edges(inFolder('trigger-scan/scan'), inFolder('trigger-scan/report'))).toEqual([])
    expect(
      edges(
        (file) => file === 'trigger-scan/scan-report.ts',
        (target) => inFolder('trigger-scan/scan')(target) || inFolder('trigger-scan/report')(target)
      )
    ).toEqual([])
  })
})
