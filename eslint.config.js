import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain JavaScript here runs on Node (scripts, test fixtures); TypeScript files get types instead.
    files: ['**/*.js', '**/*.mjs'],
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
