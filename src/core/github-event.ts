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
