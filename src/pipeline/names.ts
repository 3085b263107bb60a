/** Inputs of the one-step pipeline beyond those it shares with the split actions (action.yml at the root). */
export const PipelineInput = {
  scan: 'scan',
  scanAssets: 'scan-assets'
} as const

/** `scan-assets`: the first asset registered in the step, or every one of them. */
export const SCAN_ASSETS_CHOICES = ['first', 'all'] as const

/** How the sentences name the one-step action: as a workflow uses it. */
export const PIPELINE_ACTION_NAME = 'the one-step action (s4e-io/s4e-actions)'
