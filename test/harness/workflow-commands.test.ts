import { describe, expect, it } from 'vitest'
import { fileCommandNames, parseFileCommand, parseWorkflowCommand, RunnerLog } from '../../dev/harness/workflow-commands.js'

describe('workflow commands', () => {
  it('parses names, properties and escaped data', () => {
    expect(parseWorkflowCommand('::error file=a%2Cb.ts,line=3::bad%0Anews 100%25')).toEqual({
      name: 'error',
      properties: { file: 'a,b.ts', line: '3' },
      message: 'bad\nnews 100%'
    })
    expect(parseWorkflowCommand('plain text :: not a command')).toBeUndefined()
  })

  it('parses name=value and heredoc file commands, and refuses an unterminated heredoc', () => {
    expect(parseFileCommand('a=1\nb<<EOF\nx\ny\nEOF\nc=with=equals\n')).toEqual({ a: '1', b: 'x\ny', c: 'with=equals' })
    expect(() => parseFileCommand('b<<EOF\nx\n')).toThrow(/closing delimiter/)
  })

  it('lists every name a file command sets, once per time it is set', () => {
    expect(fileCommandNames('a=1\nb<<EOF\nc=not-a-name\nEOF\na=2\n')).toEqual(['a', 'b', 'a'])
  })

  it('masks from the line a mask is registered on, hiding the add-mask line', () => {
    const log = new RunnerLog(false)
    for (const line of ['early s3cret', '::add-mask::s3cret', 'late s3cret', '::warning::about s3cret']) log.feed(line)
    expect(log.result.lines).toEqual(['early s3cret', 'late ***', '##[warning]about ***'])
    expect(log.result.warnings).toEqual(['about ***'])
    expect(log.result.masks).toEqual(['s3cret'])
  })

  it('masks each line of a multi-line secret and its encoded forms', () => {
    const log = new RunnerLog(false, ['line-one\nline-two'])
    log.feed('x line-two y')
    log.feed(`encoded ${encodeURIComponent('a b&c')}`)
    log.feed('::add-mask::a b&c')
    log.feed(`encoded ${encodeURIComponent('a b&c')}`)
    expect(log.result.lines).toEqual(['x *** y', 'encoded a%20b%26c', 'encoded ***'])
  })

  it('shows debug lines only with step debug, and honours stop-commands', () => {
    const quiet = new RunnerLog(false)
    const verbose = new RunnerLog(true)
    for (const log of [quiet, verbose])
      ['::debug::detail', '::stop-commands::tok', '::add-mask::nope', '::tok::', '::group::g', '::endgroup::'].forEach((line) => log.feed(line))
    expect(quiet.result.lines).toEqual(['::add-mask::nope', '##[group]g', '##[endgroup]'])
    expect(verbose.result.lines[0]).toBe('##[debug]detail')
    expect(quiet.result.debug).toEqual(['detail'])
    expect(quiet.result.masks).toEqual([])
  })
})
