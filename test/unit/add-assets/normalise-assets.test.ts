import { describe, expect, it } from 'vitest'
import { normaliseAssets } from '../../../src/add-assets/normalise-asset.js'
import { parseAssetList } from '../../../src/add-assets/parse-asset-list.js'

const LARGE_LIST_SIZE = 10_000

describe('normaliseAssets', () => {
  it('merges entries that normalise to the same asset, keeping first-seen order', () => {
    const result = normaliseAssets([
      'https://App.Example.com/x',
      '192.0.2.1',
      'app.example.com.',
      'b.example',
      'APP.EXAMPLE.COM:443',
      'http://192.0.2.1:8080/',
      '::ffff:192.0.2.1',
      'bücher.example',
      'xn--bcher-kva.example',
      '2001:DB8:0:0:0:0:0:1',
      '[2001:db8::1]:443'
    ])
    expect(result).toEqual({
      assets: ['app.example.com', '192.0.2.1', 'b.example', 'xn--bcher-kva.example', '2001:db8::1'],
      invalid: []
    })
  })

  it('reports each invalid entry once, in input order, with its reason', () => {
    const result = normaliseAssets(['999.1.1.1', 'ok.example', 'intranet', '999.1.1.1', '198.51.100.7/24'])
    expect(result.assets).toEqual(['ok.example'])
    expect(result.invalid.map((entry) => entry.input)).toEqual(['999.1.1.1', 'intranet', '198.51.100.7/24'])
    expect(result.invalid[0]!.reason).toContain('999 is not an octet')
    expect(result.invalid[2]!.reason).toContain('198.51.100.0/24')
    expect(Object.keys(result.invalid[0]!).sort()).toEqual(['input', 'reason'])
  })

  it('skips blank entries instead of reporting them', () => {
    expect(normaliseAssets(['', '   ', 'a.example', '\t'])).toEqual({ assets: ['a.example'], invalid: [] })
  })

  it('returns empty lists for no entries', () => {
    expect(normaliseAssets([])).toEqual({ assets: [], invalid: [] })
  })

  it('works on the output of parseAssetList', () => {
    const text = '# web\nhttps://www.example.com/, api.example.com # API\n*.example.com\n198.51.100.0/24 www.example.com'
    expect(normaliseAssets(parseAssetList(text))).toEqual({
      assets: ['www.example.com', 'api.example.com', '198.51.100.0/24'],
      invalid: [{ input: '*.example.com', reason: expect.stringContaining('wildcard') }]
    })
  })

  it(`normalises ${LARGE_LIST_SIZE.toLocaleString('en')} entries with duplicates and invalid ones`, () => {
    const hosts = Array.from({ length: LARGE_LIST_SIZE }, (_, i) => `host-${i}.example.com`)
    const addresses = Array.from({ length: LARGE_LIST_SIZE }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`)
    const entries = [
      ...hosts.map((host) => `https://${host.toUpperCase()}/path`),
      ...addresses,
      // every host again in another spelling, and every 100th an invalid twin
      ...hosts.map((host) => `${host}.`),
      ...hosts.filter((_, i) => i % 100 === 0).map((host) => `*.${host}`)
    ]

    const result = normaliseAssets(entries)

    expect(result.assets).toHaveLength(2 * LARGE_LIST_SIZE)
    expect(result.assets.slice(0, LARGE_LIST_SIZE)).toEqual(hosts)
    expect(result.assets.slice(LARGE_LIST_SIZE)).toEqual(addresses)
    expect(result.invalid).toHaveLength(LARGE_LIST_SIZE / 100)
    expect(result.invalid[0]).toEqual({ input: '*.host-0.example.com', reason: expect.stringContaining('wildcard') })
  })
})
