// Bundles every action entry with ncc, minified (dist/ is generated and checked against a fresh build, never edited), into dist/<name>/: index.js, the chunks it loads on demand
// (<id>.index.js), package.json and licenses.txt.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const ENTRIES = ['auth', 'add-assets', 'trigger-scan', 'pipeline']
const only = process.argv.slice(2)

/** Every module path in webpack stats, concatenated modules included. */
function modulePaths(modules, into = []) {
  for (const module of modules ?? []) {
    if (typeof module.name === 'string') into.push(module.name.replace(/ \+ \d+ modules?$/, ''))
    modulePaths(module.modules, into)
  }
  return into
}

/** The folder of the npm package a bundled module comes from, or undefined for our own sources. */
function packageDirOf(modulePath) {
  const at = modulePath.lastIndexOf('node_modules/')
  if (at < 0) return undefined
  const parts = modulePath.slice(at + 'node_modules/'.length).split('/')
  return modulePath.slice(0, at) + 'node_modules/' + parts.slice(0, parts[0].startsWith('@') ? 2 : 1).join('/')
}

function licenseEntry(dir) {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'))
  const license = typeof manifest.license === 'string' ? manifest.license : (manifest.license?.type ?? 'UNKNOWN')
  const file = readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(name))
  const text = file === undefined ? '' : readFileSync(path.join(dir, file), 'utf8').trim()
  return `${manifest.name}@${manifest.version}\n${license}\n${text}`
}

/**
 * ncc's own --license writes one file per chunk under the same name, so with a lazily loaded chunk
 * the last chunk's list wins. The stats name every bundled module of every chunk instead.
 */
function writeLicenses(statsFile, outDir) {
  const stats = JSON.parse(readFileSync(statsFile, 'utf8'))
  const dirs = [
    ...new Set(
      modulePaths(stats.modules)
        .map(packageDirOf)
        .filter((dir) => dir !== undefined)
    )
  ]
  const entries = dirs.map(licenseEntry).sort()
  writeFileSync(path.join(outDir, 'licenses.txt'), entries.join('\n\n') + '\n')
}

for (const name of ENTRIES) {
  if (only.length > 0 && !only.includes(name)) continue
  const entry = `src/${name}/index.ts`
  if (!existsSync(entry)) continue
  const outDir = path.join('dist', name)
  // A clean folder each time, so a chunk that a build no longer writes cannot linger.
  rmSync(outDir, { recursive: true, force: true })
  const scratch = mkdtempSync(path.join(tmpdir(), 's4e-build-'))
  try {
    const statsFile = path.join(scratch, 'stats.json')
    execFileSync('ncc', ['build', entry, '-o', outDir, '--minify', '--stats-out', statsFile, '--quiet'], { stdio: 'inherit' })
    writeLicenses(statsFile, outDir)
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}
