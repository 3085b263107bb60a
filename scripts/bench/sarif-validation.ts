// SARIF validation: the trigger-scan bundle's SARIF for 1, 21 and 200 assets, checked by Microsoft's
// SARIF Multitool (`validate --rule-kind "Sarif;Ghas"`, the SARIF rules and GitHub's ingestion rules),
// plus its size against GitHub's 10 MB (docs/api.md, "What GitHub accepts in an uploaded SARIF file").
import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { startEmulator } from '../../dev/emulator/server.js'
import { registerAssets, tokenFor } from '../../test/emulator/emulator-requests.js'
import { MANY_SCANS, sarifStep } from '../../test/sarif/sarif-step.js'
import { formatKiB } from './measure.js'

// The Linux build of the Multitool as npm ships it (a self-contained .NET program, no runtime to install).
const MULTITOOL_PACKAGE = '@microsoft/sarif-multitool-linux@5.7.0'
const MULTITOOL_DIR = path.resolve('node_modules/.cache/sarif-multitool')
const MULTITOOL = path.join(MULTITOOL_DIR, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool')
const ASSET_COUNTS = [1, 21, 200]

/** Installs the Multitool once into node_modules/.cache (not a devDependency: it is 100 MB). */
function multitool(): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined
  if (!existsSync(MULTITOOL)) {
    mkdirSync(MULTITOOL_DIR, { recursive: true })
    execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--ignore-scripts', '--prefix', MULTITOOL_DIR, MULTITOOL_PACKAGE], {
      stdio: 'ignore'
    })
  }
  // Its own install script only does this, and scripts are not run.
  chmodSync(MULTITOOL, 0o755)
  return MULTITOOL
}

interface MultitoolResult {
  ruleId?: string
  level?: string
}

/** The Multitool's findings on one file, by level (a result without a level is a warning, as SARIF says). */
function validate(tool: string, file: string, out: string): Map<string, string[]> {
  execFileSync(tool, ['validate', '--rule-kind', 'Sarif;Ghas', file, '--output', out, '--log', 'ForceOverwrite', '--quiet'], {
    // Without ICU libraries on the machine, .NET needs invariant globalisation.
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
    stdio: 'ignore'
  })
  const log = JSON.parse(readFileSync(out, 'utf8')) as { runs: { results?: MultitoolResult[] }[] }
  const byLevel = new Map<string, string[]>()
  for (const result of log.runs.flatMap((run) => run.results ?? [])) {
    const level = result.level ?? 'warning'
    byLevel.set(level, [...(byLevel.get(level) ?? []), result.ruleId ?? '?'])
  }
  return byLevel
}

export async function benchSarifValidation(): Promise<void> {
  if (!existsSync('dist/trigger-scan/index.js')) return
  console.log('SARIF validation (trigger-scan bundle against the emulator, SARIF Multitool --rule-kind "Sarif;Ghas"):')
  let tool: string | undefined
  try {
    tool = multitool()
  } catch (error) {
    console.log(`  the SARIF Multitool could not be installed from npm (${MULTITOOL_PACKAGE}): ${String(error)}`)
  }
  if (tool === undefined && process.platform !== 'linux') console.log('  the SARIF Multitool is run on Linux x64 only here')
  const hosts = ASSET_COUNTS.flatMap((count) => Array.from({ length: count }, (_, index) => `v${count}-${index + 1}.example.com`))
  const emulator = await startEmulator({ port: 0, ...MANY_SCANS })
  const work = mkdtempSync(path.join(tmpdir(), 's4e-sarif-bench-'))
  try {
    await registerAssets(emulator, await tokenFor(emulator), hosts)
    for (const count of ASSET_COUNTS) {
      const assets = hosts.filter((host) => host.startsWith(`v${count}-`))
      const result = await sarifStep(emulator, assets, {}, 300_000)
      const file = result.outputs['sarif-file'] ?? ''
      if (file === '') {
        console.log(`  ${count} assets: no SARIF written (exit ${result.exitCode})`)
        process.exitCode = 1
        continue
      }
      const text = readFileSync(file, 'utf8')
      const log = JSON.parse(text) as { runs: { results?: unknown[] }[] }
      const results = log.runs.reduce((total, run) => total + (run.results?.length ?? 0), 0)
      const size = `${log.runs.length} run(s), ${results} results, ${formatKiB(text.length)} JSON, ${formatKiB(gzipSync(text).length)} gzipped`
      if (tool === undefined) {
        console.log(`  ${count} assets: ${size}`)
        continue
      }
      const found = validate(tool, file, path.join(work, `multitool-${count}.sarif`))
      const errors = found.get('error') ?? []
      const warnings = [...new Set(found.get('warning') ?? [])]
      console.log(
        `  ${count} assets: ${size}; Multitool: ${errors.length} errors${errors.length > 0 ? ` (${[...new Set(errors)].join(', ')})` : ''}, ${warnings.length > 0 ? `warnings of ${warnings.join(', ')}` : 'no warnings'}`
      )
      if (errors.length > 0) process.exitCode = 1
    }
  } finally {
    await emulator.stop()
    rmSync(work, { recursive: true, force: true })
  }
}
