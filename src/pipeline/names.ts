/** Inputs of the one-step pipeline beyond those it shares with the split actions (action.yml at the root). */
export const PipelineInput = {
  scan: 'scan'
} as const
