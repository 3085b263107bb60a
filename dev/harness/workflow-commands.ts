// Workflow commands on stdout (`::add-mask::`, `::error::`, …), file commands, and the runner's log masking.

export interface WorkflowCommand {
  name: string
  properties: Record<string, string>
  message: string
}

const COMMAND_LINE = /^::([A-Za-z][A-Za-z0-9-]*)(?: ([^:]*?))?::(.*)$/
export const MASK_REPLACEMENT = '***'

function unescapeData(text: string): string {
  return text.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%')
}

function unescapeProperty(text: string): string {
  return text.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%3A/gi, ':').replace(/%2C/gi, ',').replace(/%25/g, '%')
}

/** The command a stdout line carries, or undefined for plain output. */
export function parseWorkflowCommand(line: string): WorkflowCommand | undefined {
  const match = COMMAND_LINE.exec(line.trimStart())
  if (match?.[1] === undefined) return undefined
  const properties: Record<string, string> = {}
  for (const pair of (match[2] ?? '').split(',')) {
    const eq = pair.indexOf('=')
    if (eq > 0) properties[pair.slice(0, eq).trim()] = unescapeProperty(pair.slice(eq + 1))
  }
  return { name: match[1].toLowerCase(), properties, message: unescapeData(match[3] ?? '') }
}

/**
 * Every `name=value` line and `name<<DELIMITER` heredoc of a `GITHUB_OUTPUT` / `GITHUB_ENV` /
 * `GITHUB_STATE` file, in order, a name set twice appearing twice. Throws, as the runner fails the
 * step, on an unterminated heredoc or a line that is neither form.
 */
export function fileCommandEntries(text: string, fileLabel = 'file command'): Array<[name: string, value: string]> {
  const entries: Array<[string, string]> = []
  const lines = text.split(/\r?\n/)
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? ''
    if (line.trim() === '') continue
    const heredoc = /^([^=]+?)<<(.+)$/.exec(line)
    const eq = line.indexOf('=')
    if (heredoc && (eq < 0 || eq > line.indexOf('<<'))) {
      const [, name = '', delimiter] = heredoc
      const body: string[] = []
      index++
      while (index < lines.length && lines[index] !== delimiter) body.push(lines[index++] ?? '')
      if (index >= lines.length) throw new Error(`The ${fileLabel} has a heredoc for "${name}" without its closing delimiter.`)
      entries.push([name, body.join('\n')])
      continue
    }
    if (eq <= 0) throw new Error(`The ${fileLabel} line "${line}" is neither name=value nor name<<DELIMITER.`)
    entries.push([line.slice(0, eq), line.slice(eq + 1)])
  }
  return entries
}

/** The values a file command file sets (the last one wins, as on the runner). */
export function parseFileCommand(text: string, fileLabel = 'file command'): Record<string, string> {
  return Object.fromEntries(fileCommandEntries(text, fileLabel))
}

/** The names a file command file sets, in order, once per time each is set (a name set twice appears twice). */
export function fileCommandNames(text: string): string[] {
  return fileCommandEntries(text).map(([name]) => name)
}

export function parsePathFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
}

/** The forms of a secret the runner also masks (it registers JSON-, URI- and base64-encoded variants). */
export function maskVariants(secret: string): string[] {
  const variants = new Set<string>([secret])
  variants.add(JSON.stringify(secret).slice(1, -1))
  variants.add(encodeURIComponent(secret))
  variants.add(Buffer.from(secret).toString('base64'))
  return [...variants].filter((variant) => variant.length > 0)
}

export interface ProcessedLog {
  /** Lines as the runner shows them: masked, commands rendered as `##[…]`, `add-mask` lines hidden. */
  lines: string[]
  masks: string[]
  errors: string[]
  warnings: string[]
  notices: string[]
  /** Every `::debug::` message (masked), shown in `lines` only with ACTIONS_STEP_DEBUG=true. */
  debug: string[]
}

const ANNOTATIONS = { error: 'errors', warning: 'warnings', notice: 'notices' } as const

/** Feeds output lines in arrival order and applies masks from the line a mask is registered on. */
export class RunnerLog {
  readonly result: ProcessedLog = { lines: [], masks: [], errors: [], warnings: [], notices: [], debug: [] }
  private patterns: string[] = []
  private stopToken: string | undefined

  constructor(
    private readonly stepDebug: boolean,
    initialMasks: readonly string[] = []
  ) {
    initialMasks.forEach((secret) => this.addMask(secret))
  }

  addMask(secret: string): void {
    if (secret.trim() === '') return
    if (!this.result.masks.includes(secret)) this.result.masks.push(secret)
    // A multi-line secret is also masked line by line, as the runner does.
    const parts = [secret, ...secret.split(/\r?\n/).filter((line) => line.trim() !== '')]
    for (const part of parts) for (const variant of maskVariants(part)) if (!this.patterns.includes(variant)) this.patterns.push(variant)
    this.patterns.sort((a, b) => b.length - a.length)
  }

  mask(text: string): string {
    let masked = text
    for (const pattern of this.patterns) masked = masked.split(pattern).join(MASK_REPLACEMENT)
    return masked
  }

  /** Marks the start of another step (e.g. the post step) in the log. */
  heading(text: string): void {
    this.result.lines.push(this.mask(text))
  }

  feed(line: string): void {
    if (this.stopToken !== undefined) {
      if (line.trim() === `::${this.stopToken}::`) this.stopToken = undefined
      else this.result.lines.push(this.mask(line))
      return
    }
    const command = parseWorkflowCommand(line)
    if (!command) {
      this.result.lines.push(this.mask(line))
      return
    }
    switch (command.name) {
      case 'add-mask':
        this.addMask(command.message)
        return
      case 'stop-commands':
        this.stopToken = command.message
        return
      case 'error':
      case 'warning':
      case 'notice': {
        const message = this.mask(command.message)
        this.result[ANNOTATIONS[command.name]].push(message)
        this.result.lines.push(`##[${command.name}]${message}`)
        return
      }
      case 'debug': {
        const message = this.mask(command.message)
        this.result.debug.push(message)
        if (this.stepDebug) this.result.lines.push(`##[debug]${message}`)
        return
      }
      case 'group':
        this.result.lines.push(`##[group]${this.mask(command.message)}`)
        return
      case 'endgroup':
        this.result.lines.push('##[endgroup]')
        return
      default:
        this.result.lines.push(this.mask(line))
    }
  }
}
