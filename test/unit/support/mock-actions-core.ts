import { vi } from 'vitest'

/**
 * vi.mock factory for @actions/core: inputs are read for real (INPUT_* variables), everything
 * that writes is recorded. Use: vi.mock('@actions/core', mockActionsCore)
 */
export async function mockActionsCore(importOriginal: () => Promise<unknown>) {
  const actual = (await importOriginal()) as typeof import('@actions/core')
  return {
    ...actual,
    setSecret: vi.fn(),
    setOutput: vi.fn(),
    exportVariable: vi.fn(),
    setFailed: vi.fn(),
    info: vi.fn(),
    warning: vi.fn(),
    notice: vi.fn(),
    error: vi.fn(),
    debug: vi.fn(),
    startGroup: vi.fn(),
    endGroup: vi.fn()
  }
}
