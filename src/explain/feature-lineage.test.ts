import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Column } from '../data/index.js'
import { fitPipeline, type PipelineSpec, STEPS } from '../features/index.js'
import { syntheticData } from '../features/testing/synthetic-data.js'
import { featureSources } from './feature-lineage.js'
import { RawAttribution } from './raw-attribution.js'

// Every step type, chained so that later steps read earlier steps' outputs.
const SPEC: PipelineSpec = {
  steps: [
    { type: 'expression', name: 'ratio', sql: 'amount / nullif("count", 0)' },
    { type: 'impute', columns: ['amount', 'count'], strategy: 'median', indicator: true },
    { type: 'log1p', columns: ['amount'] },
    { type: 'clip', columns: ['signed'], min: -5, max: 5 },
    { type: 'bucketize', columns: ['signed'], buckets: 4 },
    { type: 'standard_scale', columns: ['count'] },
    { type: 'min_max_scale', columns: ['small'] },
    { type: 'robust_scale', columns: ['ratio'] },
    { type: 'one_hot', columns: ['city'], maxCategories: 3, unknown: 'other', missingColumn: true },
    { type: 'hash', columns: ['region', 'note'], buckets: 4, output: 'onehot' },
    { type: 'ordinal', columns: ['device'] },
    { type: 'target_encode', columns: ['shop'] },
    // No `parts`: the step's default parts.
    { type: 'datetime_parts', columns: ['signup'] },
    { type: 'expression', name: 'mix', sql: '"signup__year" + "count" * "city=paris"' },
  ],
}

function data() {
  const train = syntheticData({ rows: 300, seed: 5 }).train
  const city = train.column('city') as Extract<Column, { type: 'categorical' }>
  return train.withColumns([
    { ...city, name: 'region' },
    { ...city, name: 'shop' },
  ])
}

test('every step type is in the lineage pipeline', () => {
  assert.deepEqual(new Set(SPEC.steps.map((s) => s.type)), new Set(Object.keys(STEPS)))
})

test('each feature derives from the raw columns it is computed from, through every step type', () => {
  const pipeline = fitPipeline(SPEC, data(), { target: 'target' })
  const sources = featureSources(pipeline)
  const of = new Map(pipeline.featureNames.map((name, f) => [name, sources[f]]))
  const expect = (name: string, columns: string[]) => assert.deepEqual(of.get(name), columns, name)
  expect('amount', ['amount'])
  expect('amount__missing', ['amount'])
  expect('count', ['count'])
  expect('count__missing', ['count'])
  expect('signed', ['signed'])
  expect('small', ['small'])
  expect('constant', ['constant'])
  expect('is_member', ['is_member'])
  expect('device', ['device'])
  expect('shop', ['shop'])
  // An expression over two raw columns, then scaled in place.
  expect('ratio', ['amount', 'count'])
  expect('city=paris', ['city'])
  expect('city__other', ['city'])
  expect('city__missing', ['city'])
  for (let b = 0; b < 4; b++) {
    expect(`region#${b}`, ['region'])
    expect(`note#${b}`, ['note'])
  }
  for (const part of ['year', 'month', 'day', 'day_of_week', 'hour']) expect(`signup__${part}`, ['signup'])
  // Followed back through datetime_parts, standard_scale and one_hot, in input order.
  expect('mix', ['count', 'city', 'signup'])
  assert.deepEqual(
    pipeline.featureNames.filter((name) => of.get(name)!.length === 0),
    [],
    'every feature has a source',
  )
})

test('contributions aggregate to raw columns, multi-source features split equally; totals are kept', () => {
  const pipeline = fitPipeline(SPEC, data(), { target: 'target' })
  const attribution = new RawAttribution(pipeline)
  assert.deepEqual(
    attribution.columns,
    pipeline.inputs.map((input) => input.name),
  )
  const width = pipeline.featureNames.length
  const phi = new Float64Array(2 * width)
  const at = (name: string) => pipeline.featureNames.indexOf(name)
  phi[at('city=paris')] = 1
  phi[at('city__missing')] = 2
  phi[at('ratio')] = 4
  phi[width + at('mix')] = 3
  const out = new Float64Array(2 * attribution.columns.length)
  attribution.aggregate(phi, 2, out)
  const column = (g: number, name: string) =>
    out[g * attribution.columns.length + attribution.columns.indexOf(name)]
  assert.equal(column(0, 'city'), 3)
  assert.equal(column(0, 'amount'), 2)
  assert.equal(column(0, 'count'), 2)
  assert.equal(column(1, 'count'), 1)
  assert.equal(column(1, 'city'), 1)
  assert.equal(column(1, 'signup'), 1)
  assert.equal(
    out.reduce((a, b) => a + b, 0),
    10,
  )
})

test('a feature no raw column feeds (a constant expression) stands for itself', () => {
  const spec: PipelineSpec = {
    steps: [{ type: 'expression', name: 'one', sql: '1' }],
    output: ['small', 'one'],
  }
  const pipeline = fitPipeline(spec, data(), { target: 'target' })
  assert.deepEqual(featureSources(pipeline), [['small'], []])
  const attribution = new RawAttribution(pipeline)
  assert.deepEqual(attribution.columns, ['small', 'one'])
  const out = new Float64Array(2)
  attribution.aggregate(Float64Array.from([0.5, 2]), 1, out)
  assert.deepEqual([...out], [0.5, 2])
})
