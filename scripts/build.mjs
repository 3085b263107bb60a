// Bundles every action entry with ncc into dist/<name>/ (index.js, package.json, licenses.txt).
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const ENTRIES = ['auth', 'add-assets', 'trigger-scan', 'pipeline']
const only = process.argv.slice(2)

for (const name of ENTRIES) {
  if (only.length > 0 && !only.includes(name)) continue
  const entry = `src/${name}/index.ts`
  if (!existsSync(entry)) continue
  execFileSync('ncc', ['build', entry, '-o', `dist/${name}`, '--license', 'licenses.txt', '--quiet'], {
    stdio: 'inherit'
  })
}
