/** A set that counts its changes, so a pattern built from it knows when it is stale (a size can repeat after a clear). */
class SecretSet extends Set<string> {
  version = 0
  override add(value: string): this {
    if (!this.has(value)) this.version++
    return super.add(value)
  }
  override delete(value: string): boolean {
    this.version++
    return super.delete(value)
  }
  override clear(): void {
    this.version++
    super.clear()
  }
}

/** Every spelling of every secret this step registered; secrets.ts fills it, redaction reads it. */
export const knownSecrets = new SecretSet()
