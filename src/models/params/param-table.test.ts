import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ShipyardError } from '../../shared/index.js'
import { GBDT_DEFAULTS } from '../gbdt/train-gbdt.js'
import { LINEAR_DEFAULTS } from '../linear/train-linear.js'
import { GBDT_PARAMS } from './gbdt-params.js'
import { LINEAR_PARAMS } from './linear-params.js'
import { describeParams, parseParams } from './param-table.js'

test('reads snake_case and camelCase names, strings and typed values, over the defaults', () => {
  const params = parseParams(
    GBDT_PARAMS,
    GBDT_DEFAULTS,
    { num_leaves: '63', learningRate: 0.05, lambda_l2: '1e-3' },
    'gbdt',
  )
  assert.equal(params.numLeaves, 63)
  assert.equal(params.learningRate, 0.05)
  assert.equal(params.lambdaL2, 0.001)
  assert.equal(params.numTrees, GBDT_DEFAULTS.numTrees)
  const linear = parseParams(
    LINEAR_PARAMS,
    LINEAR_DEFAULTS,
    { fit_intercept: 'false', solver: 'lbfgs' },
    'linear',
  )
  assert.equal(linear.fitIntercept, false)
  assert.equal(linear.solver, 'lbfgs')
})

test('an unknown name lists the parameters and suggests the closest', () => {
  assert.throws(
    () => parseParams(GBDT_PARAMS, GBDT_DEFAULTS, { num_leafs: 8 }, 'gbdt'),
    (error: unknown) =>
      error instanceof ShipyardError &&
      error.code === 'INVALID_PARAMETER_VALUE' &&
      error.details.field === 'params.num_leafs' &&
      error.message.includes("did you mean 'num_leaves'?") &&
      error.message.includes('learning_rate, num_leaves'.split(', ')[0]!) &&
      error.message.includes('max_bins'),
  )
  assert.throws(
    () => parseParams(GBDT_PARAMS, GBDT_DEFAULTS, { colsample_bytree: 0.5 }, 'gbdt'),
    (error: unknown) => error instanceof ShipyardError && !error.message.includes('did you mean'),
  )
})

test('out-of-range, non-integer and non-numeric values name the parameter and the range', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ num_leaves: 1 }, /params\.num_leaves|num_leaves.*>= 2/],
    [{ max_bins: 256 }, /<= 255/],
    [{ learning_rate: 0 }, /> 0/],
    [{ num_trees: 2.5 }, /must be an integer/],
    [{ lambda_l1: 'lots' }, /must be a finite number, got 'lots'/],
    [{ bagging_fraction: 1.5 }, /<= 1/],
    [{ objective: 'poisson' }, /must be one of 'binary'/],
  ]
  for (const [given, pattern] of cases) {
    assert.throws(
      () => parseParams(GBDT_PARAMS, GBDT_DEFAULTS, given, 'gbdt'),
      (error: unknown) => error instanceof ShipyardError && pattern.test(error.message),
      JSON.stringify(given),
    )
  }
  assert.throws(
    () => parseParams(LINEAR_PARAMS, LINEAR_DEFAULTS, { fit_intercept: 'yes' }, 'linear'),
    /true or false/,
  )
})

test('every parameter is documented, and its field has a default', () => {
  assert.equal(describeParams(GBDT_PARAMS).length, Object.keys(GBDT_PARAMS).length)
  assert.equal(describeParams(LINEAR_PARAMS).length, Object.keys(LINEAR_PARAMS).length)
  for (const rule of Object.values(GBDT_PARAMS)) assert.ok(rule.field in GBDT_DEFAULTS, rule.field)
  for (const rule of Object.values(LINEAR_PARAMS)) assert.ok(rule.field in LINEAR_DEFAULTS, rule.field)
})

test('docs/models.md documents every parameter', async () => {
  const { readFile } = await import('node:fs/promises')
  const docs = await readFile(new URL('../../../docs/models.md', import.meta.url), 'utf8')
  for (const name of [...Object.keys(GBDT_PARAMS), ...Object.keys(LINEAR_PARAMS)]) {
    assert.ok(docs.includes(`\`${name}\``), `docs/models.md does not mention \`${name}\``)
  }
})
