/**
 * GitHub's limit on what one step hands to later steps: its outputs, all of them together, must
 * stay under 1 MB (docs/design.md, section "GitHub's limits").
 */

/** Bytes all outputs of one step may take, with room for the file-command framing of each. */
export const MAX_OUTPUT_BYTES = 1_000_000

/** The longest prefix of `items` whose JSON array stays within `maxBytes` of UTF-8. */
export function jsonArrayWithin<T>(items: readonly T[], maxBytes: number): { json: string; kept: number } {
  const parts: string[] = []
  let bytes = 2
  for (const item of items) {
    const part = JSON.stringify(item)
    const cost = Buffer.byteLength(part) + (parts.length > 0 ? 1 : 0)
    if (bytes + cost > maxBytes) break
    parts.push(part)
    bytes += cost
  }
  return { json: `[${parts.join(',')}]`, kept: parts.length }
}
