// Renders a job summary (HTML from @actions/core, or markdown) as plain text for a terminal.

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' }

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_match, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_match, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&([a-z]+|#39);/gi, (match, name: string) => ENTITIES[name.toLowerCase()] ?? match)
}

// Decoded angle brackets are parked on private-use characters so later tag stripping leaves them alone.
const LESS_THAN = '\uE000'
const GREATER_THAN = '\uE001'

function protect(text: string): string {
  return text.replace(/</g, LESS_THAN).replace(/>/g, GREATER_THAN)
}

function stripTags(html: string): string {
  return protect(decodeEntities(html.replace(/<br\s*\/?>/gi, ' ').replace(/<[^>]+>/g, '')))
    .replace(/\s+/g, ' ')
    .trim()
}

function alignRows(rows: string[][]): string {
  const widths: number[] = []
  for (const row of rows) row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.length)))
  const lines = rows.map((row) =>
    row
      .map((cell, index) => cell.padEnd(widths[index] ?? 0))
      .join('  ')
      .trimEnd()
  )
  if (lines.length > 1) lines.splice(1, 0, widths.map((width) => '-'.repeat(width)).join('  '))
  return lines.join('\n')
}

function htmlTableToText(table: string): string {
  const rows = [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/gi)].map((row) =>
    [...(row[1] ?? '').matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/gi)].map((cell) => stripTags(cell[1] ?? ''))
  )
  return `\n${alignRows(rows)}\n`
}

function markdownTableToText(block: string): string {
  const rows = block
    .trim()
    .split('\n')
    .filter((line) => !/^\s*\|?\s*:?-{2,}/.test(line))
    .map((line) =>
      line
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((cell) => cell.trim().replace(/\*\*|`/g, ''))
    )
  return alignRows(rows)
}

export function summaryToText(summary: string): string {
  let text = summary
    .replace(/<table[^>]*>[\s\S]*?<\/table>/gi, htmlTableToText)
    .replace(/<h([1-6])[^>]*>([\s\S]*?)<\/h\1>/gi, (_match, level: string, title: string) => {
      const plain = stripTags(title)
      return `\n${plain}\n${(level === '1' || level === '2' ? '=' : '-').repeat(plain.length)}\n`
    })
    .replace(/<li[^>]*>([\s\S]*?)<\/li>/gi, (_match, item: string) => `\n  • ${stripTags(item)}`)
    .replace(/<summary[^>]*>([\s\S]*?)<\/summary>/gi, (_match, title: string) => `\n▸ ${stripTags(title)}\n`)
    .replace(/<(br|hr)\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|ul|ol|details|pre|blockquote)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
  text = decodeEntities(text.replace(/&lt;/g, LESS_THAN).replace(/&gt;/g, GREATER_THAN))
  text = text.replace(/(^\|.*\|[ \t]*$\n?)+/gm, (block) => `${markdownTableToText(block)}\n`)
  text = text.replace(/^(#{1,6})\s+(.*)$/gm, (_match, hashes: string, title: string) => `${title}\n${(hashes.length <= 2 ? '=' : '-').repeat(title.length)}`)
  text = text.replace(/\*\*(.+?)\*\*/g, '$1').replace(/`([^`]+)`/g, '$1')
  text = text.replaceAll(LESS_THAN, '<').replaceAll(GREATER_THAN, '>')
  return text
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}
