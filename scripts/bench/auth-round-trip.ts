// One s4e-auth step against the emulator, as the runner runs it.
import { existsSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { startEmulator } from '../../dev/emulator/server.js'
import { runStep } from '../../dev/harness/run-step.js'
import { median } from './measure.js'

export async function benchAuthRoundTrip(): Promise<void> {
  if (!existsSync('dist/auth/index.js')) return
  const emulator = await startEmulator({ port: 0 })
  try {
    const times: number[] = []
    for (let i = 0; i < 5; i++) {
      const started = performance.now()
      await runStep({
        action: 'actions/s4e-auth',
        inputs: { 'api-url': emulator.url, 'client-id': emulator.credentials.clientId, 'client-secret': emulator.credentials.clientSecret }
      })
      times.push(performance.now() - started)
    }
    console.log(`s4e-auth step against the emulator (harness, median of 5): ${median(times).toFixed(0)} ms`)
  } finally {
    await emulator.stop()
  }
}
