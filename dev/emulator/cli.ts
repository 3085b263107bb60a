// `npm run emulator`: starts the local S4E API emulator from the command line.
import { parseArgs } from 'node:util'
import { parseEmulatorArguments, EMULATOR_HELP } from './cli-arguments.js'
import { READ_ONLY_CLIENT_ID, READ_ONLY_CLIENT_SECRET } from './demo-credentials.js'
import { startEmulator } from './server.js'

const { values } = parseArgs({ options: { help: { type: 'boolean', short: 'h' } }, strict: false })
if (values.help) {
  console.log(EMULATOR_HELP)
  process.exit(0)
}

try {
  const { options, quiet, summary } = parseEmulatorArguments(process.argv.slice(2))
  const emulator = await startEmulator({ ...options, log: quiet ? undefined : (line) => console.log(line) })
  console.log(`S4E API emulator listening on ${emulator.url}`)
  console.log(`  client id:        ${emulator.credentials.clientId}`)
  console.log(`  client secret:    ${emulator.credentials.clientSecret}`)
  console.log(`  API key:          ${emulator.credentials.apiKey}`)
  console.log(`  read-only client: ${READ_ONLY_CLIENT_ID} / ${READ_ONLY_CLIENT_SECRET} (assets:read only)`)
  console.log(`  ${summary}`)
  console.log(`  inspection:       ${emulator.url}/_emulator/state`)
  console.log('Press Ctrl+C to stop.')
  const shutDown = (signal: string) => {
    console.log(`Received ${signal}; stopping.`)
    emulator.stop().then(
      () => process.exit(0),
      () => process.exit(1)
    )
  }
  process.once('SIGINT', () => shutDown('SIGINT'))
  process.once('SIGTERM', () => shutDown('SIGTERM'))
} catch (error) {
  console.error((error as Error).message)
  process.exit(2)
}
