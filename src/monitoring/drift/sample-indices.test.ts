import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Random } from '../../shared/index.js'
import { sampleIndices } from './sample-indices.js'

describe('sampleIndices', () => {
  it('draws k distinct ascending indices of [0, n), the same for the same seed', () => {
    const sample = sampleIndices(1000, 100, new Random(3))
    assert.equal(sample.length, 100)
    for (let j = 1; j < sample.length; j++) assert.ok(sample[j]! > sample[j - 1]!)
    assert.ok(sample[0]! >= 0 && sample[99]! < 1000)
    assert.deepEqual(sampleIndices(1000, 100, new Random(3)), sample)
    assert.notDeepEqual(sampleIndices(1000, 100, new Random(4)), sample)
  })

  it('is uniform: every index is drawn about k/n of the time', () => {
    const hits = new Float64Array(20)
    const rng = new Random(9)
    for (let r = 0; r < 4000; r++) for (const i of sampleIndices(20, 5, rng)) hits[i]!++
    // Each index expects 1000 hits, sd ≈ 27: ± 150 is over 5 sd.
    for (const h of hits) assert.ok(Math.abs(h - 1000) < 150, `${h} hits`)
  })

  it('returns every index when k ≥ n', () => {
    assert.deepEqual(Array.from(sampleIndices(4, 10, new Random(1))), [0, 1, 2, 3])
  })
})
