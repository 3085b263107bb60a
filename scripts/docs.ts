// npm run docs: rewrites the generated parts of README.md, so they cannot drift from what they describe.
//   <!-- reference:NAME --> … <!-- /reference:NAME -->  inputs and outputs tables of an action.yml
//                                                        (NAME: `pipeline` for the root action.yml, else the folder under actions/)
//   <!-- example:NAME --> … <!-- /example:NAME -->      the workflow examples/NAME.yml, verbatim
// `npm run docs -- --check` changes nothing and exits 1 when README.md is out of date.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parse } from 'yaml'

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url))
export const README_FILE = 'README.md'
/** The reference name of the root action.yml (its bundle is dist/pipeline). */
export const ROOT_REFERENCE_NAME = 'pipeline'

export interface DocSource {
  /** Path relative to the repository root, named in error messages. */
  file: string
  text: string
}

export interface DocSources {
  /** Reference name → action.yml. */
  actions: Map<string, DocSource>
  /** Example name → examples/<name>.yml. */
  examples: Map<string, DocSource>
}

type MarkerKind = 'reference' | 'example'

const MARKER = /^<!-- (\/?)(reference|example):([\w-]+) -->$/

function readSource(root: string, file: string): DocSource {
  return { file, text: readFileSync(path.join(root, file), 'utf8') }
}

/** Every action.yml and example workflow of the repository. */
export function loadDocSources(root: string = REPO_ROOT): DocSources {
  const actions = new Map<string, DocSource>()
  if (existsSync(path.join(root, 'action.yml'))) actions.set(ROOT_REFERENCE_NAME, readSource(root, 'action.yml'))
  for (const entry of readdirSync(path.join(root, 'actions'), { withFileTypes: true })) {
    const file = `actions/${entry.name}/action.yml`
    if (entry.isDirectory() && existsSync(path.join(root, file))) actions.set(entry.name, readSource(root, file))
  }
  const examples = new Map<string, DocSource>()
  const examplesFolder = path.join(root, 'examples')
  if (existsSync(examplesFolder)) {
    for (const name of readdirSync(examplesFolder).filter((file) => file.endsWith('.yml')).sort()) {
      examples.set(name.replace(/\.yml$/, ''), readSource(root, `examples/${name}`))
    }
  }
  return { actions, examples }
}

/** Table-cell text: one line, pipes escaped, `<…>` kept visible outside code spans (GitHub drops unknown HTML tags). */
function cell(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .trim()
    .split('`')
    .map((part, index) => (index % 2 === 1 ? part : part.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('`')
    .replace(/\|/g, '\\|')
}

function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``
}

interface ActionSpec {
  inputs?: Record<string, { description?: unknown; required?: unknown; default?: unknown } | null>
  outputs?: Record<string, { description?: unknown } | null>
}

/** The inputs and outputs tables of one action.yml. */
export function renderReferenceTables(source: DocSource): string {
  const spec = (parse(source.text) ?? {}) as ActionSpec
  const lines = [`Generated from [\`${source.file}\`](${source.file}) by \`npm run docs\`.`, '']
  const inputs = Object.entries(spec.inputs ?? {})
  if (inputs.length > 0) {
    lines.push('| Input | Default | Description |', '|---|---|---|')
    for (const [name, input] of inputs) {
      const fallback = input?.default === undefined || input.default === null || String(input.default) === '' ? '—' : code(String(input.default))
      const shown = input?.required === true ? `**required**` : fallback
      lines.push(`| ${code(name)} | ${shown} | ${cell(String(input?.description ?? ''))} |`)
    }
    lines.push('')
  }
  const outputs = Object.entries(spec.outputs ?? {})
  if (outputs.length > 0) {
    lines.push('| Output | Description |', '|---|---|')
    for (const [name, output] of outputs) lines.push(`| ${code(name)} | ${cell(String(output?.description ?? ''))} |`)
    lines.push('')
  }
  return lines.join('\n')
}

/** An example workflow as a fenced block, headed by its path so readers can find the file. */
export function renderExample(source: DocSource): string {
  const body = source.text.endsWith('\n') ? source.text : `${source.text}\n`
  return [`[\`${source.file}\`](${source.file}):`, '', '```yaml', body + '```', ''].join('\n')
}

function generated(kind: MarkerKind, name: string, sources: DocSources): string {
  const source = (kind === 'reference' ? sources.actions : sources.examples).get(name)
  if (source === undefined) {
    const known = [...(kind === 'reference' ? sources.actions : sources.examples).keys()].join(', ')
    throw new Error(`${README_FILE} has a ${kind}:${name} section, but there is no such ${kind === 'reference' ? 'action' : 'example'}: use one of ${known}.`)
  }
  return kind === 'reference' ? renderReferenceTables(source) : renderExample(source)
}

/**
 * The README with every generated section rewritten. Throws when a marker is unmatched or unknown, or
 * when an action has no reference section (each action's tables belong in the README).
 */
export function renderReadme(readme: string, sources: DocSources): string {
  const lines = readme.split('\n')
  const output: string[] = []
  const seen = new Set<string>()
  for (let index = 0; index < lines.length; index++) {
    const marker = MARKER.exec(lines[index].trim())
    if (marker === null) {
      output.push(lines[index])
      continue
    }
    const [, closing, kind, name] = marker as unknown as [string, string, MarkerKind, string]
    if (closing === '/') throw new Error(`${README_FILE} line ${index + 1} closes ${kind}:${name}, which is not open.`)
    const end = lines.findIndex((line, at) => at > index && MARKER.test(line.trim()))
    if (end === -1 || lines[end].trim() !== `<!-- /${kind}:${name} -->`) {
      throw new Error(`${README_FILE} line ${index + 1} opens ${kind}:${name} without closing it: add <!-- /${kind}:${name} --> before the next marker.`)
    }
    seen.add(`${kind}:${name}`)
    output.push(lines[index], '', generated(kind, name, sources), lines[end])
    index = end
  }
  const missing = [...sources.actions.keys()].filter((name) => !seen.has(`reference:${name}`))
  if (missing.length > 0) {
    throw new Error(`${README_FILE} has no reference section for ${missing.join(', ')}: add <!-- reference:NAME --> and <!-- /reference:NAME --> where its tables belong.`)
  }
  return output.join('\n')
}

function main(argv: string[]): number {
  const readmePath = path.join(REPO_ROOT, README_FILE)
  const current = readFileSync(readmePath, 'utf8')
  const next = renderReadme(current, loadDocSources())
  if (argv.includes('--check')) {
    if (next === current) return 0
    console.error(`${README_FILE} is out of date: run npm run docs and commit the result.`)
    return 1
  }
  if (next !== current) writeFileSync(readmePath, next)
  console.log(next === current ? `${README_FILE} is up to date.` : `Rewrote the generated sections of ${README_FILE}.`)
  return 0
}

// Imported by the README test, run by npm run docs.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    process.exitCode = main(process.argv.slice(2))
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    process.exitCode = 1
  }
}
