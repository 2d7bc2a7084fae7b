// Splits: random, stratified, group, time and k-fold; seeded, reproducible, as row indices. Run with `npx tsx docs/examples/data/splits.ts`.
import assert from 'node:assert/strict'
import {
  applySplit,
  Dataset,
  type GroupSplitSpec,
  parseSplitSpec,
  splitDataset,
} from '../../../src/data/index.js'

const n = 100
const dataset = Dataset.fromColumns([
  {
    name: 'user',
    type: 'categorical',
    codes: Int32Array.from({ length: n }, (_, i) => i % 20),
    dictionary: Array.from({ length: 20 }, (_, u) => `u${u}`),
  },
  { name: 'label', type: 'boolean', values: Int8Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 1 : 0)) },
])

// A spec is plain JSON (what `shipyard data split` writes to split.json): record it, replay it.
const spec: GroupSplitSpec = { kind: 'group', column: 'user', testFraction: 0.25, seed: 7 }
const split = splitDataset(dataset, spec)
const { train, test } = applySplit(dataset, split)
console.log(
  `train ${train.rowCount} rows, test ${test.rowCount} rows, groups ${split.report.trainGroups}/${split.report.testGroups}`,
)

// No user is on both sides, and the same seed gives the same rows.
const users = (d: Dataset) => {
  const column = d.column('user')
  return column.type === 'categorical' ? new Set(column.codes) : new Set()
}
assert.ok([...users(test)].every((u) => !users(train).has(u)))
assert.deepEqual(splitDataset(dataset, spec).test, split.test)

// k-fold: each row validates exactly once.
// parseSplitSpec checks JSON from a file and fills defaults (seed 0 here).
assert.deepEqual(parseSplitSpec('{"kind":"kfold","k":5}'), { kind: 'kfold', k: 5, seed: 0 })
const folds = splitDataset(dataset, { kind: 'kfold', k: 5, seed: 7, stratifyBy: 'label' })
assert.equal(
  folds.folds.reduce((rows, fold) => rows + fold.validation.length, 0),
  n,
)
console.log(folds.folds.map((fold) => fold.validation.length))
