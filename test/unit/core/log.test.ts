import * as core from '@actions/core'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as log from '../../../src/core/log.js'
import { registerSecret } from '../../../src/core/secrets.js'
import { forgetSecrets } from '../support/forget-secrets.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

beforeEach(() => {
  vi.clearAllMocks()
  forgetSecrets()
})

describe('toLogLine', () => {
  it.each([
    ['a line break followed by a command', 'done\n::error::pwned', 'done ::error::pwned'],
    ['every kind of line break', 'a\r\nb\rc\u2028d\u2029e\u0085f\vg\fh', 'a b c d e f g h'],
    ['a command at the start', '::add-mask::example.com', '\u200b::add-mask::example.com'],
    ['a command after white space', '  ::stop-commands::x', '  \u200b::stop-commands::x'],
    ['a legacy command anywhere', 'phase ##[error]pwned', 'phase #\u200b#[error]pwned'],
    ['two full stops at the end of a sentence', 'The server said: no.. Try again..', 'The server said: no. Try again.'],
    ['an ellipsis and a relative path, left alone', 'wait... or ../x', 'wait... or ../x']
  ])('neutralises %s', (_name, text, expected) => {
    expect(log.toLogLine(text)).toBe(expected)
  })

  it('redacts registered secrets in any case', () => {
    registerSecret('Secret-Value-42')
    expect(log.toLogLine('echo SECRET-VALUE-42 and secret-value-42')).toBe('echo *** and ***')
  })

  it('is what every wrapper prints, titles of annotations included', () => {
    log.info('a\n::error::b')
    log.warning('c\nd', { title: 'e\n::f' })
    log.setFailed('g\nh')
    expect(core.info).toHaveBeenCalledWith('a ::error::b')
    expect(core.warning).toHaveBeenCalledWith('c d', { title: 'e ::f' })
    expect(core.setFailed).toHaveBeenCalledWith('g h')
  })
})
