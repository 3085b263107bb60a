import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Type-aware rules read the types through the project's tsconfig.
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } }
  },
  {
    // What ships and what developers run get the full type-checked set.
    files: ['src/**/*.ts', 'dev/**/*.ts', 'scripts/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked]
  },
  {
    // Every TypeScript file: a promise is awaited, or handed over on purpose. Tests parse JSON a lot, so they skip the no-unsafe-* family.
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error'
    }
  },
  {
    // Plain JavaScript here runs on Node (scripts, test fixtures); TypeScript files get types instead.
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly' }
    }
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off'
    }
  },
  {
    // Everything the actions print goes through src/core/log.ts, so outside text can never become a workflow command.
    files: ['src/**/*.ts'],
    ignores: ['src/core/log.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['info', 'debug', 'notice', 'warning', 'error', 'setFailed'].map((property) => ({
          object: 'core',
          property,
          message: 'Print through src/core/log.ts, which strips line breaks and breaks workflow commands in outside text.'
        }))
      ],
      'no-restricted-globals': ['error', { name: 'console', message: 'Print through src/core/log.ts.' }]
    }
  }
)
