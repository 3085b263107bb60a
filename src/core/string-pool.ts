/**
 * One copy of each repeated server string (titles, descriptions, statuses, scan ids) while a long
 * listing is read, so 100,000 findings of a few kinds hold a few copies instead of 100,000
 * (docs/design.md, "What is bounded"). Bounded itself: long strings and strings past the pool's
 * size are kept as they came.
 */
export class StringPool {
  private readonly pool = new Map<string, string>()
  constructor(
    private readonly maxEntries = 50_000,
    private readonly maxLength = 4_096
  ) {}

  intern<T extends string | undefined>(text: T): T {
    if (text === undefined || text.length > this.maxLength) return text
    const known = this.pool.get(text)
    if (known !== undefined) return known as T
    if (this.pool.size < this.maxEntries) this.pool.set(text, text)
    return text
  }
}
