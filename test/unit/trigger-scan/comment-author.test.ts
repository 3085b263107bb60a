// Whose PR comment the step may edit: only one with the marker first, by the identity the token acts as.
import { describe, expect, it } from 'vitest'
import { isOwnComment, JOB_TOKEN_LOGIN, tokenLogin, type AuthenticatedUserClient } from '../../../src/trigger-scan/report/comment-author.js'

function client(graphql: () => Promise<unknown>, rest: () => Promise<{ data: { login: string } }>): AuthenticatedUserClient {
  return { graphql, rest: { users: { getAuthenticated: rest } } }
}
const refused = () => Promise.reject(new Error('Resource not accessible by integration'))

describe('tokenLogin', () => {
  it('takes the GraphQL viewer first', async () => {
    expect(await tokenLogin(client(async () => ({ viewer: { login: 'my-app[bot]' } }), refused))).toBe('my-app[bot]')
  })

  it('falls back to REST when GraphQL fails or names nobody', async () => {
    expect(await tokenLogin(client(refused, async () => ({ data: { login: 'octocat' } })))).toBe('octocat')
    expect(
      await tokenLogin(
        client(
          async () => ({ viewer: { login: '' } }),
          async () => ({ data: { login: 'octocat' } })
        )
      )
    ).toBe('octocat')
  })

  it('takes the token for the job token when both fail or name nobody', async () => {
    expect(await tokenLogin(client(refused, refused))).toBe(JOB_TOKEN_LOGIN)
    expect(
      await tokenLogin(
        client(
          async () => null,
          async () => ({ data: { login: '' } })
        )
      )
    ).toBe(JOB_TOKEN_LOGIN)
  })
})

describe('isOwnComment', () => {
  const marker = '<!-- s4e-scan -->'
  it('needs the marker first and the same author, whatever the case of the login', () => {
    expect(isOwnComment({ body: `  ${marker}\nreport`, user: { login: 'GitHub-Actions[bot]' } }, marker, JOB_TOKEN_LOGIN)).toBe(true)
    expect(isOwnComment({ body: `quoted ${marker}`, user: { login: JOB_TOKEN_LOGIN } }, marker, JOB_TOKEN_LOGIN)).toBe(false)
    expect(isOwnComment({ body: marker, user: { login: 'mallory' } }, marker, JOB_TOKEN_LOGIN)).toBe(false)
    expect(isOwnComment({ body: marker, user: null }, marker, JOB_TOKEN_LOGIN)).toBe(false)
    expect(isOwnComment({ body: null, user: { login: JOB_TOKEN_LOGIN } }, marker, JOB_TOKEN_LOGIN)).toBe(false)
  })
})
