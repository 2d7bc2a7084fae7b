import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Random } from '../../shared/index.js'
import { Dataset } from '../dataset.js'
import { splitDataset } from './split-dataset.js'
import { parseSplitSpec, type SplitSpec } from './split-spec.js'
import { assertHoldoutPartition, assertKFoldPartition, shipyardError } from './testing/split-assertions.js'

describe('splitDataset', () => {
  it('dispatches every kind from a parsed spec', () => {
    const n = 200
    const data = Dataset.fromColumns([
      { name: 'y', type: 'boolean', values: Int8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0)) },
      { name: 'user', type: 'numeric', values: Float64Array.from({ length: n }, (_, i) => i % 23) },
      { name: 'ts', type: 'datetime', values: Float64Array.from({ length: n }, (_, i) => i * 1000) },
    ])
    const holdouts = [
      { kind: 'random', testFraction: 0.2, seed: 1 },
      { kind: 'stratified', column: 'y', testFraction: 0.2 },
      { kind: 'group', column: 'user', testFraction: 0.2 },
      { kind: 'time', column: 'ts', cutoff: '1970-01-01T00:02:40Z' },
    ]
    for (const input of holdouts) {
      const split = splitDataset(data, parseSplitSpec(input))
      assert.equal(split.kind, 'holdout')
      if (split.kind === 'holdout') assertHoldoutPartition(split, n)
    }
    const folds = splitDataset(data, parseSplitSpec({ kind: 'kfold', k: 4 }))
    assert.equal(folds.kind, 'kfold')
    if (folds.kind === 'kfold') assertKFoldPartition(folds, n)
    assert.throws(
      () => splitDataset(data, { kind: 'bootstrap' } as unknown as SplitSpec),
      shipyardError('INVALID_PARAMETER_VALUE', /kind: must be one of random, stratified, group, time, kfold/),
    )
  })

  it('splits a million rows cheaply (timings logged, behaviour asserted)', (t) => {
    const n = 1_000_000
    const rng = new Random(99)
    const label = new Int32Array(n)
    const user = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      label[i] = rng.nextInt(4)
      user[i] = rng.nextInt(20_000)
    }
    const data = Dataset.fromColumns([
      { name: 'label', type: 'categorical', codes: label, dictionary: ['a', 'b', 'c', 'd'] },
      { name: 'user', type: 'numeric', values: user },
    ])
    const specs: SplitSpec[] = [
      { kind: 'random', testFraction: 0.2, seed: 1 },
      { kind: 'stratified', column: 'label', testFraction: 0.2, seed: 1 },
      { kind: 'group', column: 'user', testFraction: 0.2, seed: 1 },
      { kind: 'kfold', k: 5, seed: 1 },
    ]
    for (const spec of specs) {
      const start = performance.now()
      const split = splitDataset(data, spec)
      t.diagnostic(`${spec.kind}: ${(performance.now() - start).toFixed(0)} ms for ${n} rows`)
      if (split.kind === 'holdout') {
        assert.equal(split.train.length + split.test.length, n)
        assert.ok(Math.abs(split.test.length - 200_000) < (spec.kind === 'group' ? 500 : 1))
      } else {
        assert.deepEqual(
          split.folds.map((f) => f.validation.length),
          [200_000, 200_000, 200_000, 200_000, 200_000],
        )
      }
    }
  })
})
