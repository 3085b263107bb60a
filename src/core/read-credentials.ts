import * as core from '@actions/core'
import * as log from './log.js'
import type { AccessToken } from './access-token.js'
import { CredentialInput, DEFAULT_API_URL, ExportedEnv, type OnMissingCredentials, TOKEN_PATH } from './credential-inputs.js'
import { InputError, MissingCredentialsError } from './errors.js'
import { pullRequestContext } from './github-event.js'
import { FAIL_OR_SKIP, readChoice } from './inputs.js'
import { clauseOf, type Problem } from './problem.js'
import { ADMIN_SCOPE, parseScopes, type Scope } from './scopes.js'
import { registerClientCredentials, registerSecret } from './secrets.js'
import { parseServiceUrl } from './service-url.js'
import type { ClientCredentials } from './token-exchange.js'

/** The credential inputs of one step, validated, with every secret already masked. */
export interface CredentialSettings {
  apiUrl: string
  tokenUrl: string
  scopes: Scope[]
  clientCredentials?: ClientCredentials
  apiKey?: string
  token?: AccessToken
  environmentToken?: AccessToken
}

export interface ReadCredentialOptions {
  /** The action reading them, named in the sentence when there are none. */
  reader: CredentialReader
  /** `token`/`token-expires-at` inputs (and S4E_ACCESS_TOKEN) count on every action but s4e-auth. */
  acceptsToken: boolean
  /** Scopes to request when the scope input is empty (the pipeline asks for the least it needs). */
  defaultScopes?: Scope[]
}

function parseInstant(value: string, source: string): number {
  const ms = Date.parse(value)
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    throw new InputError(`${source} "${value}" is not an ISO 8601 instant: pass the expires-at output of s4e-auth, such as 2026-01-31T12:00:00Z.`)
  }
  return ms
}

/** Who reads the credentials: the action's name for the sentences, and its on-missing-credentials choice. */
export interface CredentialReader {
  /** As users name it in a workflow: `s4e-auth`, `s4e-trigger-scan`, `the root action`. */
  action: string
  onMissingCredentials: OnMissingCredentials
}

const FORK_GUARD = 'guard the job with `if: github.event.pull_request.head.repo.full_name == github.repository`'

/** Why there are no credentials, in parts; the fork case offers skip only to an action where it is not set yet. */
export function missingCredentialsProblem(reader: CredentialReader): Problem {
  const pr = pullRequestContext()
  if (pr?.fromFork === true && process.env.GITHUB_EVENT_NAME === 'pull_request') {
    const fork = pr.headRepository !== undefined ? `the fork ${pr.headRepository}` : 'a fork'
    return {
      what: `No S4E credentials were given, because this pull request comes from ${fork} and GitHub does not pass repository secrets to workflows run for fork pull requests`,
      fix: reader.onMissingCredentials === 'skip' ? undefined : `${FORK_GUARD}, or set \`${CredentialInput.onMissingCredentials}: skip\` on ${reader.action}`
    }
  }
  if (core.getInput(CredentialInput.tokenExpiresAt) !== '') {
    // The classic cross-job mistake: the runner drops masked outputs, so only expires-at arrives.
    return {
      what: 'No S4E credentials were given: the token input is empty although token-expires-at is set',
      cause: 'a token from another job arrives empty, because the runner drops masked outputs between jobs',
      fix: 'run s4e-auth in this job, or give this step client-id and client-secret'
    }
  }
  if (process.env.GITHUB_ACTOR === 'dependabot[bot]') {
    return {
      what: 'No S4E credentials were given, because workflows run by Dependabot only see Dependabot secrets',
      fix: 'add the S4E client ID and secret (or API key) under Settings → Secrets → Dependabot as well'
    }
  }
  return {
    what: 'No S4E credentials were given',
    fix: 'set client-id and client-secret (or api-key) from repository secrets, or pass token from an earlier s4e-auth step'
  }
}

/** The one warning of a step that passes for want of credentials (on-missing-credentials: skip). */
export function skippedForMissingCredentials(reader: CredentialReader): string {
  return `${clauseOf(missingCredentialsProblem(reader))}; ${reader.action} was skipped and passes, because ${CredentialInput.onMissingCredentials} is skip.`
}

/** The on-missing-credentials input, read the same way by every action. */
export function readOnMissingCredentials(): OnMissingCredentials {
  return readChoice(CredentialInput.onMissingCredentials, FAIL_OR_SKIP, 'fail')
}

/**
 * Masks every secret credential input (and S4E_ACCESS_TOKEN) without checking anything: the first
 * thing a step does, even one that will not need credentials (a dry run).
 */
export function maskCredentialInputs(): void {
  registerClientCredentials(core.getInput(CredentialInput.clientId), core.getInput(CredentialInput.clientSecret))
  for (const name of [CredentialInput.apiKey, CredentialInput.token]) registerSecret(core.getInput(name))
  registerSecret(process.env[ExportedEnv.accessToken]?.trim())
}

// A header value cannot hold a line break or other control character; sending one only fails later, after retries.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const NOT_A_HEADER_VALUE = /[\u0000-\u0008\u000a-\u001f\u007f]/

function refuseUnsendable(value: string, source: string): void {
  if (NOT_A_HEADER_VALUE.test(value)) {
    throw new InputError(
      `${source} holds a line break or another control character, which cannot be sent in an HTTP header: store the secret again as one line, without the trailing newline some editors add.`
    )
  }
}

/**
 * The api-url of this step: the input, else S4E_API_URL (written by s4e-auth with export-env), else
 * the cloud. A token from the environment is only ever sent to the installation that issued it.
 */
function resolveApiUrl(usesEnvironmentToken: boolean): string {
  const given = core.getInput(CredentialInput.apiUrl)
  const exported = process.env[ExportedEnv.apiUrl]?.trim() ?? ''
  const exportedUrl = exported === '' ? undefined : parseServiceUrl(exported, ExportedEnv.apiUrl, 'variable')
  if (given === '') return exportedUrl ?? DEFAULT_API_URL
  const apiUrl = parseServiceUrl(given, CredentialInput.apiUrl)
  if (usesEnvironmentToken && exportedUrl !== undefined && exportedUrl !== apiUrl) {
    throw new InputError(
      `The ${CredentialInput.apiUrl} input is ${apiUrl}, but the token in ${ExportedEnv.accessToken} was issued by ${exportedUrl} (${ExportedEnv.apiUrl}): leave ${CredentialInput.apiUrl} empty to use that installation, or give this step its own credentials for ${apiUrl}.`
    )
  }
  return apiUrl
}

/**
 * Reads and validates the credential inputs. Every secret is masked before any check runs,
 * and every check runs before any request is sent.
 */
export function readCredentialSettings(options: ReadCredentialOptions): CredentialSettings {
  const clientId = core.getInput(CredentialInput.clientId)
  const clientSecret = core.getInput(CredentialInput.clientSecret)
  const apiKey = core.getInput(CredentialInput.apiKey)
  const token = options.acceptsToken ? core.getInput(CredentialInput.token) : ''
  const environmentToken = options.acceptsToken ? (process.env[ExportedEnv.accessToken]?.trim() ?? '') : ''
  maskCredentialInputs()

  if ((clientId === '') !== (clientSecret === '')) {
    const missing = clientId === '' ? CredentialInput.clientId : CredentialInput.clientSecret
    const given = clientId === '' ? CredentialInput.clientSecret : CredentialInput.clientId
    throw new InputError(`The ${given} input was given without ${missing}: pass both from repository secrets, or neither.`)
  }
  const hasClientCredentials = clientId !== ''
  if (hasClientCredentials && apiKey !== '') {
    throw new InputError('Both client credentials (client-id, client-secret) and api-key were given: pass one kind only.')
  }
  if (!hasClientCredentials && apiKey === '' && token === '' && environmentToken === '') {
    throw new MissingCredentialsError(missingCredentialsProblem(options.reader))
  }

  if (apiKey !== '') refuseUnsendable(apiKey, `The ${CredentialInput.apiKey} input`)
  if (token !== '') refuseUnsendable(token, `The ${CredentialInput.token} input`)
  const usesEnvironmentToken = !hasClientCredentials && apiKey === '' && token === ''
  if (usesEnvironmentToken) refuseUnsendable(environmentToken, ExportedEnv.accessToken)
  const apiUrl = resolveApiUrl(usesEnvironmentToken)
  const tokenUrlInput = core.getInput(CredentialInput.tokenUrl)
  const tokenUrl = tokenUrlInput === '' ? `${apiUrl}${TOKEN_PATH}` : parseServiceUrl(tokenUrlInput, CredentialInput.tokenUrl)

  const scopeInput = core.getInput(CredentialInput.scope)
  const scopes = scopeInput === '' ? (options.defaultScopes ?? []) : parseScopes(scopeInput, CredentialInput.scope)
  if (scopeInput !== '' && !hasClientCredentials) {
    log.warning('The scope input only applies to client credentials; an API key or token keeps the scopes it was created with.')
  }
  if (hasClientCredentials && scopes.includes(ADMIN_SCOPE)) {
    log.warning('The admin:full scope grants everything in the S4E workspace: request only the scopes this job needs (see the scope table in the README).')
  }

  const settings: CredentialSettings = { apiUrl, tokenUrl, scopes }
  if (hasClientCredentials) settings.clientCredentials = { clientId, clientSecret }
  if (apiKey !== '') settings.apiKey = apiKey
  if (token !== '') {
    const expiresAtInput = core.getInput(CredentialInput.tokenExpiresAt)
    settings.token = {
      value: token,
      tokenType: 'Bearer',
      expiresAt: expiresAtInput === '' ? undefined : parseInstant(expiresAtInput, 'The token-expires-at input'),
      scopes: []
    }
  }
  if (environmentToken !== '') {
    const expiresAt = process.env[ExportedEnv.tokenExpiresAt]?.trim() ?? ''
    settings.environmentToken = {
      value: environmentToken,
      tokenType: 'Bearer',
      expiresAt: expiresAt === '' ? undefined : parseInstant(expiresAt, 'S4E_TOKEN_EXPIRES_AT'),
      scopes: []
    }
  }
  return settings
}

/**
 * The credential settings, or, when there are none and on-missing-credentials is skip, the one
 * warning the step passes with (a fork pull request). Sends nothing.
 */
export function readCredentialsOrSkip(options: ReadCredentialOptions): { settings: CredentialSettings } | { skipped: string } {
  try {
    return { settings: readCredentialSettings(options) }
  } catch (error) {
    if (error instanceof MissingCredentialsError && options.reader.onMissingCredentials === 'skip')
      return { skipped: skippedForMissingCredentials(options.reader) }
    throw error
  }
}
