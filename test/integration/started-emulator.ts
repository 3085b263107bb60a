// One emulator of a bundle test: started on a free loopback port, stopped by the file's afterAll, with its assets registered.
import type { Emulator, EmulatorOptions } from '../../dev/emulator/emulator-options.js'
import { startEmulator } from '../../dev/emulator/server.js'
import { registerAssets, tokenFor } from '../emulator/emulator-requests.js'

/** Starts an emulator, adds it to `emulators` (for the file's afterAll to stop) and registers `assets` on it. */
export async function startedEmulator(emulators: Emulator[], options: EmulatorOptions, assets: readonly string[]): Promise<Emulator> {
  const emulator = await startEmulator({ port: 0, ...options })
  emulators.push(emulator)
  if (assets.length === 0) return emulator
  const answer = await registerAssets(emulator, await tokenFor(emulator), [...assets])
  if (answer.status !== 200) throw new Error(`Registering the test assets failed with ${answer.status}.`)
  return emulator
}
