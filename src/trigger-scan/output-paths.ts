// Where s4e-trigger-scan writes its files. Inputs and reports both need these paths, so they live
// apart from either (docs/design.md, "Fan-in across jobs").
import { tmpdir } from 'node:os'
import path from 'node:path'

/**
 * A path given to an action: relative paths resolve against GITHUB_WORKSPACE (the runner starts
 * actions there anyway, but an earlier step may have changed directory).
 */
export function resolveWorkspacePath(given: string, flavour: path.PlatformPath = path): string {
  return flavour.resolve(process.env.GITHUB_WORKSPACE || process.cwd(), given)
}

const runnerTemp = (): string => process.env.RUNNER_TEMP || tmpdir()

/** Where the findings file goes before the scan id is known: the input, or the RUNNER_TEMP folder it defaults to. */
export function findingsFileProbePath(given: string): string {
  return given !== '' ? resolveWorkspacePath(given) : path.join(runnerTemp(), 's4e-findings-probe.json')
}

/**
 * The scans-file input, or `<RUNNER_TEMP>/s4e-scans-<step>.json` when it is empty: GITHUB_ACTION
 * names the step uniquely within the job, so two steps of one job never share the file.
 */
export function scansFilePath(given: string): string {
  if (given !== '') return resolveWorkspacePath(given)
  const step = (process.env.GITHUB_ACTION || 'step').replace(/[^A-Za-z0-9._-]/g, '_')
  return path.join(runnerTemp(), `s4e-scans-${step}.json`)
}
