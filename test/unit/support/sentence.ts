import { expect } from 'vitest'

/**
 * The parts of a one-sentence message that a test cares about (docs/design.md, "Errors as data").
 * Each part is a substring or a pattern, found in this order: what, cause, fix; `mentions` may stand
 * anywhere. Wording between them is free, so a copy edit elsewhere in the sentence breaks no test.
 */
export interface SentenceParts {
  /** What happened: found at the very start of the sentence. */
  what?: string | RegExp
  /** Why, when the test knows it: found after `what`. */
  cause?: string | RegExp
  /** What to do: found after the cause, behind a colon. */
  fix?: string | RegExp
  /** Other things the sentence must name (ids, inputs, values), anywhere in it. */
  mentions?: (string | RegExp)[]
}

function find(text: string, part: string | RegExp, from: number): { start: number; end: number } | undefined {
  if (typeof part === 'string') {
    const start = text.indexOf(part, from)
    return start < 0 ? undefined : { start, end: start + part.length }
  }
  const pattern = new RegExp(part.source, part.flags.replace('g', '') + 'g')
  pattern.lastIndex = from
  const match = pattern.exec(text)
  return match === null ? undefined : { start: match.index, end: match.index + match[0].length }
}

/** Checks that `text` is one sentence (one line, one closing full stop) holding the parts given, in order. */
export function expectSentence(text: string | undefined, parts: SentenceParts): void {
  expect(text, 'a message was expected').toBeTypeOf('string')
  const sentence = text ?? ''
  expect(sentence, 'one sentence on one line').not.toMatch(/[\r\n]/)
  expect(sentence, 'a sentence ends with one full stop').toMatch(/[^.\s]\.$/)
  let from = 0
  for (const name of ['what', 'cause', 'fix'] as const) {
    const part = parts[name]
    if (part === undefined) continue
    const found = find(sentence, part, from)
    expect(found, `the ${name} ${String(part)} after position ${from} of: ${sentence}`).toBeDefined()
    if (name === 'what') expect(found?.start, `the sentence starts with what happened: ${sentence}`).toBe(0)
    if (name === 'fix') expect(sentence.lastIndexOf(': ', found?.start), `a colon before the fix in: ${sentence}`).toBeGreaterThanOrEqual(from)
    from = found?.end ?? from
  }
  for (const part of parts.mentions ?? []) expect(find(sentence, part, 0), `${String(part)} in: ${sentence}`).toBeDefined()
}

/** Exactly one message, holding the parts given (a step that fails says so once). */
export function expectOneSentence(messages: string[], parts: SentenceParts): void {
  expect(messages, 'exactly one message').toHaveLength(1)
  expectSentence(messages[0], parts)
}
