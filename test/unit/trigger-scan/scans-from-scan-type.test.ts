// The scan type of a scans entry: read when present, refused in one sentence when it is not a scan type name.
import { describe, expect, it } from 'vitest'
import { scanRefsOfFile } from '../../../src/trigger-scan/scans-from.js'

const file = (scanType: unknown) => JSON.stringify({ scans: [{ asset: 'app.example.com', 'asset-id': 'a-1', 'scan-id': 's-1', 'scan-type': scanType }] })

describe('the scan-type of a scans entry', () => {
  it('is read lower-cased, and left out when the entry has none (a file of an older step)', () => {
    expect(scanRefsOfFile('f.json', file(' SSL '))).toEqual([{ scanId: 's-1', assetId: 'a-1', assetName: 'app.example.com', scanType: 'ssl' }])
    expect(scanRefsOfFile('f.json', file(undefined))[0]).not.toHaveProperty('scanType')
    expect(scanRefsOfFile('f.json', file(''))[0]).not.toHaveProperty('scanType')
  })

  it.each([
    ['<img src=x>', '<img src=x>'],
    [42, 'a number'],
    ['x'.repeat(65), `${'x'.repeat(100)}`.slice(0, 65)]
  ])('refuses %j in one sentence naming the file and the entry', (scanType, cause) => {
    expect(() => scanRefsOfFile('scans/leg.json', file(scanType))).toThrow(
      `Entry 1 of the scans file scans/leg.json names a scan-type that is not a scan type name (${cause}): name files written by an earlier s4e-trigger-scan step, unchanged.`
    )
  })
})
