import { knownSecrets } from '../../../src/core/secret-registry.js'

/** Forgets every secret registered by an earlier test, so redaction starts from nothing. */
export function forgetSecrets(): void {
  knownSecrets.clear()
}
