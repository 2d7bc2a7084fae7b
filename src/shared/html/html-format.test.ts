import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { escapeHtml, formatInstant, formatNumber, formatPercent } from './html-format.js'

describe('html formatting helpers', () => {
  it('escapes the five HTML specials', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;')
  })

  it('formats numbers, percentages and instants compactly', () => {
    assert.deepEqual(
      [
        formatNumber(null),
        formatNumber(1234567),
        formatNumber(52013.4),
        formatNumber(0.000012345),
        formatNumber(2.5e12 + 0.5),
      ],
      ['—', '1,234,567', '52,013', '1.2345e-5', '2.5e+12'],
    )
    assert.deepEqual(
      [formatPercent(0), formatPercent(0.125), formatPercent(0.00001)],
      ['0%', '12.5%', '<0.01%'],
    )
    assert.deepEqual(
      [
        formatInstant(Date.UTC(2024, 1, 3)),
        formatInstant(Date.UTC(2024, 1, 3, 4, 5, 6, 7)),
        formatInstant(Date.UTC(2024, 1, 3, 4, 5, 6, 7), true),
      ],
      ['2024-02-03', '2024-02-03 04:05Z', '2024-02-03 04:05:06.007Z'],
    )
  })
})
