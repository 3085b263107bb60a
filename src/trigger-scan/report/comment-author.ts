/**
 * Whose sticky comment may be edited. Anyone who can comment on a pull request can paste our
 * marker, so a comment is ours only when it carries the marker and was written by the identity the
 * github-token acts as.
 */

/** The job token (`${{ github.token }}`) is an installation token of the GitHub Actions app, which comments as this user. */
export const JOB_TOKEN_LOGIN = 'github-actions[bot]'

/** The slice of Octokit this needs, so the client can be loaded however the caller likes. */
export interface AuthenticatedUserClient {
  rest: { users: { getAuthenticated(): Promise<{ data: { login: string } }> } }
}

export interface CommentLike {
  body?: string | null
  user?: { login?: string | null } | null
}

/**
 * The login the token acts as. A personal access token (classic or fine-grained) may read
 * `GET /user`, which names its user. Installation tokens (the job token, a GitHub App's token) are
 * refused there ("Resource not accessible by integration") and cannot learn their app's name without
 * the app's private key, so they are taken to be the job token: an app token then always creates a
 * new comment rather than edit one it cannot prove is its own.
 */
export async function tokenLogin(client: AuthenticatedUserClient): Promise<string> {
  try {
    const { data } = await client.rest.users.getAuthenticated()
    return typeof data.login === 'string' && data.login !== '' ? data.login : JOB_TOKEN_LOGIN
  } catch {
    return JOB_TOKEN_LOGIN
  }
}

/** True when the comment carries the marker first and was written by `login` (logins compare case-insensitively, as on GitHub). */
export function isOwnComment(comment: CommentLike, marker: string, login: string): boolean {
  const author = comment.user?.login
  return (comment.body ?? '').trimStart().startsWith(marker) && typeof author === 'string' && author.toLowerCase() === login.toLowerCase()
}
