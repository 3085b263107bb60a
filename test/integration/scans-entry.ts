/** One entry of the scans output (and of a scans file), as the bundle tests read it. */
export interface ScansEntry {
  asset: string
  'asset-id': string
  'scan-id': string
  'scan-type': string
  status: string
  gate: string
  'findings-count': number
  counts: Record<string, number>
  'new-count'?: number
  'baseline-scan-id'?: string
}
