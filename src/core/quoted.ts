/**
 * A server string quoted inside one of our sentences: cut to `max` characters first, then shown as a
 * JSON string with every character outside printable ASCII escaped (`\u200b`, `\uff48`), so a
 * spoofed or invisible character is seen for what it is and nothing in it acts on the log.
 */
export function quoted(text: string, max: number): string {
  const shown = JSON.stringify(text.slice(0, max)).replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
  return text.length > max ? `${shown}…` : shown
}
