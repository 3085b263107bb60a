import * as core from '@actions/core'

const REDACTED = '***'
// Secrets shorter than this would redact ordinary words; the runner masks them anyway.
const MIN_REDACT_LENGTH = 4

const knownSecrets = new Set<string>()

/** Masks a secret in the runner log and remembers it so our own messages can be redacted. */
export function registerSecret(value: string | undefined): void {
  if (value === undefined || value === '') return
  core.setSecret(value)
  knownSecrets.add(value)
  // The form-encoded spelling of a secret is what would appear if a body were ever echoed back.
  const encoded = encodeURIComponent(value)
  if (encoded !== value) {
    core.setSecret(encoded)
    knownSecrets.add(encoded)
  }
}

/** Replaces every registered secret in text with ***. */
export function redactSecrets(text: string): string {
  let result = text
  // Longest first, so a secret containing another is redacted whole.
  const ordered = [...knownSecrets].sort((a, b) => b.length - a.length)
  for (const secret of ordered) {
    if (secret.length < MIN_REDACT_LENGTH) continue
    result = result.split(secret).join(REDACTED)
  }
  return result
}

/** For tests: forget every registered secret. */
export function resetSecretsForTests(): void {
  knownSecrets.clear()
}
