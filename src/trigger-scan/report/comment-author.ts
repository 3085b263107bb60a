/**
 * Whose sticky comment may be edited. Anyone who can comment on a pull request can paste our
 * marker, so a comment is ours only when it carries the marker and was written by the identity the
 * github-token acts as.
 */

/** The job token (`${{ github.token }}`) is an installation token of the GitHub Actions app, which comments as this user. */
export const JOB_TOKEN_LOGIN = 'github-actions[bot]'

/** The slice of Octokit this needs, so the client can be loaded however the caller likes. */
export interface AuthenticatedUserClient {
  graphql(query: string): Promise<unknown>
  rest: { users: { getAuthenticated(): Promise<{ data: { login: string } }> } }
}

/** The one GraphQL query the actions send; a test validates it against GitHub's published schema. */
export const VIEWER_QUERY = 'query { viewer { login } }'

function loginOf(value: unknown): string | undefined {
  const login = (value as { viewer?: { login?: unknown } } | undefined)?.viewer?.login
  return typeof login === 'string' && login !== '' ? login : undefined
}

export interface CommentLike {
  body?: string | null
  user?: { login?: string | null } | null
}

/**
 * The login the token acts as. GraphQL `viewer` names it for every kind of token: the user of a
 * personal access token, `<app>[bot]` for a GitHub App installation token, `github-actions[bot]`
 * for the job token. REST `GET /user` answers only user tokens (installation tokens get "Resource
 * not accessible by integration"), so it is the fallback; when both fail (a GitHub Enterprise
 * Server without GraphQL access, say) the token is taken to be the job token, the default input.
 */
export async function tokenLogin(client: AuthenticatedUserClient): Promise<string> {
  try {
    const login = loginOf(await client.graphql(VIEWER_QUERY))
    if (login !== undefined) return login
  } catch {
    // Fall through to REST.
  }
  try {
    const { data } = await client.rest.users.getAuthenticated()
    if (typeof data.login === 'string' && data.login !== '') return data.login
  } catch {
    // An installation token: see above.
  }
  return JOB_TOKEN_LOGIN
}

/** True when the comment carries the marker first and was written by `login` (logins compare case-insensitively, as on GitHub). */
export function isOwnComment(comment: CommentLike, marker: string, login: string): boolean {
  const author = comment.user?.login
  return (comment.body ?? '').trimStart().startsWith(marker) && typeof author === 'string' && author.toLowerCase() === login.toLowerCase()
}
