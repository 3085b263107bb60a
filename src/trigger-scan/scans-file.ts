// The scans file: every step's `scans` array, in a file a matrix leg uploads as an artifact and a
// fan-in step reads with scans-from (docs/design.md, "Fan-in across jobs").
import * as log from '../core/log.js'
import { writeFileAtomically } from '../core/output-file.js'
import { causeOf, type Problem } from '../core/problem.js'
import { redactSecrets } from '../core/secrets.js'
import { TriggerScanInput } from './names.js'
import { scansFilePath } from './output-paths.js'

/**
 * Writes `{"scans": […]}` to the scans-file path, atomically (a planted symlink is replaced, never
 * followed); returns the path, or '' with the sentence in `problems` when it cannot be written.
 * `entries` is the whole `scans` array, never the output's cut one.
 */
export async function writeScansFile(given: string, entries: readonly unknown[], problems: Problem[]): Promise<string> {
  const file = scansFilePath(given)
  try {
    // No secret reaches a file the step writes, whatever a server put in an asset name.
    await writeFileAtomically(file, `{"scans":${redactSecrets(JSON.stringify(entries))}}\n`)
    log.info(`Wrote the scans of this step to ${file} (the ${TriggerScanInput.scansFile} output): upload it as an artifact for a fan-in job.`)
    return file
  } catch (error) {
    problems.push({
      what: `The scans file ${file} could not be written`,
      cause: causeOf(error),
      fix: `choose a ${TriggerScanInput.scansFile} path the job may write to`
    })
    return ''
  }
}
