/** GitHub rejects issue and pull-request comments longer than this (characters). */
export const MAX_COMMENT_LENGTH = 65_536

export const TRUNCATION_NOTE =
  "> [!NOTE]\n> This comment was cut to fit GitHub's 65,536-character limit: the full report is in the job summary and the findings file of the workflow run."

const FENCE = /^\s*(```|~~~)/

/** Cuts text to at most maxLength characters, preferring a line end and never splitting a surrogate pair. */
export function cutAtLineEnd(text: string, maxLength: number): string {
  let cut = text.slice(0, Math.max(0, maxLength))
  const lastNewline = cut.lastIndexOf('\n')
  // A line end close to the limit gives a cleaner cut than the middle of a table row.
  if (lastNewline > 0 && cut.length - lastNewline < 2000) cut = cut.slice(0, lastNewline)
  const last = cut.charCodeAt(cut.length - 1)
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1)
  return cut
}

/**
 * marker + body + footer, within GitHub's comment limit: a body too long is cut at a line end,
 * an open code fence closed, and a note added saying where the full report is.
 */
export function fitCommentBody(marker: string, body: string, footer: string, maxLength = MAX_COMMENT_LENGTH): string {
  const compose = (content: string) => `${marker}\n${content}\n\n${footer}`
  const whole = compose(body)
  if (whole.length <= maxLength) return whole
  const closeFence = '\n```'
  const room = maxLength - compose('').length - `\n\n${TRUNCATION_NOTE}`.length - closeFence.length
  let cut = cutAtLineEnd(body, room)
  const openFences = cut.split('\n').filter((line) => FENCE.test(line)).length
  if (openFences % 2 === 1) cut += closeFence
  return compose(`${cut}\n\n${TRUNCATION_NOTE}`)
}
