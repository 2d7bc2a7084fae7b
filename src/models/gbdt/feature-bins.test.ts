import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  type FeatureBins,
  FLOAT32_MAX,
  featureBins,
  fillBins,
  finishBins,
  sampleRows,
  separatingUpper,
} from './feature-bins.js'

// Bins a single column and returns its bins and binning.
function binColumn(column: number[], options: { maxBins?: number; categorical?: boolean } = {}) {
  const values = Float32Array.from(column)
  const rows = values.length
  const feature = featureBins(
    values,
    1,
    0,
    sampleRows(rows, 0),
    options.maxBins ?? 255,
    options.categorical ?? false,
  )
  const bins = new Uint8Array(rows)
  const infinite = new Uint8Array(1)
  fillBins(values, rows, 1, [feature], 0, rows, new Uint8Array(4 * rows), bins, infinite)
  finishBins([feature], infinite)
  return { values, feature, bins }
}

function uppersOf(feature: FeatureBins): Float64Array {
  assert.equal(feature.kind, 'numeric')
  return (feature as FeatureBins & { kind: 'numeric' }).uppers
}

describe('feature bins', () => {
  it('gives each of few distinct values its own bin', () => {
    const { feature, bins } = binColumn([3, 1, 2, 1, 3, 3])
    assert.equal(feature.numBins, 3)
    assert.deepEqual([...bins], [2, 0, 1, 0, 2, 2])
  })

  it('bins a constant column into one bin whose threshold keeps every finite value left', () => {
    const { feature, bins } = binColumn([5, 5, 5])
    assert.equal(feature.numBins, 1)
    assert.deepEqual([...uppersOf(feature)], [FLOAT32_MAX])
    assert.deepEqual([...bins], [0, 0, 0])
  })

  it('puts NaN in the missing bin after the regular ones', () => {
    const { feature, bins } = binColumn([Number.NaN, 1, 2, Number.NaN])
    assert.equal(feature.numBins, 2)
    assert.deepEqual([...bins], [2, 0, 1, 2])
  })

  it('handles ±Infinity with finite thresholds and an unbounded last bin', () => {
    const { feature, bins } = binColumn([Number.NEGATIVE_INFINITY, -1, 0, Number.POSITIVE_INFINITY])
    const uppers = uppersOf(feature)
    assert.deepEqual([...bins], [0, 1, 2, 3])
    assert.equal(uppers[0], -FLOAT32_MAX)
    assert.equal(uppers[3], Number.POSITIVE_INFINITY)
    for (let b = 0; b < 3; b++) assert.ok(Number.isFinite(uppers[b]!))
  })

  it('caps the bin count and agrees with `x <= threshold` on every value', () => {
    const column = Array.from({ length: 5000 }, (_, i) => Math.sin(i) * 1000 + (i % 7))
    const { values, feature, bins } = binColumn(column, { maxBins: 16 })
    const uppers = uppersOf(feature)
    assert.ok(feature.numBins <= 16 && feature.numBins >= 12, `numBins ${feature.numBins}`)
    for (let b = 0; b + 1 < feature.numBins; b++) {
      assert.equal(Math.fround(uppers[b]!), uppers[b], 'thresholds are float32 values')
      for (let r = 0; r < values.length; r++) assert.equal(values[r]! <= uppers[b]!, bins[r]! <= b)
    }
  })

  it('separates adjacent float32 values by the lower one', () => {
    const a = Math.fround(1.5)
    const b = new Float32Array(
      new Uint32Array([new Uint32Array(new Float32Array([a]).buffer)[0]! + 1]).buffer,
    )[0]!
    assert.equal(separatingUpper(a, b), a)
    assert.equal(separatingUpper(1, 3), 2)
    assert.equal(separatingUpper(Number.NEGATIVE_INFINITY, -FLOAT32_MAX), null)
  })

  it('keeps the most frequent category codes and sends the rest to the "other" bin', () => {
    const { feature, bins } = binColumn([0, 1, 1, 2, 2, 2, -1, Number.NaN, 7.5, 2], {
      categorical: true,
      maxBins: 3,
    })
    assert.equal(feature.kind, 'categorical')
    assert.deepEqual([...(feature as FeatureBins & { kind: 'categorical' }).codes], [1, 2])
    // bins: 1 -> 0, 2 -> 1, other -> 2, missing -> 3
    assert.deepEqual([...bins], [2, 0, 0, 1, 1, 1, 2, 3, 2, 1])
  })
})
