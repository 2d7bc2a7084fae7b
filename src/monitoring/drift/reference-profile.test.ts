import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Dataset } from '../../data/index.js'
import { Random } from '../../shared/index.js'
import { driftColumnsOf } from './drift-columns.js'
import {
  buildReferenceProfile,
  type CategoricalReference,
  type NumericReference,
} from './reference-profile.js'
import { assertNear } from './testing/drift-fixtures.js'

const numeric = (name: string, values: number[]) => ({
  name,
  kind: 'numeric' as const,
  values: Float64Array.from(values),
})
const oneNumeric = (values: number[], options = {}) =>
  buildReferenceProfile({ features: [numeric('x', values)] }, options).features[0] as NumericReference

describe('buildReferenceProfile', () => {
  it('bins numbers on their deciles, with shares, missing rate, moments and a sorted seeded sample', () => {
    const values = new Random(1).shuffleInPlace(Int32Array.from({ length: 100 }, (_, i) => i + 1))
    const x = oneNumeric([...values, Number.NaN, Number.NaN], { sampleSize: 10, seed: 5 })
    assert.deepEqual(x.cuts, [11, 21, 31, 41, 51, 61, 71, 81, 91])
    for (const p of x.proportions) assertNear(p, 0.1, 1e-15)
    assert.deepEqual([x.rows, x.missing, x.distinct], [102, 2, 100])
    assertNear(x.missingRate, 2 / 102, 1e-15)
    assertNear(x.mean!, 50.5, 1e-12)
    assertNear(x.std!, Math.sqrt((100 * 100 - 1) / 12), 1e-12) // population std of 1..100
    assert.equal(x.sample.length, 10)
    assert.deepEqual(
      [...x.sample].sort((a, b) => a - b),
      x.sample,
    )
    assert.equal(new Set(x.sample).size, 10)
    assert.deepEqual(oneNumeric([...values], { sampleSize: 10, seed: 5 }).sample, x.sample)
    assert.notDeepEqual(oneNumeric([...values], { sampleSize: 10, seed: 6 }).sample, x.sample)
  })

  it('merges repeated deciles and never leaves a reference bin empty', () => {
    const x = oneNumeric([...new Array(50).fill(0), ...Array.from({ length: 50 }, (_, i) => i + 1)])
    assert.deepEqual(x.cuts, [1, 11, 21, 31, 41])
    assert.deepEqual(x.proportions, [0.5, 0.1, 0.1, 0.1, 0.1, 0.1])
  })

  it('gives a column of few distinct values one bin per value', () => {
    const x = oneNumeric([2, 0, 1, 1, 2, 2, 2, 2, 2, 2])
    assert.deepEqual([x.cuts, x.proportions, x.distinct], [[1, 2], [0.1, 0.2, 0.7], 3])
  })

  it('puts infinities in the outer bins and leaves them out of the moments and the sample', () => {
    const x = oneNumeric([Number.NEGATIVE_INFINITY, 1, 2, 3, Number.POSITIVE_INFINITY])
    assert.deepEqual(
      [x.cuts, x.proportions, x.sample],
      [
        [2, 3],
        [0.4, 0.2, 0.4],
        [1, 2, 3],
      ],
    )
    assertNear(x.mean!, 2, 1e-15)
  })

  it('describes an all-missing numeric column with one empty bin and null moments', () => {
    const x = oneNumeric([Number.NaN, Number.NaN])
    assert.deepEqual(
      [x.cuts, x.proportions, x.mean, x.std, x.sample, x.missingRate],
      [[], [0], null, null, [], 1],
    )
  })

  it('ranks categories by count then value, keeps the first maxCategories and shares the rest as other', () => {
    const profile = buildReferenceProfile(
      {
        features: [
          { name: 'city', kind: 'categorical', values: ['b', 'a', 'c', 'a', 'b', null, 'd', '', 'c', 'a'] },
        ],
      },
      { maxCategories: 2 },
    )
    const city = profile.features[0] as CategoricalReference
    assert.deepEqual(city.categories, ['a', 'b'])
    assert.deepEqual(city.proportions, [3 / 8, 2 / 8, 3 / 8])
    assert.deepEqual([city.rows, city.missing, city.missingRate, city.distinct], [10, 2, 0.2, 4])
  })

  it('profiles the prediction too, records its options and is plain JSON', () => {
    const rng = new Random(2)
    const profile = buildReferenceProfile(
      {
        features: [
          numeric(
            'age',
            Array.from({ length: 50 }, () => rng.nextInt(80)),
          ),
        ],
        prediction: {
          name: 'label',
          kind: 'categorical',
          values: Array.from({ length: 50 }, (_, i) => (i % 3 ? 'no' : 'yes')),
        },
      },
      { seed: 4 },
    )
    assert.equal(profile.prediction?.kind, 'categorical')
    assert.deepEqual(profile.options, { bins: 10, sampleSize: 10_000, maxCategories: 100, seed: 4 })
    assert.equal(profile.rows, 50)
    assert.deepEqual(JSON.parse(JSON.stringify(profile)), profile)
  })

  it('refuses repeated names, unequal lengths and bad options', () => {
    const code = { code: 'INVALID_PARAMETER_VALUE' }
    assert.throws(() => buildReferenceProfile({ features: [numeric('a', [1]), numeric('a', [2])] }), code)
    assert.throws(
      () => buildReferenceProfile({ features: [numeric('a', [1]), numeric('b', [1, 2])] }),
      /has 2 rows/,
    )
    assert.throws(() => buildReferenceProfile({ features: [] }, { bins: 1 }), /bins: must be an integer >= 2/)
    assert.throws(() => buildReferenceProfile({ features: [] }, { sampleSize: 0.5 }), code)
    assert.throws(() => buildReferenceProfile({ features: [] }, { seed: 1.5 }), code)
  })
})

describe('driftColumnsOf', () => {
  it('reads numbers as numeric, categories, booleans and text as categorical, and skips datetimes', () => {
    const dataset = Dataset.fromColumns([
      { name: 'amount', type: 'numeric', values: Float64Array.of(1, 2) },
      { name: 'city', type: 'categorical', codes: Int32Array.of(0, -1), dictionary: ['oslo'] },
      { name: 'member', type: 'boolean', values: Int8Array.of(1, 0) },
      { name: 'note', type: 'text', values: ['hi', null] },
      { name: 'at', type: 'datetime', values: Float64Array.of(0, 1) },
    ])
    const columns = driftColumnsOf(dataset)
    assert.deepEqual(
      columns.map((c) => [c.name, c.kind]),
      [
        ['amount', 'numeric'],
        ['city', 'categorical'],
        ['member', 'categorical'],
        ['note', 'categorical'],
      ],
    )
    const profile = buildReferenceProfile({ features: columns })
    const member = profile.features[2] as CategoricalReference
    assert.deepEqual(
      [member.categories, member.proportions],
      [
        ['false', 'true'],
        [0.5, 0.5, 0],
      ],
    )
    assert.deepEqual(driftColumnsOf(dataset, ['at']), [
      { name: 'at', kind: 'numeric', values: Float64Array.of(0, 1) },
    ])
  })
})
