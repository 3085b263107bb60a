// Bad input, across all four bundles: each row fails the step with the one sentence it names, and
// not a single request reaches the emulator (the token exchange included).
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../dev/emulator/server.js'
import { findLeaks } from '../../dev/harness/leak-check.js'
import { runStep } from '../../dev/harness/run-step.js'

const AUTH = 'actions/s4e-auth'
const ADD = 'actions/s4e-add-assets'
const SCAN = 'actions/s4e-trigger-scan'
const PIPELINE = '.'

let emulator: Emulator
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 })
})
afterAll(async () => {
  await emulator.stop()
})

const requestTotal = () => Object.values(emulator.state().requestCounts).reduce((sum, n) => sum + n, 0)

/** A workspace holding the files some rows point at: a folder, a file, a symlink out, bad JSON. */
function workspaceWithFiles(): string {
  const workspace = mkdtempSync(path.join(tmpdir(), 's4e-bad-'))
  mkdirSync(path.join(workspace, 'out'))
  writeFileSync(path.join(workspace, 'plain.txt'), 'x')
  writeFileSync(path.join(workspace, 'comments.txt'), '# nothing yet\n\n')
  writeFileSync(path.join(workspace, 'broken.json'), '[ "a.example.com", ')
  writeFileSync(path.join(workspace, 'numbers.json'), '[1, 2]')
  symlinkSync('/etc/hostname', path.join(workspace, 'outside.txt'))
  return workspace
}

type Inputs = Record<string, string>
interface Row {
  action: string
  /** What is wrong, as the row's name. */
  input: string
  inputs: Inputs
  sentence: RegExp
  env?: Record<string, string>
  /** The credentials a row starts from; `none` for rows about credentials themselves. */
  credentials?: 'api-key' | 'client' | 'none'
}

const ROWS: Row[] = [
  // s4e-auth
  { action: AUTH, input: 'no credentials', credentials: 'none', inputs: {}, sentence: /^No S4E credentials were given: set client-id and client-secret/ },
  {
    action: AUTH,
    input: 'client-id without client-secret',
    credentials: 'none',
    inputs: { 'client-id': 'demo-client' },
    sentence: /^The client-id input was given without client-secret/
  },
  {
    action: AUTH,
    input: 'client-secret without client-id',
    credentials: 'none',
    inputs: { 'client-secret': 'a-secret-0042' },
    sentence: /^The client-secret input was given without client-id/
  },
  {
    action: AUTH,
    input: 'client credentials and api-key',
    credentials: 'client',
    inputs: { 'api-key': 'key-0042-xyz' },
    sentence: /^Both client credentials .* pass one kind only\.$/
  },
  {
    action: AUTH,
    input: 'an unknown scope',
    credentials: 'client',
    inputs: { scope: 'assets:write scans:everything' },
    sentence: /^The scope input names unknown scope "scans:everything"/
  },
  {
    action: AUTH,
    input: 'api-url over http:// to a remote host',
    inputs: { 'api-url': 'http://api.s4e.io' },
    sentence: /^The api-url input uses http:\/\/ for api\.s4e\.io, which would send secrets in clear text/
  },
  {
    action: AUTH,
    input: 'api-url that is not a URL',
    inputs: { 'api-url': 'https//api.s4e.io' },
    sentence: /^The api-url input "https\/\/api\.s4e\.io" is not a valid URL/
  },
  {
    action: AUTH,
    input: 'api-url with a password',
    inputs: { 'api-url': 'https://user:pw@api.s4e.io' },
    sentence: /^The api-url input must not contain a user name or password/
  },
  {
    action: AUTH,
    input: 'api-url with a query',
    inputs: { 'api-url': 'https://api.s4e.io/?x=1' },
    sentence: /^The api-url input must not contain a query string or fragment/
  },
  {
    action: AUTH,
    input: 'api-url with another scheme',
    inputs: { 'api-url': 'ftp://api.s4e.io' },
    sentence: /^The api-url input must be an https:\/\/ URL, not ftp:\/\/\.$/
  },
  {
    action: AUTH,
    input: 'token-url over http:// to a remote host',
    credentials: 'client',
    inputs: { 'token-url': 'http://auth.example.com/oauth/token' },
    sentence: /^The token-url input uses http:\/\/ for auth\.example\.com/
  },
  {
    action: AUTH,
    input: 'a multi-line api-key',
    credentials: 'none',
    inputs: { 'api-key': 'key-line-one\nkey-line-two' },
    sentence: /^The api-key input holds a line break or another control character, which cannot be sent in an HTTP header/
  },
  {
    action: AUTH,
    input: 'export-env that is not a boolean',
    inputs: { 'export-env': 'maybe' },
    sentence: /^The export-env input must be true or false, not "maybe"\.$/
  },
  {
    action: AUTH,
    input: 'S4E_API_URL that is not a URL',
    credentials: 'none',
    inputs: { 'api-key': 'key-0042-xyz', 'api-url': '' },
    env: { S4E_API_URL: 'not a url' },
    sentence: /^The S4E_API_URL variable "not a url" is not a valid URL/
  },

  // s4e-add-assets
  { action: ADD, input: 'neither assets nor assets-file', inputs: {}, sentence: /^Neither assets nor assets-file was given/ },
  {
    action: ADD,
    input: 'an assets-file of comments only',
    inputs: { 'assets-file': 'comments.txt' },
    sentence: /^The assets and assets-file inputs hold no asset entries/
  },
  {
    action: ADD,
    input: 'an invalid asset entry',
    inputs: { assets: 'app.example.com intranet' },
    sentence: /^1 asset entry is invalid \(each is listed above with its reason\), so nothing was sent/
  },
  {
    action: ADD,
    input: 'a description that is too short',
    inputs: { assets: 'app.example.com', description: 'ab' },
    sentence: /^The description input has 2 characters but S4E accepts 3 to 300/
  },
  {
    action: ADD,
    input: 'an unknown source',
    inputs: { assets: 'app.example.com', source: 'github' },
    sentence: /^The source input "github" is not a source S4E knows/
  },
  {
    action: ADD,
    input: 'batch-size 0',
    inputs: { assets: 'app.example.com', 'batch-size': '0' },
    sentence: /^The batch-size input must be a whole number from 1 to 1000, not "0"\.$/
  },
  {
    action: ADD,
    input: 'batch-size 1001',
    inputs: { assets: 'app.example.com', 'batch-size': '1001' },
    sentence: /^The batch-size input must be a whole number from 1 to 1000/
  },
  {
    action: ADD,
    input: 'batch-size that is not a number',
    inputs: { assets: 'app.example.com', 'batch-size': 'ten' },
    sentence: /^The batch-size input must be a whole number/
  },
  {
    action: ADD,
    input: 'an unknown on-invalid',
    inputs: { assets: 'app.example.com', 'on-invalid': 'ignore' },
    sentence: /^The on-invalid input must be fail or skip, not "ignore"\.$/
  },
  {
    action: ADD,
    input: 'an assets-file that does not exist',
    inputs: { 'assets-file': 'missing.txt' },
    sentence: /^The assets-file input "missing\.txt" names no existing file/
  },
  { action: ADD, input: 'an assets-file that is a folder', inputs: { 'assets-file': 'out' }, sentence: /^The assets-file input "out" is a folder/ },
  {
    action: ADD,
    input: 'an assets-file that leads outside the workspace',
    inputs: { 'assets-file': 'outside.txt' },
    sentence: /^The assets-file input "outside\.txt" resolves to \/etc\/hostname, outside the workspace \(GITHUB_WORKSPACE\) and RUNNER_TEMP/
  },
  {
    action: ADD,
    input: 'an assets-file of broken JSON',
    inputs: { 'assets-file': 'broken.json' },
    sentence: /^The assets file broken\.json starts with "\[" so it was read as a JSON array, but it is not valid JSON: fix the JSON/
  },
  {
    action: ADD,
    input: 'an assets-file of numbers',
    inputs: { 'assets-file': 'numbers.json' },
    sentence: /^The assets file numbers\.json must be a JSON array of strings, but item 1 is the number 1/
  },
  {
    action: ADD,
    input: 'a multi-line token',
    credentials: 'none',
    inputs: { assets: 'app.example.com', token: 'tok-one\ntok-two' },
    sentence: /^The token input holds a line break/
  },
  {
    action: ADD,
    input: 'an api-url other than the one that issued S4E_ACCESS_TOKEN',
    credentials: 'none',
    inputs: { assets: 'app.example.com', 'api-url': 'https://api.s4e.io' },
    env: { S4E_ACCESS_TOKEN: 'env-token-0042-abcdef', S4E_API_URL: 'https://api.onprem.example.com' },
    sentence: /^The api-url input is https:\/\/api\.s4e\.io, but the token in S4E_ACCESS_TOKEN was issued by https:\/\/api\.onprem\.example\.com/
  },
  {
    action: ADD,
    input: 'a multi-line S4E_ACCESS_TOKEN',
    credentials: 'none',
    inputs: { assets: 'app.example.com' },
    env: { S4E_ACCESS_TOKEN: 'env-one\nenv-two' },
    sentence: /^S4E_ACCESS_TOKEN holds a line break/
  },
  {
    action: ADD,
    input: 'a token-expires-at that is not an instant',
    credentials: 'none',
    inputs: { assets: 'app.example.com', token: 'tok-0042-abcdef', 'token-expires-at': 'tomorrow' },
    sentence: /^The token-expires-at input "tomorrow" is not an ISO 8601 instant/
  },

  // s4e-trigger-scan
  { action: SCAN, input: 'no asset', inputs: {}, sentence: /^No asset to scan was given/ },
  { action: SCAN, input: 'asset and asset-id', inputs: { asset: 'a.example.com', 'asset-id': 'a-1' }, sentence: /^Both asset and asset-id were given/ },
  {
    action: SCAN,
    input: 'a scan-type that is not a name',
    inputs: { asset: 'a.example.com', 'scan-type': 'quick scan!' },
    sentence: /^The scan-type input "quick scan!" is not a scan type name/
  },
  {
    action: SCAN,
    input: 'scan-options that are not JSON',
    inputs: { asset: 'a.example.com', 'scan-options': '{ports: 1}' },
    sentence: /^The scan-options input is not valid JSON/
  },
  {
    action: SCAN,
    input: 'scan-options that are an array',
    inputs: { asset: 'a.example.com', 'scan-options': '[1]' },
    sentence: /^The scan-options input must be a JSON object/
  },
  {
    action: SCAN,
    input: 'an unknown priority',
    inputs: { asset: 'a.example.com', priority: 'urgent' },
    sentence: /^The priority input must be .*, not "urgent"\.$/
  },
  {
    action: SCAN,
    input: 'an unknown fail-on',
    inputs: { asset: 'a.example.com', 'fail-on': 'severe' },
    sentence: /^The fail-on input must be .*, not "severe"\.$/
  },
  {
    action: SCAN,
    input: 'timeout-minutes 0',
    inputs: { asset: 'a.example.com', 'timeout-minutes': '0' },
    sentence: /^The timeout-minutes input must be a number of minutes above 0/
  },
  {
    action: SCAN,
    input: 'poll-interval below a second',
    inputs: { asset: 'a.example.com', 'poll-interval': '0.5' },
    sentence: /^The poll-interval input must be a number of seconds of at least 1/
  },
  {
    action: SCAN,
    input: 'wait that is not a boolean',
    inputs: { asset: 'a.example.com', wait: 'sometimes' },
    sentence: /^The wait input must be true or false/
  },
  {
    action: SCAN,
    input: 'fail-on-scan-error that is not a boolean',
    inputs: { asset: 'a.example.com', 'fail-on-scan-error': 'perhaps' },
    sentence: /^The fail-on-scan-error input must be true or false/
  },
  {
    action: SCAN,
    input: 'an unknown on-missing-credentials',
    inputs: { asset: 'a.example.com', 'on-missing-credentials': 'ignore' },
    sentence: /^The on-missing-credentials input must be fail or skip/
  },
  {
    action: SCAN,
    input: 'a findings-file that is a folder',
    inputs: { asset: 'a.example.com', 'findings-file': 'out' },
    sentence: /^The findings-file input names \S+\/out, which cannot be written because it is a folder/
  },
  {
    action: SCAN,
    input: 'a sarif-file below a regular file',
    inputs: { asset: 'a.example.com', 'sarif-file': 'plain.txt/s4e.sarif' },
    sentence: /^The sarif-file input names \S+\/plain\.txt\/s4e\.sarif, which cannot be written because part of the path is a file, not a folder/
  },
  {
    action: SCAN,
    input: 'a multi-line api-key',
    credentials: 'none',
    inputs: { asset: 'a.example.com', 'api-key': 'key-one\r\nkey-two' },
    sentence: /^The api-key input holds a line break/
  },

  // one-step pipeline
  { action: PIPELINE, input: 'nothing to do', inputs: { scan: 'false' }, sentence: /^There is nothing to do/ },
  {
    action: PIPELINE,
    input: 'scan that is not a boolean',
    inputs: { assets: 'app.example.com', scan: 'later' },
    sentence: /^The scan input must be true or false/
  },
  { action: PIPELINE, input: 'an invalid asset entry', inputs: { assets: '999.1.1.1', scan: 'false' }, sentence: /^1 asset entry is invalid/ },
  {
    action: PIPELINE,
    input: 'an assets-file that leads outside the workspace',
    inputs: { 'assets-file': 'outside.txt' },
    sentence: /^The assets-file input "outside\.txt" resolves to \/etc\/hostname, outside the workspace/
  },
  {
    action: PIPELINE,
    input: 'a findings-file that is a folder',
    inputs: { assets: 'app.example.com', 'findings-file': 'out' },
    sentence: /^The findings-file input names \S+\/out, which cannot be written because it is a folder/
  },
  {
    action: PIPELINE,
    input: 'a sarif-file below a regular file',
    inputs: { assets: 'app.example.com', 'sarif-file': 'plain.txt/x.sarif' },
    sentence: /^The sarif-file input names \S+, which cannot be written because part of the path is a file/
  },
  {
    action: PIPELINE,
    input: 'a multi-line api-key',
    credentials: 'none',
    inputs: { assets: 'app.example.com', 'api-key': 'key-one\nkey-two' },
    sentence: /^The api-key input holds a line break/
  },
  {
    action: PIPELINE,
    input: 'an unknown scope',
    credentials: 'client',
    inputs: { assets: 'app.example.com', scope: 'everything' },
    sentence: /^The scope input names unknown scope "everything"/
  }
]

function credentialInputs(kind: Row['credentials']): Inputs {
  if (kind === 'none') return {}
  if (kind === 'client') return { 'client-id': emulator.credentials.clientId, 'client-secret': emulator.credentials.clientSecret }
  return { 'api-key': emulator.credentials.apiKey }
}

describe('bad input is refused before any request, in one sentence', () => {
  it('has at least 40 rows across all four actions', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(40)
    expect(new Set(ROWS.map((row) => row.action))).toEqual(new Set([AUTH, ADD, SCAN, PIPELINE]))
  })

  it.each(ROWS.map((row) => [`${row.action === PIPELINE ? 'pipeline' : row.action.split('/')[1]}: ${row.input}`, row] as const))('%s', async (_name, row) => {
    const before = requestTotal()
    const inputs = { 'api-url': emulator.url, ...credentialInputs(row.credentials), ...row.inputs }
    const result = await runStep({ action: row.action, workspace: workspaceWithFiles(), inputs, env: row.env })
    expect(result.exitCode, result.log).toBe(1)
    // The failure is the last error (invalid asset entries are annotated above it).
    const failure = result.errors.at(-1) ?? ''
    expect(failure).toMatch(row.sentence)
    expect(failure).not.toMatch(/\.\.$/)
    expect(requestTotal(), 'requests that reached the emulator').toBe(before)
    const secrets = [
      emulator.credentials.clientSecret,
      emulator.credentials.apiKey,
      ...Object.values(row.inputs).filter((value) => /key|tok|secret/.test(value))
    ]
    expect(findLeaks(result, secrets)).toEqual([])
  })
})
