import type { getOctokit } from '@actions/github'
import { ProblemError } from '../../core/problem.js'

export type GitHubClient = ReturnType<typeof getOctokit>

/** Same-origin redirects GitHub may send (a renamed repository, say) that are followed before giving up. */
const MAX_REDIRECTS = 5

/** How a request to another origin was asked for: a page link in an answer, or a redirect. */
export type ForeignOriginRoute = 'page link' | 'redirect'

/**
 * A request refused before it was sent, because it would take the github-token to another origin
 * than GITHUB_API_URL's. See docs/design.md, section "The GitHub token stays at GITHUB_API_URL".
 */
export class ForeignOriginError extends ProblemError {
  override readonly name = 'ForeignOriginError'
  constructor(
    readonly route: ForeignOriginRoute,
    readonly foreignOrigin: string,
    readonly apiOrigin: string
  ) {
    super({ what: `A ${route} of GitHub pointed to another origin than GITHUB_API_URL's (${apiOrigin})`, cause: foreignOrigin })
  }
}

/** The ForeignOriginError behind an error, which Octokit wraps in a RequestError of its own. */
export function foreignOriginOf(error: unknown): ForeignOriginError | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth++) {
    if (current instanceof ForeignOriginError) return current
  }
  return undefined
}

type Fetch = typeof globalThis.fetch

/**
 * A fetch that sends only to `origin`: a URL elsewhere (the next-page link of a listing) is refused,
 * and redirects are followed by hand, same origin only, so the token never rides a redirect away.
 */
function sameOriginFetch(fetch: Fetch, origin: string): Fetch {
  return async (input, init) => {
    let url = new URL(input instanceof Request ? input.url : String(input))
    if (url.origin !== origin) throw new ForeignOriginError('page link', url.origin, origin)
    let request: RequestInit = { ...init, redirect: 'manual' }
    for (let hop = 0; ; hop++) {
      const response = await fetch(url, request)
      const location = response.headers.get('location')
      if (response.status < 300 || response.status > 399 || response.status === 304 || location === null) return response
      const next = new URL(location, url)
      if (next.origin !== origin) throw new ForeignOriginError('redirect', next.origin, origin)
      if (hop === MAX_REDIRECTS) throw new Error(`GitHub redirected more than ${MAX_REDIRECTS} times`)
      await response.body?.cancel()
      // As fetch does: 303, and 301/302 after a POST, repeat as GET; 307 and 308 repeat the request as it was.
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && request.method === 'POST')) {
        request = { ...request, method: 'GET', body: null }
      }
      url = next
    }
  }
}

/**
 * An authenticated Octokit that talks to `baseUrl`'s origin only. @actions/github is imported here, on
 * first use, so the bundler puts it in a chunk of its own that only a run writing a PR comment loads.
 */
export async function createOctokit(token: string, baseUrl: string): Promise<GitHubClient> {
  const { getOctokit } = await import('@actions/github')
  const octokit = getOctokit(token, { baseUrl })
  const origin = new URL(baseUrl).origin
  octokit.hook.wrap('request', (request, options) => {
    // The fetch @actions/github chose (it honours the runner's proxy settings), wrapped. Set on the
    // options object itself: the hooks inside this one (the token's) are bound to it, not to a copy.
    const fetch = (options.request.fetch as Fetch | undefined) ?? globalThis.fetch
    options.request = { ...options.request, fetch: sameOriginFetch(fetch, origin) }
    return request(options)
  })
  return octokit
}
