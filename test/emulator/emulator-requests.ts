// Real-HTTP helpers for the emulator tests.
import type { Emulator } from '../../dev/emulator/emulator-options.js'

export interface ApiAnswer {
  status: number
  headers: Headers
  text: string
  // Tests read arbitrary JSON shapes.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any
}

export async function call(
  emulator: Emulator,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}
): Promise<ApiAnswer> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`
  let body: string | undefined
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json'
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body)
  }
  const response = await fetch(`${emulator.url}${path}`, { method, headers, body })
  const text = await response.text()
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  return { status: response.status, headers: response.headers, text, body: parsed }
}

export async function requestToken(emulator: Emulator, form: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<ApiAnswer> {
  const fields = { grant_type: 'client_credentials', client_id: emulator.credentials.clientId, client_secret: emulator.credentials.clientSecret, ...form }
  const body = new URLSearchParams(Object.entries(fields).filter(([, value]) => value !== '')).toString()
  return call(emulator, 'POST', '/oauth/token', { body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } })
}

export async function tokenFor(emulator: Emulator, scope?: string): Promise<string> {
  const answer = await requestToken(emulator, scope === undefined ? {} : { scope })
  if (answer.status !== 200) throw new Error(`The token request failed with ${answer.status}.`)
  return answer.body.access_token as string
}

export async function registerAssets(emulator: Emulator, token: string, assets: string[]): Promise<ApiAnswer> {
  return call(emulator, 'POST', '/asset/handler/bulk-asset-add', { token, body: { assets, token } })
}

/** Registers the asset and starts a scan of it; returns the scan id the client sees. */
export async function startScan(emulator: Emulator, token: string, asset: string): Promise<string> {
  await registerAssets(emulator, token, [asset])
  const found = emulator.state().assets.find((entry) => entry.name === asset)
  const created = await call(emulator, 'POST', '/api/scan/create', { token, body: { asset_id: found?.id, scan_type: 'quick' } })
  if (created.status !== 201) throw new Error(`Scan creation failed with ${created.status}.`)
  return String((created.body.data ?? created.body.value ?? created.body).scan_id)
}
