// npm run docs: rewrites the generated parts of README.md and docs/, so they cannot drift from what they describe.
//   <!-- reference:NAME --> … <!-- /reference:NAME -->  inputs and outputs tables of an action.yml
//                                                        (NAME: `pipeline` for the root action.yml, else the folder under actions/)
//   <!-- example:NAME --> … <!-- /example:NAME -->      the workflow examples/NAME.yml, verbatim
// Every action has its reference section in docs/reference.md; every example is embedded in one of DOC_FILES.
// `npm run docs -- --check` changes nothing and exits 1 when a document is out of date.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parse } from 'yaml'
import { yamlText } from '../dev/harness/action-metadata.js'

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url))
export const README_FILE = 'README.md'
/** Where every action's inputs and outputs tables live. */
export const REFERENCE_FILE = 'docs/reference.md'
/** Every document with generated sections. */
export const DOC_FILES = [README_FILE, REFERENCE_FILE, 'docs/setup.md'] as const
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
    for (const name of readdirSync(examplesFolder)
      .filter((file) => file.endsWith('.yml'))
      .sort()) {
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

/** A repository path as a link from a document in another folder (`docs/x.md` links `../action.yml`). */
function linkFrom(documentFile: string, target: string): string {
  return path.posix.relative(path.posix.dirname(documentFile), target)
}

/** The inputs and outputs tables of one action.yml, linked from `documentFile`. */
export function renderReferenceTables(source: DocSource, documentFile: string = README_FILE): string {
  const spec = (parse(source.text) ?? {}) as ActionSpec
  const lines = [`Generated from [\`${source.file}\`](${linkFrom(documentFile, source.file)}) by \`npm run docs\`.`, '']
  const inputs = Object.entries(spec.inputs ?? {})
  if (inputs.length > 0) {
    lines.push('| Input | Default | Description |', '|---|---|---|')
    for (const [name, input] of inputs) {
      const fallback = input?.default === undefined || input.default === null || yamlText(input.default) === '' ? '—' : code(yamlText(input.default))
      const shown = input?.required === true ? `**required**` : fallback
      lines.push(`| ${code(name)} | ${shown} | ${cell(yamlText(input?.description ?? ''))} |`)
    }
    lines.push('')
  }
  const outputs = Object.entries(spec.outputs ?? {})
  if (outputs.length > 0) {
    lines.push('| Output | Description |', '|---|---|')
    for (const [name, output] of outputs) lines.push(`| ${code(name)} | ${cell(yamlText(output?.description ?? ''))} |`)
    lines.push('')
  }
  return lines.join('\n')
}

/** An example workflow as a fenced block, headed by its path (linked from `documentFile`) so readers can find the file. */
export function renderExample(source: DocSource, documentFile: string = README_FILE): string {
  const body = source.text.endsWith('\n') ? source.text : `${source.text}\n`
  return [`[\`${source.file}\`](${linkFrom(documentFile, source.file)}):`, '', '```yaml', body + '```', ''].join('\n')
}

function generated(file: string, kind: MarkerKind, name: string, sources: DocSources): string {
  const source = (kind === 'reference' ? sources.actions : sources.examples).get(name)
  if (source === undefined) {
    const known = [...(kind === 'reference' ? sources.actions : sources.examples).keys()].join(', ')
    throw new Error(`${file} has a ${kind}:${name} section, but there is no such ${kind === 'reference' ? 'action' : 'example'}: use one of ${known}.`)
  }
  return kind === 'reference' ? renderReferenceTables(source, file) : renderExample(source, file)
}

/** A document with every generated section rewritten, and the sections it holds (`reference:NAME`, `example:NAME`). */
export interface RenderedDocument {
  text: string
  sections: Set<string>
}

/** Rewrites every generated section of one document. Throws when a marker is unmatched or unknown. */
export function renderDocument(file: string, text: string, sources: DocSources): RenderedDocument {
  const lines = text.split('\n')
  const output: string[] = []
  const seen = new Set<string>()
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? ''
    const marker = MARKER.exec(line.trim())
    if (marker === null) {
      output.push(line)
      continue
    }
    const [, closing, kind, name] = marker as unknown as [string, string, MarkerKind, string]
    if (closing === '/') throw new Error(`${file} line ${index + 1} closes ${kind}:${name}, which is not open.`)
    const end = lines.findIndex((line, at) => at > index && MARKER.test(line.trim()))
    const closingLine = lines[end]
    if (closingLine === undefined || closingLine.trim() !== `<!-- /${kind}:${name} -->`) {
      throw new Error(`${file} line ${index + 1} opens ${kind}:${name} without closing it: add <!-- /${kind}:${name} --> before the next marker.`)
    }
    seen.add(`${kind}:${name}`)
    output.push(line, '', generated(file, kind, name, sources), closingLine)
    index = end
  }
  return { text: output.join('\n'), sections: seen }
}

/**
 * Every document (file → text) with its generated sections rewritten. Throws when an action has no
 * reference section in REFERENCE_FILE, or an example is embedded nowhere.
 */
export function renderDocuments(documents: ReadonlyMap<string, string>, sources: DocSources): Map<string, string> {
  const rendered = new Map<string, string>()
  const sectionsByFile = new Map<string, Set<string>>()
  for (const [file, text] of documents) {
    const result = renderDocument(file, text, sources)
    rendered.set(file, result.text)
    sectionsByFile.set(file, result.sections)
  }
  const references = sectionsByFile.get(REFERENCE_FILE) ?? new Set<string>()
  const missing = [...sources.actions.keys()].filter((name) => !references.has(`reference:${name}`))
  if (missing.length > 0) {
    throw new Error(
      `${REFERENCE_FILE} has no reference section for ${missing.join(', ')}: add <!-- reference:NAME --> and <!-- /reference:NAME --> where its tables belong.`
    )
  }
  const embedded = new Set([...sectionsByFile.values()].flatMap((sections) => [...sections]))
  const unshown = [...sources.examples.keys()].filter((name) => !embedded.has(`example:${name}`))
  if (unshown.length > 0) {
    throw new Error(`No document embeds the example ${unshown.join(', ')}: add <!-- example:NAME --> and <!-- /example:NAME --> to ${DOC_FILES.join(', ')}.`)
  }
  return rendered
}

/** The current text of every document with generated sections. */
export function loadDocuments(root: string = REPO_ROOT): Map<string, string> {
  return new Map(DOC_FILES.map((file) => [file, readFileSync(path.join(root, file), 'utf8')]))
}

function main(argv: string[]): number {
  const current = loadDocuments()
  const next = renderDocuments(current, loadDocSources())
  const stale = [...next].filter(([file, text]) => current.get(file) !== text).map(([file]) => file)
  if (argv.includes('--check')) {
    if (stale.length === 0) return 0
    console.error(`${stale.join(', ')} ${stale.length === 1 ? 'is' : 'are'} out of date: run npm run docs and commit the result.`)
    return 1
  }
  for (const file of stale) writeFileSync(path.join(REPO_ROOT, file), next.get(file) as string)
  console.log(stale.length === 0 ? 'The documents are up to date.' : `Rewrote the generated sections of ${stale.join(', ')}.`)
  return 0
}

// Imported by the documents test, run by npm run docs.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  try {
    process.exitCode = main(process.argv.slice(2))
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    process.exitCode = 1
  }
}
