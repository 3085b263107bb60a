/** Every spelling of every secret this step registered; secrets.ts fills it, redaction reads it. */
export const knownSecrets = new Set<string>()
