// Loopback-only control and inspection routes under /_emulator/.
import type { EmulatorStateSnapshot } from './emulator-options.js'
import { badRequest, type EmulatorResponse } from './emulator-response.js'
import { validateFaultSpec, type FaultBook } from './faults.js'
import type { RouteDefinition } from './routing.js'

export const CONTROL_PREFIX = '/_emulator/'

export function createControlRoutes(faults: FaultBook, snapshot: () => EmulatorStateSnapshot): RouteDefinition[] {
  const plain = (status: number, body: unknown): EmulatorResponse => ({ status, body })
  return [
    { method: 'GET', pattern: '/_emulator/state', auth: 'none', handle: () => plain(200, snapshot()) },
    { method: 'GET', pattern: '/_emulator/faults', auth: 'none', handle: () => plain(200, { faults: faults.pending() }) },
    {
      method: 'POST',
      pattern: '/_emulator/faults',
      auth: 'none',
      handle: (context) => {
        let specs: unknown[]
        try {
          const parsed: unknown = JSON.parse(context.rawBody)
          specs = Array.isArray(parsed) ? parsed : [parsed]
        } catch {
          throw badRequest('The fault must be sent as a JSON object or an array of them.')
        }
        try {
          const checked = specs.map(validateFaultSpec)
          checked.forEach((spec) => faults.arm(spec))
        } catch (error) {
          throw badRequest((error as Error).message)
        }
        return plain(201, { faults: faults.pending() })
      }
    },
    {
      method: 'DELETE',
      pattern: '/_emulator/faults',
      auth: 'none',
      handle: () => {
        faults.clear()
        return plain(200, { faults: [] })
      }
    }
  ]
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false
  return address === '::1' || /^(::ffff:)?127\./.test(address)
}
