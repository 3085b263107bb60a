// docs/design.md, "What is bounded": an answer is read up to 32 MiB after decoding and parsed up to a depth of 64.
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { deflateSync, gzipSync } from 'node:zlib'
import nock from 'nock'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { BodyLimitError, MAX_BODY_BYTES, MAX_JSON_VALUES, jsonRefusalOf } from '../../../src/core/bounded-body.js'
import { S4EHttp } from '../../../src/core/s4e-http.js'
import { fakeTiming } from '../support/fake-timing.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

const policy = { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 8000, maxTotalMs: 60_000 }

beforeAll(() => {
  nock.disableNetConnect()
  nock.enableNetConnect('127.0.0.1')
})

/** A loopback server answering every request with `answer`; counts the requests and the bytes it managed to send. */
async function withServer(answer: (response: ServerResponse) => void, body: (url: string, requests: () => number) => Promise<void>): Promise<void> {
  let requests = 0
  const server = createServer((_request, response) => {
    requests++
    answer(response)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    await body(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, () => requests)
  } finally {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
}

const http = () => new S4EHttp({ timing: fakeTiming(), retryPolicy: policy })

/** Writes `chunk` `times` times, respecting back-pressure, and stops when the client goes away. */
function stream(response: ServerResponse, chunk: Buffer, times: number): void {
  let sent = 0
  const more = () => {
    while (sent < times && !response.destroyed) {
      sent++
      if (!response.write(chunk)) return void response.once('drain', more)
    }
    response.end()
  }
  response.on('error', () => undefined)
  more()
}

describe('reading an answer within the body limit', () => {
  it('stops reading past 32 MiB, names the request and the limit, and does not retry', async () => {
    const chunk = Buffer.from(`"${'x'.repeat(1024 * 1024 - 3)}",`)
    await withServer(
      (response) => {
        response.writeHead(200, { 'content-type': 'application/json' })
        response.write('[')
        stream(response, chunk, 40)
      },
      async (url, requests) => {
        const error = await http()
          .send({ method: 'GET', url: `${url}/api/findings`, idempotent: true })
          .catch((e: unknown) => e)
        expect(error).toBeInstanceOf(BodyLimitError)
        expect((error as Error).message).toMatch(/^The S4E API's answer to GET \/api\/findings is larger than 32 MiB \(counted after decoding\)/)
        expect(requests()).toBe(1)
      }
    )
  })

  it('counts a gzip bomb after decoding and stops it early', async () => {
    // 1 MiB of zeros compresses to about a kilobyte; 512 members decode to 512 MiB.
    const member = gzipSync(Buffer.alloc(1024 * 1024))
    await withServer(
      (response) => {
        response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' })
        stream(response, member, 512)
      },
      async (url, requests) => {
        const error = await http()
          .send({ method: 'GET', url: `${url}/api/findings`, idempotent: true })
          .catch((e: unknown) => e)
        expect(error).toBeInstanceOf(BodyLimitError)
        expect((error as Error).message).toContain('larger than 32 MiB (counted after decoding)')
        expect(requests()).toBe(1)
      }
    )
  })

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync]
  ])('decodes a %s answer', async (encoding, encode) => {
    await withServer(
      (response) => {
        response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding }).end(encode(Buffer.from('{"data":{"ok":1}}')))
      },
      async (url) => {
        await expect(http().send({ method: 'GET', url: `${url}/api/x`, idempotent: true })).resolves.toMatchObject({ body: { data: { ok: 1 } } })
      }
    )
  })

  it('refuses an encoding it cannot decode, and one that is broken, naming the request', async () => {
    await withServer(
      (response) => {
        response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'br' }).end('xx')
      },
      async (url) => {
        await expect(http().send({ method: 'GET', url: `${url}/api/x`, idempotent: true })).rejects.toThrow(
          "The S4E API's answer to GET /api/x could not be decoded (Content-Encoding br): check that api-url points at the S4E API, not a proxy that re-encodes answers."
        )
      }
    )
    await withServer(
      (response) => {
        response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end('not gzip at all')
      },
      async (url) => {
        await expect(http().send({ method: 'GET', url: `${url}/api/x`, idempotent: true })).rejects.toThrow(/could not be decoded \(Content-Encoding gzip\)/)
      }
    )
  })

  it('reads an answer of exactly the limit', async () => {
    const body = `"${'y'.repeat(MAX_BODY_BYTES - 2)}"`
    await withServer(
      (response) => {
        response.writeHead(200, { 'content-type': 'application/json' }).end(body)
      },
      async (url) => {
        const answer = await http().send({ method: 'GET', url: `${url}/api/x`, idempotent: true })
        expect((answer.body as string).length).toBe(MAX_BODY_BYTES - 2)
      }
    )
  })
})

describe('JSON nesting', () => {
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`

  it('parses 64 levels and refuses 65, naming the request and the limit, without retrying', async () => {
    let body = nested(64)
    await withServer(
      (response) => {
        response.writeHead(200, { 'content-type': 'application/json' }).end(body)
      },
      async (url, requests) => {
        await expect(http().send({ method: 'GET', url: `${url}/api/findings`, idempotent: true })).resolves.toBeDefined()
        body = nested(65)
        await expect(http().send({ method: 'GET', url: `${url}/api/findings`, idempotent: true })).rejects.toThrow(
          "The S4E API's answer to GET /api/findings nests JSON deeper than 64 levels, so the step did not read it: check that api-url points at the S4E API, and report the answer to S4E support if it does."
        )
        expect(requests()).toBe(2)
      }
    )
  })

  const deep = (text: string, maxDepth: number) => jsonRefusalOf(text, { maxDepth, maxValues: MAX_JSON_VALUES })?.kind === 'too-deep'

  it('counts brackets outside strings only, escapes included', () => {
    expect(deep(`{"a":"${'['.repeat(100)}\\"${'{'.repeat(100)}"}`, 2)).toBe(false)
    expect(deep('[[[]]]', 2)).toBe(true)
    expect(deep('[[],[],[]]', 2)).toBe(false)
    expect(deep('['.repeat(50_000_000), 64)).toBe(true)
  })
})

describe('JSON values', () => {
  /** How many values the scan counts: the smallest limit that lets the text through. */
  function countedValues(text: string): number {
    let limit = 1
    while (jsonRefusalOf(text, { maxDepth: 64, maxValues: limit }) !== undefined) limit++
    return limit
  }

  it.each([
    ['0', 1],
    ['[]', 1],
    ['{}', 1],
    ['[0]', 2],
    [' [ 0 , 1 ] ', 3],
    ['[{},{},{}]', 4],
    ['[[],[0]]', 4],
    ['{"a":1,"b":[true,null,"x"]}', 6],
    ['{"a,b":"[{,}]"}', 2],
    ['{"a\\"":","}', 2],
    ['{"data":[{"id":"f-1","severity":"high","location":{"url":"/a","port":443}}],"meta":{"total":1}}', 10]
  ] as const)('counts the values of %s as %i, strings and escapes skipped', (text, values) => {
    expect(countedValues(text)).toBe(values)
    expect(JSON.parse(text)).toBeDefined()
  })

  it('refuses ten million empty objects before parsing, and lets a page of 100 real findings through', async () => {
    const finding = (index: number) => ({
      id: `f-${index}`,
      scan_id: 's-1',
      title: `Finding ${index}`,
      severity: 'high',
      status: 'open',
      location: { url: `https://app.example.com/${index}`, parameter: 'q' },
      references: ['https://cwe.mitre.org/data/definitions/79.html'],
      cvss: 7.5
    })
    expect(jsonRefusalOf(`{"data":[${'{},'.repeat(10_000_000)}{}]}`)).toEqual({ kind: 'too-many-values' })
    expect(jsonRefusalOf(JSON.stringify({ data: Array.from({ length: 100 }, (_, index) => finding(index)) }))).toBeUndefined()
    let body = `[${'0,'.repeat(MAX_JSON_VALUES - 2)}0]`
    await withServer(
      (response) => {
        response.writeHead(200, { 'content-type': 'application/json' }).end(body)
      },
      async (url, requests) => {
        await expect(http().send({ method: 'GET', url: `${url}/api/findings`, idempotent: true })).resolves.toBeDefined()
        body = `[${'0,'.repeat(MAX_JSON_VALUES - 1)}0]`
        await expect(http().send({ method: 'GET', url: `${url}/api/findings`, idempotent: true })).rejects.toThrow(
          "The S4E API's answer to GET /api/findings holds more than 1,000,000 JSON values, so the step did not read it: check that api-url points at the S4E API and that it honours per_page (the step asks for 100 a page), and report the answer to S4E support if it does."
        )
        expect(requests()).toBe(2)
      }
    )
  })
})
