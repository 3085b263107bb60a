// Distinct scan ids across emulators, and a scan seeded by its serial: how the self-test's matrix legs
// and fan-in job, each with its own emulator, agree on scan ids.
import { describe, expect, it } from 'vitest'
import { parseEmulatorArguments } from '../../dev/emulator/cli-arguments.js'
import { startEmulator } from '../../dev/emulator/server.js'
import { call, tokenFor } from './emulator-requests.js'

describe('scan serials', () => {
  it('starts scan ids at --first-scan-serial, and seeds a completed scan under a chosen serial', async () => {
    const { options } = parseEmulatorArguments(['--first-scan-serial', '3001', '--scan', 'leg.example.com,status=completed,serial=4007'])
    const emulator = await startEmulator({ ...options, port: 0 })
    try {
      const token = await tokenFor(emulator)
      const seeded = await call(emulator, 'GET', '/api/scan/s-4007/status', { token })
      expect(seeded.body.data.status).toBe('completed')
      expect(emulator.state().scans.map((scan) => scan.scan_id)).toEqual(['s-4007'])
    } finally {
      await emulator.stop()
    }
    const fresh = await startEmulator({ port: 0, firstScanSerial: 3001, scans: [{ asset: 'one.example.com' }] })
    try {
      expect(fresh.state().scans.map((scan) => scan.scan_id)).toEqual(['s-3001'])
    } finally {
      await fresh.stop()
    }
  })

  it('refuses a serial that is not a whole number', () => {
    expect(() => parseEmulatorArguments(['--scan', 'leg.example.com,serial=x'])).toThrow(/serial must be a whole number/)
  })
})
