import * as log from '../../core/log.js'
import { pullRequestContext, readEventPayload, type PullRequestContext } from '../../core/github-event.js'
import { isJsonObject } from '../../core/response-body.js'
import { redactSecrets, registerSecret, shownText } from '../../core/secrets.js'
import { isOwnComment, tokenLogin } from './comment-author.js'
import { fitCommentBody } from './comment-size.js'
import { createOctokit, foreignOriginOf, type ForeignOriginError, type GitHubClient } from './octokit.js'
import { sentenceOf, type Problem } from '../../core/problem.js'
import type { ScanReport } from '../scan-report.js'

/** What a comment is about: the asset (or, for several assets, the set's key) whose marker it carries, and when the run reported. */
export type CommentSubject = Pick<ScanReport, 'generatedAt'> & { readonly asset: { readonly id: string } }

export interface PullRequestCommentOptions {
  githubToken: string
  report: CommentSubject
  /** Markdown the caller rendered (verdict, counts, top findings, scan id); the marker and run time line are added here. */
  body: string
  /** GitHub REST API base URL; defaults to GITHUB_API_URL, so GitHub Enterprise Server works. */
  apiUrl?: string
}

export interface PullRequestCommentResult {
  outcome: 'created' | 'updated' | 'skipped'
  url?: string
  reason?: string
}

const DEFAULT_GITHUB_API_URL = 'https://api.github.com'
const COMMENTS_PER_PAGE = 100

/** The hidden line that lets a later run find this asset's comment among the PR's comments. */
export function commentMarker(assetId: string): string {
  // Encoded so an odd id can never close the HTML comment early.
  return `<!-- s4e-trigger-scan:asset=${encodeURIComponent(assetId)} -->`
}

function runTimeLine(report: CommentSubject): string {
  const instant = new Date(report.generatedAt)
  const when = Number.isNaN(instant.getTime()) ? report.generatedAt : `${instant.toISOString().slice(0, 16).replace('T', ' ')} UTC`
  const server = process.env.GITHUB_SERVER_URL
  const repository = process.env.GITHUB_REPOSITORY
  const runId = process.env.GITHUB_RUN_ID
  const link = server && repository && runId ? ` in [workflow run ${runId}](${server}/${repository}/actions/runs/${runId})` : ''
  return `<sub>Last updated ${when}${link} by s4e-trigger-scan.</sub>`
}

/** The comment as posted: marker first (so it is found again), the caller's body, then the time of the run. */
export function composeCommentBody(report: CommentSubject, body: string): string {
  return fitCommentBody(commentMarker(report.asset.id), redactSecrets(body), runTimeLine(report))
}

function repositoryOf(): { owner: string; repo: string } | undefined {
  const payload = readEventPayload()
  const pr = isJsonObject(payload.pull_request) ? payload.pull_request : undefined
  const base = pr !== undefined && isJsonObject(pr.base) && isJsonObject(pr.base.repo) ? pr.base.repo : undefined
  const repository = isJsonObject(payload.repository) ? payload.repository : undefined
  const candidates = [base?.full_name, repository?.full_name, process.env.GITHUB_REPOSITORY]
  const fullName = candidates.find((name): name is string => typeof name === 'string' && /^[^/\s]+\/[^/\s]+$/.test(name))
  if (fullName === undefined) return undefined
  const [owner, repo] = fullName.split('/')
  if (owner === undefined || repo === undefined) return undefined
  return { owner, repo }
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined
  // Octokit reports a connection that got no answer at all as status 500 with no response.
  if ((error as { response?: unknown }).response === undefined) return undefined
  const status = Number(error.status)
  return Number.isInteger(status) && status > 0 ? status : undefined
}

/** Longest part of GitHub's message shown in a sentence. */
const MAX_GITHUB_MESSAGE_LENGTH = 200

/**
 * GitHub's own message, first line only, redacted and cut to its shown length: it names the
 * problem, never the request. Octokit adds the documentation link GitHub sent; it is left out.
 */
function gitHubMessageOf(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error)
  const documentation = (error as { response?: { data?: { documentation_url?: unknown } } } | undefined)?.response?.data?.documentation_url
  const link = typeof documentation === 'string' ? ` - ${documentation}` : undefined
  const message = link !== undefined && raw.endsWith(link) ? raw.slice(0, raw.length - link.length) : raw
  return shownText(message.split('\n', 1)[0] ?? '', MAX_GITHUB_MESSAGE_LENGTH)
}

/**
 * A page link or redirect to another origin ends the comment: the token goes to GITHUB_API_URL's origin
 * only, and creating a comment without having read every page could add a second one on each run.
 */
function foreignOriginProblem(refused: ForeignOriginError, pr: PullRequestContext): Problem {
  const route =
    refused.route === 'page link'
      ? `GitHub's next page of comments is at ${refused.foreignOrigin}`
      : `GitHub redirected the request to ${refused.foreignOrigin}`
  return {
    what: `The S4E comment on pull request #${pr.number} was not written`,
    cause: `${route}, another origin than GITHUB_API_URL's ${refused.apiOrigin}, and the github-token is sent to no other origin`,
    fix: 'make GITHUB_API_URL the address GitHub names in its own links (a proxy in front of GitHub Enterprise Server may rewrite it); the gate result is not affected'
  }
}

const UNAFFECTED = 'the gate result is not affected'

/** Why the comment was not written, and what to do; GitHub's own message is only ever a cause. */
function failureProblem(error: unknown, pr: PullRequestContext, action: string): Problem {
  const refused = foreignOriginOf(error)
  if (refused !== undefined) return foreignOriginProblem(refused, pr)
  const status = statusOf(error)
  const couldNot = `Could not ${action} the S4E comment on pull request #${pr.number}`
  if (status === 403 || (status === 404 && pr.fromFork)) {
    if (pr.fromFork) {
      return {
        what: couldNot,
        fix: `pull requests from forks get a read-only github-token whatever the permissions block says, so read the same report in the job summary (do not move the job to pull_request_target with a checkout of the fork's code, which would hand that code your secrets); ${UNAFFECTED}`
      }
    }
    return {
      what: `${couldNot}: the github-token may not write comments`,
      cause: gitHubMessageOf(error),
      fix: `give the job permissions: pull-requests: write (Dependabot pull requests get a read-only token); ${UNAFFECTED}`
    }
  }
  if (status === 401) {
    return {
      what: couldNot,
      fix: `GitHub rejected the github-token as invalid or expired; pass github-token: \${{ github.token }} or a valid token; ${UNAFFECTED}`
    }
  }
  if (status === 404) {
    return {
      what: couldNot,
      fix: `GitHub answered 404, so the token cannot see this repository or the API URL is wrong (GITHUB_API_URL); ${UNAFFECTED}`
    }
  }
  return {
    what: `${couldNot}: ${status !== undefined ? `GitHub answered HTTP ${status}` : 'the request failed'}`,
    cause: gitHubMessageOf(error),
    fix: `re-run the job to retry, ${UNAFFECTED}`
  }
}

/** This asset's comment written by the token's own identity, or undefined; stops paging once found. */
async function findOwnComment(octokit: GitHubClient, target: { owner: string; repo: string; issue_number: number }, marker: string) {
  let login: string | undefined
  for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, { ...target, per_page: COMMENTS_PER_PAGE })) {
    const marked = page.data.filter((comment) => (comment.body ?? '').trimStart().startsWith(marker))
    if (marked.length === 0) continue
    // Asked only once a marked comment turns up: most runs find none and need not ask.
    login ??= await tokenLogin(octokit)
    const own = marked.find((comment) => isOwnComment(comment, marker, login as string))
    if (own !== undefined) return own
  }
  return undefined
}

/**
 * Creates, or updates in place, one sticky comment per asset (or per set of assets) on the pull request of this run.
 * Never throws: a comment is a courtesy, so every problem becomes a warning and a `skipped` outcome.
 */
export async function upsertPullRequestComment(options: PullRequestCommentOptions): Promise<PullRequestCommentResult> {
  registerSecret(options.githubToken)
  const event = process.env.GITHUB_EVENT_NAME ?? ''
  const pr = pullRequestContext()
  if (pr === undefined || !Number.isInteger(pr.number) || pr.number <= 0) {
    const reason =
      event === 'pull_request' || event === 'pull_request_target'
        ? `The PR comment was skipped: the ${event} event payload names no pull request.`
        : `The PR comment was skipped: it is posted only on pull_request and pull_request_target events, and this run is a ${event || 'non-pull-request'} event.`
    log.info(reason)
    return { outcome: 'skipped', reason }
  }
  if (options.githubToken.trim() === '') {
    const reason =
      'The PR comment was skipped: the github-token input is empty; leave it at its default (${{ github.token }}) or pass a token that may write pull-request comments.'
    log.warning(reason)
    return { outcome: 'skipped', reason }
  }
  const repository = repositoryOf()
  if (repository === undefined) {
    const reason = 'The PR comment was skipped: the repository of this run is unknown (GITHUB_REPOSITORY is not set).'
    log.warning(reason)
    return { outcome: 'skipped', reason }
  }

  const apiUrl = (options.apiUrl ?? process.env.GITHUB_API_URL ?? DEFAULT_GITHUB_API_URL).replace(/\/+$/, '') || DEFAULT_GITHUB_API_URL
  const marker = commentMarker(options.report.asset.id)
  const body = composeCommentBody(options.report, options.body)
  let action = 'find'
  try {
    const octokit = await createOctokit(options.githubToken, apiUrl)
    const target = { ...repository, issue_number: pr.number }
    const comment = await findOwnComment(octokit, target, marker)
    if (comment !== undefined) {
      action = 'update'
      const updated = await octokit.rest.issues.updateComment({ ...repository, comment_id: comment.id, body })
      log.info(`Updated the S4E comment on pull request #${pr.number}: ${updated.data.html_url}`)
      return { outcome: 'updated', url: updated.data.html_url }
    }
    action = 'create'
    const created = await octokit.rest.issues.createComment({ ...target, body })
    log.info(`Created the S4E comment on pull request #${pr.number}: ${created.data.html_url}`)
    return { outcome: 'created', url: created.data.html_url }
  } catch (error) {
    const reason = sentenceOf(failureProblem(error, pr, action))
    log.warning(reason)
    return { outcome: 'skipped', reason }
  }
}
