/** Inputs of the one-step pipeline beyond those it shares with the split actions (action.yml at the root). */
export const PipelineInput = {
  scan: 'scan',
  scanAssets: 'scan-assets'
} as const

/** `scan-assets`: the first asset registered in the step, or every one of them. */
export const SCAN_ASSETS_CHOICES = ['first', 'all'] as const
