// Checks, after a release, that what users write resolves (docs/releasing.md, "After every release"):
//   node scripts/release-tags.ts <remote> <tag> [<commit>]
// `@v1.2.3` must name the released commit, and for a release (not a pre-release) the major tag `@v1`
// must name the same commit. It asks the remote with `git ls-remote`, as anyone resolving a tag would,
// so it sees the tags as they were pushed, not as a local clone remembers them. Node 24 runs this file
// as it is (type stripping), so the release job needs no npm install.
import { execFileSync } from 'node:child_process'

/** The commit each tag names, from `git ls-remote` lines; an annotated tag's `^{}` line (its commit) wins. */
export function commitsOfTags(lsRemote: string): Map<string, string> {
  const direct = new Map<string, string>()
  const peeled = new Map<string, string>()
  for (const line of lsRemote.split('\n')) {
    const match = /^([0-9a-f]{40})\s+refs\/tags\/(.+?)(\^\{\})?$/.exec(line.trim())
    if (match) (match[3] === undefined ? direct : peeled).set(match[2]!, match[1]!)
  }
  return new Map([...direct, ...peeled])
}

/** The major tag a release moves (`v1` for `v1.2.3`), or undefined for a pre-release (`v1.3.0-rc.1`), which moves none. */
export function majorTagOf(tag: string): string | undefined {
  return /^(v\d+)\.\d+\.\d+$/.exec(tag)?.[1]
}

/** One sentence per tag that does not resolve to the release; none when `@<tag>` and `@<major>` both do. */
export function releaseTagProblems(commits: Map<string, string>, tag: string, expectedCommit?: string): string[] {
  const released = commits.get(tag)
  if (released === undefined) return [`The tag ${tag} does not exist on the remote: push it (git push origin ${tag}).`]
  const problems: string[] = []
  if (expectedCommit !== undefined && released !== expectedCommit) {
    problems.push(`The tag ${tag} names ${released}, not the released commit ${expectedCommit}: a tag of a release must never move; see docs/releasing.md.`)
  }
  const major = majorTagOf(tag)
  if (major === undefined) return problems
  const moved = commits.get(major)
  if (moved === undefined) {
    problems.push(
      `The major tag ${major} does not exist, so "uses: …@${major}" fails: re-run the release workflow's publish job, or move it by hand (docs/releasing.md).`
    )
  } else if (moved !== released) {
    problems.push(
      `The major tag ${major} names ${moved}, not ${released} (${tag}), so "uses: …@${major}" runs another release: re-run the release workflow's publish job, or move it by hand (docs/releasing.md).`
    )
  }
  return problems
}

function main(argv: string[]): number {
  const [remote, tag, expectedCommit] = argv
  if (remote === undefined || tag === undefined) {
    console.error('Use: node scripts/release-tags.ts <remote> <tag> [<commit>], for example https://github.com/s4e-io/s4e-actions v1.0.0.')
    return 2
  }
  const major = majorTagOf(tag)
  const patterns = [tag, ...(major === undefined ? [] : [major])].flatMap((name) => [`refs/tags/${name}`, `refs/tags/${name}^{}`])
  const commits = commitsOfTags(execFileSync('git', ['ls-remote', remote, ...patterns], { encoding: 'utf8' }))
  const problems = releaseTagProblems(commits, tag, expectedCommit)
  for (const problem of problems) console.error(problem)
  if (problems.length > 0) return 1
  console.log(`${[tag, major].filter(Boolean).join(' and ')} resolve to ${commits.get(tag)} on ${remote}.`)
  return 0
}

// Only when run as a script (Node 24 sets import.meta.main); a failing git prints its own error and exits non-zero.
if (import.meta.main) process.exitCode = main(process.argv.slice(2))
