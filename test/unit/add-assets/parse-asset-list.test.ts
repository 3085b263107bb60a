import { describe, expect, it } from 'vitest'
import { parseAssetList, parseAssetsFile } from '../../../src/add-assets/parse-asset-list.js'

describe('parseAssetList', () => {
  it('splits on newlines, commas, spaces and tabs, in order', () => {
    expect(parseAssetList('a.example, b.example\nc.example\td.example  e.example,,f.example')).toEqual([
      'a.example',
      'b.example',
      'c.example',
      'd.example',
      'e.example',
      'f.example'
    ])
  })

  it('handles Windows and old Mac line endings', () => {
    expect(parseAssetList('a.example\r\nb.example\rc.example')).toEqual(['a.example', 'b.example', 'c.example'])
  })

  it('skips blank and whitespace-only lines', () => {
    expect(parseAssetList('\n\n  a.example  \n   \n\t\nb.example\n\n')).toEqual(['a.example', 'b.example'])
  })

  it('drops a whole-line comment', () => {
    expect(parseAssetList('# production hosts\na.example\n  # indented comment\nb.example')).toEqual(['a.example', 'b.example'])
  })

  it('drops a comment that starts after entries on the same line', () => {
    expect(parseAssetList('a.example, b.example # the old ones, c.example\nd.example#no space')).toEqual(['a.example', 'b.example', 'd.example'])
  })

  it('ends a comment at the line break', () => {
    expect(parseAssetList('# comment, with.commas\nafter.example')).toEqual(['after.example'])
  })

  it('cuts a URL at its fragment, which still leaves the host', () => {
    expect(parseAssetList('https://app.example/#top')).toEqual(['https://app.example/'])
  })

  it('returns nothing for empty, blank or comment-only text', () => {
    expect(parseAssetList('')).toEqual([])
    expect(parseAssetList(' \n\t, ,\n')).toEqual([])
    expect(parseAssetList('# only a comment')).toEqual([])
  })

  it('keeps entries it cannot judge for normaliseAssets to report', () => {
    expect(parseAssetList('999.1.1.1 *.example.com')).toEqual(['999.1.1.1', '*.example.com'])
  })
})

describe('parseAssetsFile', () => {
  it('reads the line format when the file does not start with "["', () => {
    expect(parseAssetsFile('# assets\na.example\n198.51.100.0/24, 2001:db8::/32\n')).toEqual(['a.example', '198.51.100.0/24', '2001:db8::/32'])
  })

  it('reads a JSON array of strings as one entry per item', () => {
    expect(parseAssetsFile('["a.example", "https://b.example/x", "192.0.2.1"]')).toEqual(['a.example', 'https://b.example/x', '192.0.2.1'])
  })

  it('detects JSON after leading whitespace and a byte-order mark', () => {
    expect(parseAssetsFile('\uFEFF\n  [\n  "a.example"\n]\n')).toEqual(['a.example'])
  })

  it('does not split JSON items on separators or treat "#" as a comment', () => {
    expect(parseAssetsFile('["a.example b.example", "https://c.example/#x"]')).toEqual(['a.example b.example', 'https://c.example/#x'])
  })

  it('reads an empty JSON array as no entries', () => {
    expect(parseAssetsFile('[]')).toEqual([])
  })

  it('explains malformed JSON in one sentence with the way out', () => {
    expect(() => parseAssetsFile('["a.example", "b.example",]')).toThrow(
      /^The assets file starts with "\[" so it was read as a JSON array, but it is not valid JSON \(.+\): fix the JSON or list one asset per line instead\.$/
    )
  })

  it('keeps the JSON parser error as the cause', () => {
    try {
      parseAssetsFile('[a.example]')
      expect.unreachable()
    } catch (error) {
      expect((error as Error).cause).toBeInstanceOf(SyntaxError)
    }
  })

  it('names the item that is not a string, and what it is', () => {
    expect(() => parseAssetsFile('["a.example", 42]')).toThrow(
      'The assets file must be a JSON array of strings, but item 2 is the number 42: put every asset in quotes, e.g. ["example.com", "192.0.2.1"].'
    )
    expect(() => parseAssetsFile('[null]')).toThrow('item 1 is null')
    expect(() => parseAssetsFile('[{"name": "a.example"}]')).toThrow('item 1 is an object')
    expect(() => parseAssetsFile('[["a.example"]]')).toThrow('item 1 is an array')
    expect(() => parseAssetsFile('["a.example", true]')).toThrow('item 2 is the boolean true')
  })

  it('names the file the caller gives in its messages', () => {
    expect(() => parseAssetsFile('[1]', 'deploy/assets.json')).toThrow(/^deploy\/assets\.json must be a JSON array of strings/)
    expect(() => parseAssetsFile('[', 'deploy/assets.json')).toThrow(/^deploy\/assets\.json starts with "\["/)
  })
})
