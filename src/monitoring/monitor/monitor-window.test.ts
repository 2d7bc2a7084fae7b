import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseWindow } from './monitor-window.js'

describe('parseWindow', () => {
  it('reads a number and a unit', () => {
    assert.deepEqual(
      ['90s', '30m', '24h', ' 1.5h ', '7d', '2w', '3H'].map((text) => parseWindow(text)),
      [90_000, 1_800_000, 86_400_000, 5_400_000, 604_800_000, 1_209_600_000, 10_800_000],
    )
  })

  it('refuses anything else, naming the field', () => {
    for (const text of ['24', 'h', '-1h', '0m', '1y', '1h30m', '']) {
      assert.throws(() => parseWindow(text, '--window'), {
        code: 'INVALID_PARAMETER_VALUE',
        message: `--window: '${text}' is not a length of time; write a number and a unit: 30m, 24h, 7d`,
      })
    }
  })
})
