// Every workflow in .github/workflows/ and examples/ (the reusable s4e-scan.yml included) parses with
// @actions/workflow-parser, the parser of GitHub's own workflow tooling, without errors.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT, workflowFiles } from './repository-actions.js'

describe.each(workflowFiles())('%s', (file) => {
  it('parses and converts with @actions/workflow-parser without errors', async () => {
    const result = parseWorkflow({ name: file, content: readFileSync(path.join(REPO_ROOT, file), 'utf8') }, new NoOperationTraceWriter())
    expect(result.context.errors.getErrors().map((error) => error.message)).toEqual([])
    if (result.value === undefined) throw new Error(`${file} parsed to nothing.`)
    const template = await convertWorkflowTemplate(result.context, result.value)
    expect((template.errors ?? []).map((error) => error.Message)).toEqual([])
  })
})

it('the check sees the reusable workflow, and reports a workflow_call input of an unknown type', () => {
  expect(workflowFiles()).toContain('.github/workflows/s4e-scan.yml')
  const broken = 'on:\n  workflow_call:\n    inputs:\n      a:\n        type: strings\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n'
  const result = parseWorkflow({ name: 'broken.yml', content: broken }, new NoOperationTraceWriter())
  expect(result.context.errors.getErrors().length).toBeGreaterThan(0)
})
