import * as core from '@actions/core'
import * as log from '../core/log.js'
import { toIsoInstant } from '../core/access-token.js'
import { type ActionRunOptions, runAction } from '../core/action-runner.js'
import { readBoolean } from '../core/inputs.js'
import { ExportedEnv } from '../core/credential-inputs.js'
import { readCredentialsOrSkip, readOnMissingCredentials } from '../core/read-credentials.js'
import { openSession } from '../core/session.js'
import { AuthInput, AuthOutput } from './names.js'

/** s4e-auth: one token request (or one API-key check), then masked outputs for later steps. */
export async function run(options: ActionRunOptions = {}): Promise<void> {
  await runAction(async () => {
    const reader = { action: 's4e-auth', onMissingCredentials: readOnMissingCredentials() }
    const credentials = readCredentialsOrSkip({ reader, acceptsToken: false })
    const exportEnv = readBoolean(AuthInput.exportEnv, false)
    if ('skipped' in credentials) {
      log.warning(credentials.skipped)
      return
    }
    const { settings } = credentials
    const session = openSession(settings, { timing: options.timing })

    const token = await session.tokens.getToken()
    // A wrong API key should fail here, not three steps later.
    if (session.tokens.method === 'api-key') await session.api.checkToken()

    const expiresAt = token.expiresAt !== undefined ? toIsoInstant(token.expiresAt) : ''
    const method = session.tokens.method === 'api-key' ? 'api-key' : 'client-credentials'
    core.setSecret(token.value)
    core.setOutput(AuthOutput.accessToken, token.value)
    core.setOutput(AuthOutput.tokenType, token.tokenType)
    core.setOutput(AuthOutput.expiresAt, expiresAt)
    core.setOutput(AuthOutput.expiresIn, token.expiresIn !== undefined ? String(token.expiresIn) : '')
    core.setOutput(AuthOutput.scope, token.scopes.join(' '))
    core.setOutput(AuthOutput.authMethod, method)
    core.setOutput(AuthOutput.apiUrl, settings.apiUrl)

    // Always, so a token passed by hand to a later step goes to the installation that issued it
    // (docs/design.md, "The token's installation"); the URL is no secret.
    core.exportVariable(ExportedEnv.apiUrl, settings.apiUrl)
    if (exportEnv) {
      core.exportVariable(ExportedEnv.accessToken, token.value)
      core.exportVariable(ExportedEnv.tokenExpiresAt, expiresAt)
    }

    if (method === 'api-key') {
      log.info(`Checked the S4E API key against ${settings.apiUrl}; it does not expire.`)
    } else {
      const scopes = token.scopes.length > 0 ? token.scopes.join(' ') : 'none named by the server'
      log.info(
        `Authenticated to S4E at ${settings.apiUrl} with client credentials; the token expires at ${expiresAt || 'an unknown time'} (scopes: ${scopes}).`
      )
    }
    if (exportEnv) log.info(`Exported ${ExportedEnv.accessToken}, ${ExportedEnv.apiUrl} and ${ExportedEnv.tokenExpiresAt} to later steps of this job.`)
  })
}
