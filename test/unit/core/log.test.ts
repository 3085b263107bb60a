import * as core from '@actions/core'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as log from '../../../src/core/log.js'
import { registerSecret } from '../../../src/core/secrets.js'
import { forgetSecrets } from '../support/forget-secrets.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

/** 160,000 dots, then 160,000 ESC characters, then one colour code. */
function toHostile(): string {
  return `${'.'.repeat(160_000)}${'\u001b'.repeat(159_996)}\u001b[31m`
}

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
    ['an ellipsis and a relative path, left alone', 'wait... or ../x', 'wait... or ../x'],
    ['ESC sequences that would colour a fake verdict', '\u001b[2K\u001b[32m✔ gate passed\u001b[0m', '[2K[32m✔ gate passed[0m'],
    ['C0 and C1 control characters, tab kept', 'a\u0000b\u0007c\td\u007fe\u009bf\u0080g', 'abc\tdefg'],
    ['a control character hiding a command', '\u0001::error::pwned', '\u200b::error::pwned'],
    ['a control character hiding a legacy command', '#\u0000#[error]pwned', '#\u200b#[error]pwned']
  ])('neutralises %s', (_name, text, expected) => {
    expect(log.toLogLine(text)).toBe(expected)
  })

  it('cleans a 320,000-character hostile line in one pass', () => {
    const line = toHostile()
    expect(log.toLogLine(line)).toBe('.'.repeat(160_000) + '[31m'.repeat(1))
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
