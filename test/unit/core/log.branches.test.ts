// The annotation wrappers: notices and errors with and without properties, the file of an annotation cleaned like its title.
import * as core from '@actions/core'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as log from '../../../src/core/log.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

beforeEach(() => {
  vi.clearAllMocks()
})

describe('log annotations', () => {
  it('prints a notice without properties as one clean line', () => {
    log.notice('Scan s-1\nfinished')
    expect(core.notice).toHaveBeenCalledWith('Scan s-1 finished')
  })

  it('cleans the file of a notice and of a warning without a title, and passes the line through', () => {
    log.notice('n', { file: 'src/a\n.ts', startLine: 3 })
    log.warning('w', { file: 'b\r\n.ts' })
    expect(core.notice).toHaveBeenCalledWith('n', { file: 'src/a .ts', startLine: 3 })
    expect(core.warning).toHaveBeenCalledWith('w', { file: 'b .ts' })
  })

  it('prints an error with and without properties, its title cleaned', () => {
    log.error('e\n1')
    log.error('e2', { title: 'S4E\n::gate' })
    expect(core.error).toHaveBeenNthCalledWith(1, 'e 1')
    expect(core.error).toHaveBeenNthCalledWith(2, 'e2', { title: 'S4E ::gate' })
  })
})
