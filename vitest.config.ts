import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests spawn bundles; keep the 2-core CI machine from thrashing.
    maxWorkers: 2,
    server: {
      deps: {
        // They import a JSON schema without an import attribute, which Node refuses; Vite inlines it.
        inline: ['@actions/workflow-parser', '@actions/languageservice']
      }
    }
  }
})
