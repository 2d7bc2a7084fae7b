import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Random } from '../../shared/index.js'
import type { Column } from '../column.js'
import { Dataset } from '../dataset.js'
import { profileDataset, profileDatasetAsync } from './profile-dataset.js'

/** Seeded uniform draws in [0, 1), from the project's portable generator. */
function generator(seed: number): () => number {
  const random = new Random(seed)
  return () => random.nextFloat()
}

/** Every column type, numeric ones long enough for the radix sort, with NaN, infinities and a float32 column. */
function mixedDataset(rows: number): Dataset {
  const rnd = generator(11)
  const special = (v: number) => {
    const u = rnd()
    return u < 0.01
      ? Number.NaN
      : u < 0.015
        ? Number.POSITIVE_INFINITY
        : u < 0.02
          ? Number.NEGATIVE_INFINITY
          : v
  }
  const start = Date.UTC(2024, 0, 1)
  const columns: Column[] = [
    {
      name: 'normal',
      type: 'numeric',
      values: Float64Array.from({ length: rows }, () => special((rnd() - 0.5) * 1e3)),
    },
    {
      name: 'label',
      type: 'categorical',
      codes: Int32Array.from({ length: rows }, () => Math.floor(rnd() * 4) - 1),
      dictionary: ['a', 'b', 'c'],
    },
    {
      name: 'small',
      type: 'numeric',
      values: Float32Array.from({ length: rows }, () => special(Math.round(rnd() * 50))),
    },
    {
      name: 'when',
      type: 'datetime',
      values: Float64Array.from({ length: rows }, () => start + Math.floor(rnd() * 86_400_000)),
    },
    {
      name: 'flag',
      type: 'boolean',
      values: Int8Array.from({ length: rows }, () => Math.floor(rnd() * 3) - 1),
    },
    {
      name: 'note',
      type: 'text',
      values: Array.from({ length: rows }, (_, i) => (i % 7 === 0 ? null : `n${i % 13}`)),
    },
    {
      name: 'heavy',
      type: 'numeric',
      values: Float64Array.from({ length: rows }, () => special(Math.exp(6 * (rnd() - 0.5)))),
    },
    { name: 'empty', type: 'numeric', values: Float64Array.from({ length: rows }, () => Number.NaN) },
  ]
  return Dataset.fromColumns(columns)
}

describe('profileDatasetAsync', () => {
  const dataset = mixedDataset(20_000)

  it('gives the same profile as profileDataset on worker threads, reporting columns in order', async () => {
    const expected = profileDataset(dataset, { bins: 12 })
    for (const workers of [1, 2]) {
      const seen: number[] = []
      const actual = await profileDatasetAsync(dataset, {
        bins: 12,
        workers,
        onColumn: (_, i) => seen.push(i),
      })
      assert.deepEqual(actual, expected)
      assert.deepEqual(
        seen,
        dataset.columns.map((_, i) => i),
      )
    }
  })

  it('reuses its workers across profiles and stays in-process with workers: 0 or on small data', async () => {
    const expected = profileDataset(dataset, { fingerprint: false })
    assert.deepEqual(await profileDatasetAsync(dataset, { fingerprint: false, workers: 1 }), expected)
    assert.deepEqual(await profileDatasetAsync(dataset, { fingerprint: false, workers: 0 }), expected)
    assert.deepEqual(await profileDatasetAsync(dataset, { fingerprint: false }), expected)
  })

  it('rejects out-of-range options like profileDataset', async () => {
    await assert.rejects(
      profileDatasetAsync(dataset, { workers: -1 }),
      /workers: must be an integer from 0 to 16, not -1/,
    )
    await assert.rejects(profileDatasetAsync(dataset, { workers: 1.5 }), /workers: must be an integer/)
    await assert.rejects(profileDatasetAsync(dataset, { bins: 0 }), /bins: must be an integer from 1 to 1000/)
    assert.throws(
      () => profileDataset(dataset, { workers: 17 }),
      /workers: must be an integer from 0 to 16, not 17/,
    )
  })
})
