import { readFileSync } from 'node:fs'
import { isJsonObject } from './response-body.js'

/** The event payload of this run, or an empty object when there is none. */
export function readEventPayload(): Record<string, unknown> {
  const path = process.env.GITHUB_EVENT_PATH
  if (path === undefined || path === '') return {}
  try {
    const payload: unknown = JSON.parse(readFileSync(path, 'utf8'))
    return isJsonObject(payload) ? payload : {}
  } catch {
    return {}
  }
}

export const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target'])

export interface PullRequestContext {
  number: number
  /** Head repository differs from the base repository. */
  fromFork: boolean
  headRepository?: string
}

/** The pull request this run is for, when the event is a pull-request event. */
export function pullRequestContext(): PullRequestContext | undefined {
  if (!PULL_REQUEST_EVENTS.has(process.env.GITHUB_EVENT_NAME ?? '')) return undefined
  const payload = readEventPayload()
  const pr = payload.pull_request
  if (!isJsonObject(pr)) return undefined
  const head = isJsonObject(pr.head) && isJsonObject(pr.head.repo) ? pr.head.repo : undefined
  const base = isJsonObject(pr.base) && isJsonObject(pr.base.repo) ? pr.base.repo : undefined
  const headName = typeof head?.full_name === 'string' ? head.full_name : undefined
  const baseName = typeof base?.full_name === 'string' ? base.full_name : process.env.GITHUB_REPOSITORY
  const fromFork = head?.fork === true || (headName !== undefined && baseName !== undefined && headName !== baseName)
  return { number: Number(pr.number), fromFork, headRepository: headName }
}

/** When the pull request of this run was opened, as the event payload says (GitHub's clock). */
export interface PullRequestOpening {
  /** ms since the epoch; undefined when the payload has no valid `pull_request.created_at`. */
  readonly openedAtMs?: number
}

/** On a pull-request event, when its pull request was opened; undefined on any other event. */
export function pullRequestOpening(): PullRequestOpening | undefined {
  if (!PULL_REQUEST_EVENTS.has(process.env.GITHUB_EVENT_NAME ?? '')) return undefined
  const pr = readEventPayload().pull_request
  const text = isJsonObject(pr) && typeof pr.created_at === 'string' && pr.created_at.length <= 40 ? pr.created_at : undefined
  // GitHub writes ISO 8601 instants; anything else is no opening time at all.
  const ms = text !== undefined && /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/.test(text) ? Date.parse(text) : Number.NaN
  return Number.isFinite(ms) ? { openedAtMs: ms } : {}
}
