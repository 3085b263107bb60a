// How a workflow or example refers to the actions it runs: every `uses:` with the comment on its line,
// and what is wrong with it. Third-party actions are pinned by full commit SHA with the release in a
// comment (`@<40 hex> # v1.2.3`), so the code cannot change under a moved tag and people and Dependabot
// can still read the version (README, "Pin a release"; docs/releasing.md, "Pinned actions").
import { isPair, isScalar, parseDocument, visit } from 'yaml'

export const THIS_REPOSITORY = 's4e-io/s4e-actions'

export interface UsesReference {
  /** The value of `uses:`, as written. */
  uses: string
  /** The comment after it on the same line, without the `#`, trimmed ('' when there is none). */
  comment: string
  /** 1-based line of the `uses:` value. */
  line: number
}

const SHA_PIN = /^(?<action>[\w.-]+\/[\w.-]+(?:\/[\w./-]+)?)@(?<sha>[0-9a-f]{40})$/
const VERSION_COMMENT = /^v\d+\.\d+\.\d+(?:\s|$)/
const DOCKER_DIGEST = /^docker:\/\/[^@\s]+@sha256:[0-9a-f]{64}$/

/** Every `uses:` in a workflow file (steps and reusable-workflow jobs alike), in file order. */
export function usesReferences(text: string): UsesReference[] {
  const document = parseDocument(text)
  const references: UsesReference[] = []
  visit(document, {
    Pair(_key, pair) {
      if (!isPair(pair) || !isScalar(pair.key) || pair.key.value !== 'uses' || !isScalar(pair.value)) return
      const offset = pair.value.range?.[0] ?? 0
      references.push({
        uses: String(pair.value.value),
        comment: (pair.value.comment ?? '').trim(),
        line: text.slice(0, offset).split('\n').length
      })
    }
  })
  return references
}

/** Whether a `uses:` names this repository: `./…` in its own workflows, `s4e-io/s4e-actions…@ref` in examples. */
export function isOwnReference(uses: string): boolean {
  return uses.startsWith('./') || uses === '.' || uses.startsWith(`${THIS_REPOSITORY}@`) || uses.startsWith(`${THIS_REPOSITORY}/`)
}

/** What is wrong with how a third-party `uses:` is pinned, or undefined when it is a SHA with its version. */
export function pinProblem(reference: UsesReference): string | undefined {
  if (isOwnReference(reference.uses)) return undefined
  if (reference.uses.startsWith('docker://')) {
    return DOCKER_DIGEST.test(reference.uses) ? undefined : `${reference.uses} is not pinned by its sha256 digest`
  }
  if (!SHA_PIN.test(reference.uses)) return `${reference.uses} is not pinned by a full 40-character commit SHA`
  if (!VERSION_COMMENT.test(reference.comment)) return `${reference.uses} has no "# vX.Y.Z" comment naming the release of that commit`
  return undefined
}

/** The action and SHA of a SHA pin (`actions/checkout`, `3d3c…`), with the version its comment names. */
export function pinOf(reference: UsesReference): { action: string; sha: string; version: string } | undefined {
  const match = SHA_PIN.exec(reference.uses)
  const version = /^v\d+\.\d+\.\d+/.exec(reference.comment)?.[0]
  if (!match?.groups || version === undefined) return undefined
  // Actions of one repository (github/codeql-action/init, …/analyze) share its releases.
  const repository = match.groups.action!.split('/').slice(0, 2).join('/')
  return { action: repository, sha: match.groups.sha!, version }
}
