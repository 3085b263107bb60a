// What a security team reads before it lets a workflow use this repository: the licence, the security
// policy, code scanning of this code, and Dependabot over every folder that pins actions.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { REPO_ROOT, workflowFiles } from './repository-actions.js'

const read = (file: string): string => readFileSync(path.join(REPO_ROOT, file), 'utf8')

describe('LICENSE', () => {
  it('exists and is the MIT licence package.json declares', () => {
    expect(existsSync(path.join(REPO_ROOT, 'LICENSE'))).toBe(true)
    expect((JSON.parse(read('package.json')) as { license: string }).license).toBe('MIT')
    const licence = read('LICENSE')
    expect(licence).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} \S/)
    expect(licence).toContain('Permission is hereby granted, free of charge')
    expect(licence).toContain('THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND')
  })
})

describe('SECURITY.md', () => {
  it('exists and says how to report privately, what is in scope and which versions get fixes', () => {
    expect(existsSync(path.join(REPO_ROOT, 'SECURITY.md'))).toBe(true)
    const policy = read('SECURITY.md')
    expect(policy).toMatch(/^## Reporting a vulnerability$/m)
    expect(policy).toMatch(/Report a vulnerability/)
    expect(policy).toMatch(/^## In scope$/m)
    for (const topic of [/token|secret/i, /gate bypass/i, /command injection/i]) expect(policy).toMatch(topic)
    expect(policy).toMatch(/^## Supported versions$/m)
    const major = (JSON.parse(read('package.json')) as { version: string }).version.split('.')[0]
    expect(policy).toContain(`latest \`v${major}.x.y\``)
  })
})

describe('.github/workflows/codeql.yml', () => {
  const workflow = parse(read('.github/workflows/codeql.yml')) as {
    on: { push: { branches: string[] }; pull_request: { branches: string[] }; schedule: Array<{ cron: string }> }
    permissions: unknown
    jobs: Record<string, { permissions: Record<string, string>; steps: Array<{ uses?: string; with?: Record<string, string> }> }>
  }
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps)
  const init = steps.find((step) => step.uses?.startsWith('github/codeql-action/init@'))

  it('scans on pushes and pull requests to main, and weekly', () => {
    expect(workflow.on.push.branches).toEqual(['main'])
    expect(workflow.on.pull_request.branches).toEqual(['main'])
    expect(workflow.on.schedule).toHaveLength(1)
  })

  it('analyses JavaScript and TypeScript with the security-extended suite (the default queries and more)', () => {
    expect(init?.with?.languages).toBe('javascript-typescript')
    expect(init?.with?.queries).toBe('security-extended')
    expect(steps.some((step) => step.uses?.startsWith('github/codeql-action/analyze@'))).toBe(true)
  })

  it('is read-only but for uploading its results', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' })
    const writes = Object.values(workflow.jobs).flatMap((job) => Object.entries(job.permissions).filter(([, level]) => level === 'write'))
    expect(writes).toEqual([['security-events', 'write']])
  })
})

describe('.github/dependabot.yml', () => {
  const config = parse(read('.github/dependabot.yml')) as {
    updates: Array<{ 'package-ecosystem': string; directory?: string; directories?: string[] }>
  }
  const ecosystem = (name: string) => config.updates.filter((update) => update['package-ecosystem'] === name)

  it('updates the npm dependencies', () => {
    expect(ecosystem('npm').map((update) => update.directory)).toEqual(['/'])
  })

  it('watches every folder that holds a workflow or an example: "/" stands for .github/workflows', () => {
    const watched = ecosystem('github-actions').flatMap((update) => update.directories ?? [update.directory ?? ''])
    const folders = [...new Set(workflowFiles().map((file) => path.posix.dirname(file)))]
    const asDependabotDirectory = (folder: string): string => (folder === '.github/workflows' ? '/' : `/${folder}`)
    expect(folders).toContain('examples')
    expect(folders.map(asDependabotDirectory).filter((directory) => !watched.includes(directory))).toEqual([])
  })
})
