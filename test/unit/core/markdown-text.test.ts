import { describe, expect, it, vi } from 'vitest'
import { outsideLink, outsideParagraphs, outsideText } from '../../../src/core/markdown-text.js'
import { registerSecret } from '../../../src/core/secrets.js'
import { forgetSecrets } from '../support/forget-secrets.js'

vi.mock('@actions/core', async (io) => (await import('../support/mock-actions-core.js')).mockActionsCore(io))

/** Markdown structure that would make a tag, an image or a link. */
const STRUCTURE = [/</, /!\[/, /\]\(/]
/** What GitHub links in the rendered text, after entities are decoded: a mention, a reference, a bare URL. */
const LINKED = [/@[A-Za-z0-9]/, /#\d/, /:\/\//, /www\./i, /GH-\d/i]

function decoded(rendered: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' }
  return rendered.replace(/&#(\d+);|&([a-z]+);/g, (_, code: string | undefined, name: string | undefined) =>
    code !== undefined ? String.fromCodePoint(Number(code)) : (named[name ?? ''] ?? '')
  )
}

function expectInert(rendered: string): void {
  for (const pattern of STRUCTURE) expect(rendered, `${pattern} in ${rendered}`).not.toMatch(pattern)
  for (const pattern of LINKED) expect(decoded(rendered), `${pattern} in ${rendered}`).not.toMatch(pattern)
}

describe('outsideText, the one renderer of outside text', () => {
  it('shows HTML, images, links, mentions, references and bare URLs as plain text', () => {
    const hostile = [
      '<img src="https://evil.example/track.png">@octocat',
      '![x](https://evil.example/x.png) [click](https://evil.example)',
      'see #123, GH-45 and owner/repo#6',
      'visit www.evil.example or http://evil.example/a',
      'mail admin@evil.example',
      '<!-- hidden --> <script>alert(1)</script>'
    ]
    for (const text of hostile) expectInert(outsideText(text, 500))
    expect(outsideText('<img src=x>@octocat')).toBe('&lt;img src=x&gt;@&#8203;octocat')
    expect(outsideText('fixes #123')).toBe('fixes #&#8203;123')
    expect(outsideText('https://evil.example')).toBe('https:&#8203;//evil.example')
  })

  it('keeps a table intact: pipes, line breaks and control characters never reach the Markdown', () => {
    const rendered = outsideText('a|b\nc\r\n\u001b[31mred\u0085 \u202eevil\ttab')
    expect(rendered).toBe('a&#124;b c &#91;31mred evil tab')
  })

  it('cuts to the shown length before escaping, without splitting a character', () => {
    expect(outsideText('x'.repeat(500), 10)).toBe(`${'x'.repeat(9)}…`)
    expect(outsideText('😀'.repeat(20), 5)).toBe('😀😀😀😀…')
    // A huge body costs only its shown length: the result is bounded whatever comes in.
    expect(outsideText('@'.repeat(1_000_000), 100).length).toBeLessThan(1000)
  })

  it('redacts registered secrets, also one that straddles the cut', () => {
    forgetSecrets()
    registerSecret('s3cr3t-value-0123456789')
    expect(outsideText('token s3cr3t-value-0123456789 here')).toBe('token &#42;&#42;&#42; here')
    expect(outsideText('token s3cr3t-value-0123456789', 12)).not.toContain('s3cr3t-valu')
    forgetSecrets()
  })

  it('keeps paragraphs in outsideParagraphs, but no line may start a heading, a list or a rule', () => {
    const rendered = outsideParagraphs('# Title\n- item\n\n\n1. one\n---\nplain @me', 1000)
    expect(rendered.split('\n')).toEqual(['&#8203;# Title', '&#8203;- item', '', '&#8203;1. one', '&#8203;---', 'plain @&#8203;me'])
  })

  it('links only http(s) URLs on the configured S4E host', () => {
    expect(outsideLink('https://api.s4e.io/scans/1', 'scan 1', 'api.s4e.io')).toBe('[scan 1](https://api.s4e.io/scans/1)')
    expect(outsideLink('https://evil.example/x', 'scan 1', 'api.s4e.io')).toBe('scan 1')
    expect(outsideLink('javascript:alert(1)', 'x', 'api.s4e.io')).toBe('x')
    expect(outsideLink('https://api.s4e.io/a)b', '[x](y)', 'api.s4e.io')).toBe('[&#91;x&#93;(y)](https://api.s4e.io/a%29b)')
  })
})
