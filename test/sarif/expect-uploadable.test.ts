// expectUploadable itself: a log that breaks one upload rule U1–U18 of docs/api.md, section
// "What GitHub accepts in an uploaded SARIF file", fails it, naming what broke, so the bundle tests
// that use it (test/integration/github-limits.test.ts) really hold the SARIF of 1, 21 and 200 assets to each rule.
import { randomBytes } from 'node:crypto'
import type { Log, Result, Run } from 'sarif'
import { describe, expect, it } from 'vitest'
import { expectUploadable, GITHUB_SARIF_LIMITS } from './expect-uploadable.js'

const KEY = 's4eFinding/v2'
const hex = (seed: number) => seed.toString(16).padStart(64, '0')

function result(index: number): Result {
  return {
    ruleId: 's4e/open-port',
    ruleIndex: 0,
    level: 'warning',
    message: { text: `Open port ${index} on asset app.example.com.` },
    locations: [{ physicalLocation: { artifactLocation: { uri: '.github/s4e/app.example.com' }, region: { startLine: 1 } } }],
    partialFingerprints: { [KEY]: hex(index + 1) },
    properties: { 'security-severity': '5.0' }
  }
}

function run(category = 's4e/quick/', results: Result[] = [result(0), result(1)]): Run {
  return {
    tool: {
      driver: {
        name: 'S4E',
        version: '1.0.0',
        rules: [{ id: 's4e/open-port', shortDescription: { text: 'Open port' }, properties: { tags: ['security'], 'security-severity': '5.0' } }]
      }
    },
    automationDetails: { id: category },
    results
  }
}

const baseLog = (): Log => ({ version: '2.1.0', runs: [run()] })
const check = (log: Log | string) => () => expectUploadable(typeof log === 'string' ? log : JSON.stringify(log), { fingerprintKey: KEY })
const firstResult = (log: Log) => log.runs[0]!.results![0]!
const firstRule = (log: Log) => log.runs[0]!.tool.driver.rules![0]!

/** The base log with one change: each case breaks one rule. */
function broken(change: (log: Log) => void): Log {
  const log = baseLog()
  change(log)
  return log
}

it('passes a log that keeps every rule', () => {
  expect(check(baseLog())).not.toThrow()
})

describe.each<[rule: string, log: () => Log | string, failure: RegExp]>([
  ['U1 (JSON)', () => JSON.stringify(baseLog()).slice(0, -1), /JSON/],
  [
    'U2 (the SARIF 2.1.0 schema)',
    () => broken((log) => Object.assign(firstResult(log), { level: 'severe' })),
    /level must be equal to one of the allowed values/
  ],
  ['U3 (a results array in every run)', () => broken((log) => delete log.runs[0]!.results), /no results array/],
  [
    'U4 (at most 20 runs)',
    () => ({ version: '2.1.0', runs: Array.from({ length: 21 }, (_, index) => run(`s4e/type${index}/`)) }),
    /more runs than GitHub takes in one file \(U4\)/
  ],
  [
    'U5 (at most 25,000 results a run)',
    () => ({
      version: '2.1.0',
      runs: [
        run(
          's4e/quick/',
          Array.from({ length: GITHUB_SARIF_LIMITS.resultsPerRun + 1 }, (_, index) => result(index))
        )
      ]
    }),
    /too many results/
  ],
  [
    'U6 (at most 25,000 rules a run)',
    () =>
      broken((log) => {
        log.runs[0]!.tool.driver.rules = Array.from({ length: GITHUB_SARIF_LIMITS.rulesPerRun + 1 }, (_, index) => ({ id: `s4e/rule-${index}` }))
        log.runs[0]!.tool.driver.rules[0]!.id = 's4e/open-port'
      }),
    /too many rules/
  ],
  [
    'U7 (at most 100 extensions a run)',
    () => broken((log) => (log.runs[0]!.tool.extensions = Array.from({ length: 101 }, (_, index) => ({ name: `extension-${index}` })))),
    /too many extensions/
  ],
  [
    'U8 (at most 1,000 locations a result)',
    () =>
      broken((log) => {
        const location = firstResult(log).locations![0]!
        firstResult(log).locations = Array.from({ length: 1001 }, (_, index) => ({ ...location, id: index }))
      }),
    /too many locations/
  ],
  [
    'U9 (at most 10,000 thread-flow locations a result)',
    () =>
      broken((log) => {
        const locations = Array.from({ length: 10_001 }, (_, index) => ({ index }))
        firstResult(log).codeFlows = [{ threadFlows: [{ locations }] }]
      }),
    /too many thread flow locations/
  ],
  [
    'U10 (at most 20 tags a rule)',
    () => broken((log) => (firstRule(log).properties!.tags = Array.from({ length: 21 }, (_, index) => `tag-${index}`))),
    /too many tags/
  ],
  [
    'U11 (under 10 MB uploaded)',
    // Base64 of random bytes hardly compresses: 11 MB of it is more than 10 MB once gzipped and sent as Base64.
    () => broken((log) => (firstResult(log).properties!['blob'] = randomBytes(8_250_000).toString('base64'))),
    /the upload is over 10 MB \(U11\)/
  ],
  [
    'U12 (runs unique by tool and category)',
    () => ({ version: '2.1.0', runs: [run(), run('s4e/quick/', [result(7)])] }),
    /two runs share tool and category \(U12\)/
  ],
  ['U13 (every run names its category)', () => broken((log) => delete log.runs[0]!.automationDetails), /no category ending in \//],
  [
    'U14 (categories distinct once folded)',
    () => ({ version: '2.1.0', runs: [run('s4e/web-app/'), run('s4e/Web_App/')] }),
    /two runs fold to one category and tool \(U14\)/
  ],
  ['U15 (a tool name)', () => broken((log) => (log.runs[0]!.tool.driver.name = ' ')), /no tool name/],
  [
    'U16 (security-severity a number from 0 to 10)',
    () => broken((log) => (firstRule(log).properties!['security-severity'] = 'high')),
    /security-severity high/
  ],
  ['U16 (ruleIndex points at ruleId)', () => broken((log) => (firstResult(log).ruleIndex = 3)), /ruleIndex does not point at ruleId/],
  [
    'U17 (a relative artifact location)',
    () => broken((log) => (firstResult(log).locations![0]!.physicalLocation!.artifactLocation!.uri = 'https://app.example.com/')),
    /is not a relative path/
  ],
  ['U17 (a start line)', () => broken((log) => delete firstResult(log).locations![0]!.physicalLocation!.region), /no startLine/],
  ['U18 (a fingerprint of our own)', () => broken((log) => (firstResult(log).partialFingerprints = {})), /no s4eFinding\/v2 fingerprint/],
  ['U18 (no line hash)', () => broken((log) => (firstResult(log).partialFingerprints!['primaryLocationLineHash'] = 'abc:1')), /a line hash/],
  [
    'distinct findings, distinct fingerprints',
    () => broken((log) => (log.runs[0]!.results![1]!.partialFingerprints = { [KEY]: hex(1) })),
    /fingerprints repeat/
  ]
])('%s', (_rule, log, failure) => {
  it('fails a log that breaks it', () => {
    expect(check(log())).toThrow(failure)
  })
})
