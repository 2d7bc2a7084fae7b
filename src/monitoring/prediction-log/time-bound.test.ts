import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseTimeBound } from './time-bound.js'

const NOW = Date.parse('2024-05-01T12:00:00Z')

describe('parseTimeBound', () => {
  it('reads durations back from now, in every unit', () => {
    const cases: [string, string][] = [
      ['500ms', '2024-05-01T11:59:59.500Z'],
      ['30s', '2024-05-01T11:59:30.000Z'],
      ['30m', '2024-05-01T11:30:00.000Z'],
      ['1h', '2024-05-01T11:00:00.000Z'],
      ['1.5h', '2024-05-01T10:30:00.000Z'],
      ['7d', '2024-04-24T12:00:00.000Z'],
      ['2w', '2024-04-17T12:00:00.000Z'],
      [' 1h ', '2024-05-01T11:00:00.000Z'],
    ]
    for (const [text, expected] of cases) {
      assert.equal(new Date(parseTimeBound('since', text, NOW)).toISOString(), expected, text)
    }
  })

  it('reads ISO instants and epoch milliseconds as they are', () => {
    assert.equal(parseTimeBound('until', '2024-04-30', NOW), Date.parse('2024-04-30T00:00:00Z'))
    assert.equal(
      parseTimeBound('until', '2024-04-30T08:15:00+02:00', NOW),
      Date.parse('2024-04-30T06:15:00Z'),
    )
    assert.equal(parseTimeBound('until', '1714564800000', NOW), 1714564800000)
  })

  it('refuses anything else naming the field and the forms it takes', () => {
    for (const text of ['', '1y', 'h', '-1h', '2024-02-30', '2024-05-01T12:00:00', 'yesterday']) {
      assert.throws(() => parseTimeBound('--since', text, NOW), {
        code: 'INVALID_PARAMETER_VALUE',
        message: new RegExp(
          `^--since: '${text}' is not a time: give a duration back from now \\(30m, 1h, 7d\\)`,
        ),
      })
    }
  })
})
