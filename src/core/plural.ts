/** A count with its noun: `1 finding`, `2 findings`, `3 batches`. The one spelling of it in every sentence and report. */
export function plural(count: number, word: string, pluralWord = `${word}s`): string {
  return `${count} ${count === 1 ? word : pluralWord}`
}
