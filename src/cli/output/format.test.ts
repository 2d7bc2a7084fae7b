import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { formatBytes, formatDuration, formatNumber, formatTime } from './format.js'

describe('format', () => {
  it('formatNumber keeps integers, rounds others to 6 significant digits, names non-finite values', () => {
    assert.equal(formatNumber(40), '40')
    assert.equal(formatNumber(0.866666666), '0.866667')
    assert.equal(formatNumber(0.5), '0.5')
    assert.equal(formatNumber(123456.789), '123457')
    assert.equal(formatNumber(1.23456789e-7), '1.23457e-7')
    assert.equal(formatNumber(Number.NaN), 'NaN')
    assert.equal(formatNumber(Number.NEGATIVE_INFINITY), '-Infinity')
  })

  it('formatDuration picks a unit a person reads at a glance', () => {
    assert.equal(formatDuration(1000, 1850), '850ms')
    assert.equal(formatDuration(0, 12_345), '12.3s')
    assert.equal(formatDuration(0, 245_000), '4m 05s')
    assert.equal(formatDuration(0, 7_380_000), '2h 03m')
    assert.equal(formatDuration(0, null), '-')
    assert.equal(formatDuration(5, 3), '0ms', 'a clock that went backwards is not a negative duration')
  })

  it('formatTime is ISO 8601 in UTC', () => {
    assert.equal(formatTime(0), '1970-01-01T00:00:00.000Z')
    assert.equal(formatTime(null), '-')
  })

  it('formatBytes uses binary units', () => {
    assert.equal(formatBytes(391), '391 B')
    assert.equal(formatBytes(1536), '1.5 KiB')
    assert.equal(formatBytes(3 * 1024 ** 3), '3.0 GiB')
    assert.equal(formatBytes(undefined), '-')
  })
})
