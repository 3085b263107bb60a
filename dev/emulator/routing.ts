// Route table matching: `METHOD /path/:param` patterns, and the request context handlers receive.
import type { IncomingHttpHeaders } from 'node:http'
import { badRequest, type EmulatorResponse } from './emulator-response.js'
import type { IssuedToken } from './oauth.js'

export interface RequestContext {
  method: string
  url: URL
  headers: IncomingHttpHeaders
  rawBody: string
  params: Record<string, string>
  nowMs: number
  /** Set for routes that need a bearer token. */
  bearer?: { token: string; issued: IssuedToken }
}

export interface RouteDefinition {
  method: string
  pattern: string
  /** `none`: no token needed; `bearer`: a valid token, with `scope` when set. */
  auth: 'none' | 'bearer'
  scope?: string
  handle(context: RequestContext): EmulatorResponse
}

export function routeKey(route: Pick<RouteDefinition, 'method' | 'pattern'>): string {
  return `${route.method} ${route.pattern}`
}

export function matchRoute(
  routes: readonly RouteDefinition[],
  method: string,
  path: string
): { route: RouteDefinition; params: Record<string, string> } | undefined {
  const segments = path.split('/').filter((segment) => segment !== '')
  for (const route of routes) {
    if (route.method !== method) continue
    const patternSegments = route.pattern.split('/').filter((segment) => segment !== '')
    if (patternSegments.length !== segments.length) continue
    const params: Record<string, string> = {}
    const matched = patternSegments.every((segment, index) => {
      if (segment.startsWith(':')) {
        params[segment.slice(1)] = decodeURIComponent(segments[index] ?? '')
        return true
      }
      return segment === segments[index]
    })
    if (matched) return { route, params }
  }
  return undefined
}

export function parseJsonBody(context: RequestContext): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = JSON.parse(context.rawBody)
  } catch {
    throw badRequest('The request body is not valid JSON.')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw badRequest('The request body must be a JSON object.')
  return parsed as Record<string, unknown>
}
