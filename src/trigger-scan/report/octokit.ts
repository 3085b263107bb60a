import type { getOctokit } from '@actions/github'

export type GitHubClient = ReturnType<typeof getOctokit>

/**
 * An authenticated Octokit. @actions/github is imported here, on first use, so the bundler puts it
 * in a chunk of its own that only a run writing a PR comment loads.
 */
export async function createOctokit(token: string, baseUrl: string): Promise<GitHubClient> {
  const { getOctokit } = await import('@actions/github')
  return getOctokit(token, { baseUrl })
}
