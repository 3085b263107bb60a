import { describe, expect, it } from 'vitest'
import { summaryToText } from '../../dev/harness/summary-to-text.js'

describe('summaryToText', () => {
  it('renders headings, HTML tables, lists and entities for a terminal', () => {
    const text = summaryToText(
      '<h2>S4E scan</h2>\n<table><tr><th>Severity</th><th>Count</th></tr><tr><td>critical</td><td>2</td></tr></table>\n<ul><li>XSS via &lt;script&gt; &amp; more</li></ul>'
    )
    expect(text.split('\n')).toEqual(['S4E scan', '========', '', 'Severity  Count', '--------  -----', 'critical  2', '', '  • XSS via <script> & more'])
  })

  it('aligns markdown tables and drops emphasis', () => {
    expect(summaryToText('| Name | **Value** |\n|---|---|\n| gate | `failed` |\n')).toBe('Name  Value\n----  ------\ngate  failed')
  })
})
