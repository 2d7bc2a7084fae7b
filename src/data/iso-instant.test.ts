import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseIsoInstant } from './iso-instant.js'

describe('parseIsoInstant', () => {
  it('reads dates as UTC midnight and date-times with a zone', () => {
    assert.equal(parseIsoInstant('2024-06-01'), Date.UTC(2024, 5, 1))
    assert.equal(parseIsoInstant('2024-06-01 12:30Z'), Date.UTC(2024, 5, 1, 12, 30))
    assert.equal(parseIsoInstant('2024-06-01T12:30:00.250+02:00'), Date.UTC(2024, 5, 1, 10, 30, 0, 250))
  })

  it('is NaN for bare date-times, other layouts and days that do not exist', () => {
    for (const text of [
      '2024-06-01T12:30:00',
      '2024-6-1',
      '2024-02-30',
      '2024-06-01T12:30+0200',
      'June 1',
      '',
    ]) {
      assert.ok(Number.isNaN(parseIsoInstant(text)), text)
    }
  })
})
