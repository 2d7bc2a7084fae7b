import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { defaultPipeline } from './default-pipeline.js'
import { fitPipeline, transform } from './pipeline.js'
import { syntheticData } from './testing/synthetic-data.js'

const { train, apply } = syntheticData({ rows: 3000 })
const usable = train.drop(['all_missing'])

describe('defaultPipeline', () => {
  it('for trees: no imputing or scaling; ordinal codes, datetime parts; one-hot only for tiny known cardinality', () => {
    const spec = defaultPipeline(usable.schema, 'gbdt', 'target')
    assert.deepEqual(
      spec.steps.map((s) => s.type),
      ['datetime_parts', 'ordinal', 'ordinal'],
    )
    assert.deepEqual(spec.steps[1], { type: 'ordinal', columns: ['city', 'device'], order: 'frequency' })
    const tiny = defaultPipeline(usable.schema, 'gbdt', 'target', { cardinality: { city: 3 } })
    assert.deepEqual(tiny.steps[1], { type: 'one_hot', columns: ['city'], maxCategories: 4 })
    // Trees keep NaN: the raw amount column passes through unchanged.
    const fitted = fitPipeline(spec, usable, { target: 'target' })
    assert.ok(fitted.featureNames.includes('amount') && !fitted.featureNames.includes('target'))
    assert.ok(transform(fitted, apply).values.some(Number.isNaN))
  })

  it('for linear models: every feature is finite, even from NaN, ±Infinity and unseen categories', () => {
    const spec = defaultPipeline(usable.schema, 'linear', 'target')
    assert.deepEqual(
      spec.steps.map((s) => s.type),
      ['datetime_parts', 'impute', 'impute', 'clip', 'standard_scale', 'impute', 'one_hot'],
    )
    const fitted = fitPipeline(spec, usable, { target: 'target' })
    const matrix = transform(fitted, apply)
    assert.ok(matrix.values.every(Number.isFinite))
    assert.ok(matrix.names.includes('amount__missing') && matrix.names.includes('signup__hour__missing'))
    assert.ok(matrix.names.includes('city__missing') && matrix.names.includes('city=paris'))
  })

  it('fails the linear fit on an entirely missing column, naming it; refuses a target not in the schema', () => {
    const spec = defaultPipeline(train.schema, 'linear', 'target')
    assert.throws(
      () => fitPipeline(spec, train, { target: 'target' }),
      /impute\): column 'all_missing' has no non-missing/,
    )
    assert.throws(
      () => defaultPipeline(train.schema, 'gbdt', 'label'),
      /target column 'label' is not in the data; the columns are 'amount'/,
    )
  })
})
