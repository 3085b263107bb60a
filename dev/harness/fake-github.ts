// A loopback stand-in for the GitHub REST API, enough for the PR comment: it lists no comments and
// records the body of every comment created, so bundle tests can read what the step posted.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeGitHub {
  /** `http://127.0.0.1:PORT`, for GITHUB_API_URL. */
  url: string
  /** Bodies of the comments created, in order. */
  comments: string[]
  stop(): Promise<void>
}

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const comments: string[] = []
  const server = createServer((request, response) => {
    let text = ''
    request.on('data', (chunk) => (text += String(chunk)))
    request.on('end', () => {
      const reply = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
      if (request.method === 'GET') return reply(200, [])
      if (request.method === 'POST') {
        comments.push(String((JSON.parse(text) as { body: unknown }).body))
        return reply(201, { id: comments.length, html_url: `https://github.test/octo-org/octo-repo/pull/7#issuecomment-${comments.length}` })
      }
      return reply(404, { message: 'Not Found' })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    comments,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
