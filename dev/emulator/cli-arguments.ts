// Command-line flags of `npm run emulator`, turned into EmulatorOptions.
import { parseArgs } from 'node:util'
import {
  FINDINGS_ANSWERS,
  PAGE_META_MODES,
  RESPONSE_SHAPES,
  type EmulatorOptions,
  type FindingsAnswer,
  type PageMetaMode,
  type ResponseShape,
  type ScanIdSpelling
} from './emulator-options.js'
import { parseFaultArgument } from './faults.js'
import { HOSTILE_BODY_KINDS, parseHostileArgument } from './hostile-bodies.js'
import { parseScanSeedArgument } from './scan-seeds.js'

export const DEFAULT_CLI_PORT = 4010
export const DEFAULT_CLI_SCAN_SECONDS = 5

export const EMULATOR_HELP = `Usage: npm run emulator -- [options]

Starts the local S4E API emulator on 127.0.0.1 and prints its URL and demo credentials.

Options:
  --port <n>                 port to listen on (default ${DEFAULT_CLI_PORT}; 0 picks a free one)
  --token-lifetime <s>       OAuth access token lifetime in seconds (default 3600)
  --scan-duration <s>        seconds a scan takes, fractions allowed (default ${DEFAULT_CLI_SCAN_SECONDS}; 0 = done at the first status request)
  --scan-polls <n>           finish scans at the Nth status request instead of by time
  --first-scan-serial <n>    the first scan's serial (default 2001), so the emulators of several jobs give distinct scan ids
  --findings-per-scan <n>    findings seeded per completed scan (default 12)
  --seed <value>             seed of the deterministic findings (default "s4e")
  --shape <shape>            response shape: wrapped (primary), bare or envelope
  --rate-limit <route=n>     requests a minute for a route, repeatable:
                             --rate-limit "POST /api/scan/create=10" --rate-limit default=100
  --rate-limit-window <ms>   length of the rate-limit window in milliseconds (default 60000)
  --page-size-cap <n>        at most n items a page whatever per_page asks (meta tells the truth)
  --page-meta <mode>         truthful (default), none, total-pages-minus-one or low-total
  --ignore-page              answer page 1 whatever page a listing asks for
  --findings-answer <kind>   answer GET /api/findings with something that is not a listing:
                             ${FINDINGS_ANSWERS.join(', ')}
  --scan-id-spelling <how>   findings spell their scan_id exact (default), trailing-space or upper-case
  --clock-offset <ms>        the emulator's clock runs this far ahead of the runner's (negative: behind)
  --scan-listing-delay <ms>  a new scan shows in GET /api/scans only this long after its creation
  --scan <seed>              a scan that exists at start, or that another run creates later, repeatable:
                             "ASSET,type=quick,status=completed,age=SECONDS,after=MS,on=ROUTE,serial=N"
                             e.g. "app.example.com,status=completed,age=20"
                                  "app.example.com,on=POST /api/scan/create"
  --hostile <spec>           answer a route with a hostile body, repeatable: "METHOD PATH:KIND[:COUNT]", KIND one of
                             ${HOSTILE_BODY_KINDS.join(', ')} (dev/emulator/README.md)
  --fault <spec>             arm a fault, repeatable: "METHOD PATH:COUNT:KIND[:ARG…]", KIND one of
                             status, delay, drop, malformed-json, html, trickle,
                             redirect; ARG a status (or delay
                             ms, or ms between bytes for trickle), retry=SECONDS, after (process the
                             request, then answer the fault) or land=MS (answer the fault, process the
                             request MS later)
                             e.g. "POST /api/scan/create:1:status:503"
                                  "GET /api/scan/:id/status:2:delay:1500"
                                  "POST /api/scan/create:1:drop:after"
                                  "POST /api/scan/create:1:status:504:land=3000"
                                  "GET /api/scan/:id/status:1:trickle:2000"
  --quiet                    do not log requests
  -h, --help                 show this help

Assets named fail-… or cancel-… get scans that end failed or cancelled; clean-… assets have
no open finding above low. Control routes (loopback only): GET /_emulator/state,
GET|POST|DELETE /_emulator/faults.`

export function parseEmulatorArguments(argv: string[]): { options: EmulatorOptions; quiet: boolean; summary: string } {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'token-lifetime': { type: 'string' },
      'scan-duration': { type: 'string' },
      'scan-polls': { type: 'string' },
      'first-scan-serial': { type: 'string' },
      'findings-per-scan': { type: 'string' },
      seed: { type: 'string' },
      shape: { type: 'string' },
      'rate-limit': { type: 'string', multiple: true },
      'rate-limit-window': { type: 'string' },
      'page-size-cap': { type: 'string' },
      'page-meta': { type: 'string' },
      'ignore-page': { type: 'boolean' },
      'findings-answer': { type: 'string' },
      'scan-id-spelling': { type: 'string' },
      'clock-offset': { type: 'string' },
      'scan-listing-delay': { type: 'string' },
      scan: { type: 'string', multiple: true },
      fault: { type: 'string', multiple: true },
      hostile: { type: 'string', multiple: true },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' }
    },
    strict: true
  })
  const shape = (values.shape ?? 'wrapped') as ResponseShape
  if (!RESPONSE_SHAPES.includes(shape)) throw new Error(`--shape must be one of ${RESPONSE_SHAPES.join(', ')}.`)
  const scanSeconds = numberFlag('--scan-duration', values['scan-duration'], DEFAULT_CLI_SCAN_SECONDS)
  const options: EmulatorOptions = {
    port: integerFlag('--port', values.port, DEFAULT_CLI_PORT),
    tokenLifetimeSeconds: integerFlag('--token-lifetime', values['token-lifetime'], 3600, 1),
    scanDurationMs: Math.round(scanSeconds * 1000),
    scanPollsToComplete: values['scan-polls'] === undefined ? undefined : integerFlag('--scan-polls', values['scan-polls'], 1, 1),
    firstScanSerial: optionalInteger('--first-scan-serial', values['first-scan-serial'], 1),
    findingsPerScan: integerFlag('--findings-per-scan', values['findings-per-scan'], 12),
    seed: values.seed,
    shape,
    rateLimits: Object.fromEntries((values['rate-limit'] ?? []).map(parseRateLimit)),
    faults: (values.fault ?? []).map(parseFaultArgument),
    hostileBodies: (values.hostile ?? []).map(parseHostileArgument),
    rateLimitWindowMs: optionalInteger('--rate-limit-window', values['rate-limit-window'], 1),
    pageSizeCap: optionalInteger('--page-size-cap', values['page-size-cap'], 1),
    pageMeta: choiceFlag<PageMetaMode>('--page-meta', values['page-meta'], PAGE_META_MODES),
    ignorePage: values['ignore-page'],
    findingsAnswer: choiceFlag<FindingsAnswer>('--findings-answer', values['findings-answer'], FINDINGS_ANSWERS),
    scanIdSpelling: choiceFlag<ScanIdSpelling>('--scan-id-spelling', values['scan-id-spelling'], ['exact', 'trailing-space', 'upper-case']),
    clockOffsetMs: signedIntegerFlag('--clock-offset', values['clock-offset']),
    scanListingDelayMs: optionalInteger('--scan-listing-delay', values['scan-listing-delay'], 0),
    scans: (values.scan ?? []).map(parseScanSeedArgument)
  }
  const timing = options.scanPollsToComplete === undefined ? `scans take ${scanSeconds} s` : `scans finish at status request ${options.scanPollsToComplete}`
  const summary = `token lifetime ${options.tokenLifetimeSeconds} s, ${timing}, shape ${shape}, seed ${options.seed ?? 's4e'}`
  return { options, quiet: values.quiet ?? false, summary }
}

function choiceFlag<T extends string>(name: string, text: string | undefined, choices: readonly T[]): T | undefined {
  if (text === undefined) return undefined
  if (!(choices as readonly string[]).includes(text)) throw new Error(`${name} must be one of ${choices.join(', ')}.`)
  return text as T
}

function integerFlag(name: string, text: string | undefined, fallback: number, minimum = 0): number {
  if (text === undefined) return fallback
  if (!/^\d+$/.test(text) || Number(text) < minimum) throw new Error(`${name} must be a whole number of at least ${minimum}.`)
  return Number(text)
}

function optionalInteger(name: string, text: string | undefined, minimum: number): number | undefined {
  return text === undefined ? undefined : integerFlag(name, text, minimum, minimum)
}

function signedIntegerFlag(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  if (!/^-?\d+$/.test(text)) throw new Error(`${name} must be a whole number of milliseconds (negative allowed).`)
  return Number(text)
}

function numberFlag(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback
  const value = Number(text)
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number of seconds, 0 or more.`)
  return value
}

function parseRateLimit(text: string): [string, number] {
  const match = /^(.+)=(\d+)$/.exec(text.trim())
  if (match?.[1] === undefined || Number(match[2]) < 1)
    throw new Error(`The rate limit "${text}" is not of the form "ROUTE=REQUESTS_PER_MINUTE", e.g. "POST /api/scan/create=10".`)
  return [match[1].trim(), Number(match[2])]
}
