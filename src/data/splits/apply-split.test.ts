import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Dataset } from '../dataset.js'
import { applyFold, applySplit } from './apply-split.js'
import { kFoldSplit } from './kfold-split.js'
import { timeSplit } from './time-split.js'

const data = Dataset.fromColumns([
  { name: 't', type: 'numeric', values: Float64Array.from([5, 1, 4, Number.NaN, 2, 3]) },
  { name: 'name', type: 'text', values: ['e', 'a', 'd', 'x', 'b', 'c'] },
])

describe('applySplit / applyFold', () => {
  it('takes each part in the original row order, excluded rows in neither', () => {
    const { train, test } = applySplit(
      data,
      timeSplit(data, { kind: 'time', column: 't', cutoff: 3, missing: 'drop' }),
    )
    assert.deepEqual(train.column('name'), { name: 'name', type: 'text', values: ['a', 'b'] })
    assert.deepEqual(test.column('name'), { name: 'name', type: 'text', values: ['e', 'd', 'c'] })
  })

  it('gives each fold its train and validation datasets', () => {
    const split = kFoldSplit(data, { kind: 'kfold', k: 3, seed: 1 })
    const seen: string[] = []
    for (const fold of split.folds) {
      const { train, validation } = applyFold(data, fold)
      assert.equal(train.rowCount + validation.rowCount, 6)
      seen.push(...(validation.column('name') as { values: readonly string[] }).values)
    }
    assert.deepEqual(seen.sort(), ['a', 'b', 'c', 'd', 'e', 'x'])
  })
})
