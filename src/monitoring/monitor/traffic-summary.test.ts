import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { percentile, summarizeTraffic } from './traffic-summary.js'

describe('summarizeTraffic', () => {
  it('counts requests by row 0, errors by code, shadows for their version only, and skips unresolved versions', () => {
    const { model, versions } = summarizeTraffic({
      rowCount: 7,
      columns: new Map<string, Float64Array | (string | null)[]>([
        ['version', Float64Array.of(1, 1, 1, 2, 2, Number.NaN, 1)],
        ['row', Float64Array.of(0, 1, 0, 0, 0, 0, 0)],
        ['arm', ['primary', 'primary', 'primary', 'shadow', 'canary', 'primary', 'primary']],
        ['latency_ms', Float64Array.of(4, 4, 2, 9, 1, 0.5, 6)],
        ['error_code', [null, null, 'INVALID_PARAMETER_VALUE', null, null, 'RESOURCE_DOES_NOT_EXIST', null]],
      ]),
    })
    assert.deepEqual(model, {
      records: 6,
      requests: 5,
      errors: 2,
      errorRate: 0.4,
      latencyMs: { p50: 2, p99: percentile(Float64Array.of(0.5, 1, 2, 4, 6), 0.99) },
    })
    assert.deepEqual([...versions.keys()], [1, 2])
    assert.deepEqual(versions.get(1), {
      records: 4,
      requests: 3,
      errors: 1,
      errorRate: 1 / 3,
      latencyMs: { p50: 4, p99: 5.96 },
    })
    assert.equal(versions.get(2)?.requests, 2)
  })

  it('reads an error column that no record filled as no errors', () => {
    const { model } = summarizeTraffic({
      rowCount: 2,
      columns: new Map([
        ['version', Float64Array.of(1, 1)],
        ['row', Float64Array.of(0, 0)],
        ['arm', Float64Array.of(Number.NaN, Number.NaN)],
        ['latency_ms', Float64Array.of(1, 3)],
        ['error_code', Float64Array.of(Number.NaN, Number.NaN)],
      ]),
    })
    assert.deepEqual([model.requests, model.errors, model.latencyMs.p50], [2, 0, 2])
  })
})

describe('percentile', () => {
  it('interpolates between order statistics as numpy does, null when empty', () => {
    const sorted = Float64Array.of(1, 2, 3, 4, 10)
    assert.deepEqual(
      [0, 0.5, 0.625, 1].map((q) => percentile(sorted, q)),
      [1, 3, 3.5, 10],
    )
    assert.equal(percentile(new Float64Array(0), 0.5), null)
  })
})
