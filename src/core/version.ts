// Kept in step with package.json by test/unit/core/version.test.ts.
export const PROJECT_VERSION = '1.0.0'
export const USER_AGENT = `s4e-actions/${PROJECT_VERSION} (+https://github.com/s4e-io/s4e-actions)`
