import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import type { Dataset } from '../data/index.js'
import { defaultPipeline } from './default-pipeline.js'
import { assertOnnxParity } from './parity.test-suite.js'
import type { SpecOf, StepSpec, StepType } from './step-spec.js'
import { syntheticData } from './testing/synthetic-data.js'

const NUMERIC = ['amount', 'small', 'signed', 'count', 'constant', 'all_missing', 'is_member']
const NON_EMPTY = ['amount', 'small', 'signed', 'count', 'constant', 'is_member']
const STRINGS = ['city', 'device', 'note']

// The acceptance test: one or more specs per step type, a closed table, so that a new step type
// does not compile until it has a parity case here. Each runs on the columns it names (plus the
// target); string columns a step leaves as strings are then ordinal-encoded, so that the graph's
// string output is checked too.
const CASES: { readonly [K in StepType]: readonly SpecOf<K>[] } = {
  impute: [
    { type: 'impute', columns: NON_EMPTY, strategy: 'mean', indicator: true },
    { type: 'impute', columns: NON_EMPTY, strategy: 'median' },
    { type: 'impute', columns: NON_EMPTY, strategy: 'most_frequent', indicator: true },
    { type: 'impute', columns: NUMERIC, strategy: 'constant', value: -5, indicator: true },
    { type: 'impute', columns: STRINGS, strategy: 'most_frequent', indicator: true },
    { type: 'impute', columns: STRINGS, strategy: 'constant', value: 'unknown' },
    { type: 'impute', columns: ['city'], strategy: 'constant', value: 'atlantis' },
  ],
  standard_scale: [{ type: 'standard_scale', columns: NUMERIC }],
  min_max_scale: [
    { type: 'min_max_scale', columns: NUMERIC },
    { type: 'min_max_scale', columns: NUMERIC, range: [-1, 1], clip: true },
  ],
  robust_scale: [{ type: 'robust_scale', columns: NUMERIC, quantileRange: [10, 90] }],
  log1p: [{ type: 'log1p', columns: NUMERIC }],
  clip: [
    { type: 'clip', columns: NUMERIC, quantiles: [0.01, 0.99] },
    { type: 'clip', columns: NUMERIC, min: -1 },
    { type: 'clip', columns: NUMERIC, min: 0, max: 10 },
  ],
  bucketize: [
    { type: 'bucketize', columns: NUMERIC, buckets: 10 },
    { type: 'bucketize', columns: ['count'], buckets: 100 },
  ],
  one_hot: [
    { type: 'one_hot', columns: STRINGS, maxCategories: 20 },
    { type: 'one_hot', columns: ['city', 'device'], maxCategories: 5, unknown: 'other', missingColumn: true },
  ],
  ordinal: [
    { type: 'ordinal', columns: STRINGS },
    { type: 'ordinal', columns: ['city', 'device'], order: 'lexical', maxCategories: 50, unknownValue: 999 },
  ],
  target_encode: [{ type: 'target_encode', columns: STRINGS, smoothing: 10, folds: 5 }],
  hash: [
    { type: 'hash', columns: STRINGS, buckets: 1024 },
    { type: 'hash', columns: ['city'], buckets: 16, output: 'onehot', signed: true },
  ],
  datetime_parts: [{ type: 'datetime_parts', columns: ['signup'] }],
  expression: [
    { type: 'expression', name: 'ratio', sql: 'amount / nullif(signed, 0) + ln(count) * is_member' },
    {
      type: 'expression',
      name: 'amount',
      sql: 'CASE WHEN amount > 100 THEN round(amount / 7) ELSE -amount END',
    },
  ],
}

describe('ONNX parity of every step type on 10,000 rows with missing values and unseen categories', () => {
  let train: Dataset
  let apply: Dataset
  before(() => {
    ;({ train, apply } = syntheticData())
  })

  for (const [type, specs] of Object.entries(CASES)) {
    specs.forEach((spec, i) => {
      it(`${type} #${i}`, async () => {
        const columns = 'columns' in spec ? spec.columns : ['amount', 'signed', 'count', 'is_member']
        const encode = type === 'impute' && columns.some((c) => STRINGS.includes(c))
        const steps: StepSpec[] = encode ? [spec, { type: 'ordinal', columns }] : [spec]
        const { matrix } = await assertOnnxParity({ steps }, train.select([...columns, 'target']), apply, {
          target: 'target',
        })
        assert.equal(matrix.rowCount, 10_000)
        assert.ok(matrix.names.length >= columns.length)
      })
    })
  }

  it('a chain: impute, clip, log1p, robust_scale, bucketize, min_max_scale, one_hot, datetime_parts', async () => {
    await assertOnnxParity(
      {
        steps: [
          { type: 'impute', columns: ['amount', 'signed'], strategy: 'median', indicator: true },
          { type: 'clip', columns: ['signed'], quantiles: [0.05, 0.95] },
          { type: 'log1p', columns: ['amount'] },
          { type: 'robust_scale', columns: ['amount', 'signed'] },
          { type: 'bucketize', columns: ['small'], buckets: 5 },
          { type: 'min_max_scale', columns: ['count'], clip: true },
          { type: 'impute', columns: ['city'], strategy: 'constant', value: 'nowhere' },
          { type: 'one_hot', columns: ['city'], unknown: 'other' },
          { type: 'datetime_parts', columns: ['signup'] },
        ],
        output: undefined,
      },
      train.drop(['device', 'note', 'all_missing']),
      apply,
      { target: 'target' },
    )
  })

  for (const model of ['gbdt', 'linear'] as const) {
    it(`the default ${model} pipeline`, async () => {
      const data = train.drop(['all_missing'])
      const spec = defaultPipeline(data.schema, model, 'target')
      const { matrix } = await assertOnnxParity(spec, data, apply, { target: 'target' })
      assert.ok(matrix.names.length > 10)
    })
  }
})
