import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Column } from '../../data/index.js'
import { parseStepSpec } from '../pipeline-spec.js'
import { categorical, frameOf, numeric, valuesOf } from '../testing/frames.js'
import { type ImputeSpec, imputeStep } from './impute-step.js'

function run(spec: Omit<ImputeSpec, 'type' | 'columns'>, column: Column, applied: Column = column) {
  const fitted = imputeStep.fit({ type: 'impute', columns: [column.name], ...spec }, frameOf(column), {
    seed: 0,
  })
  return { fitted, out: imputeStep.transform(fitted, frameOf(applied)) }
}

describe('impute step', () => {
  it('fills NaN with the mean, median or most frequent finite value; ±Infinity are values and stay', () => {
    const x = numeric('x', [1, 2, 2, 7, NaN, Infinity])
    assert.deepEqual(run({ strategy: 'mean' }, x).fitted.fills, [3])
    assert.deepEqual(run({ strategy: 'mean' }, x).fitted.imputed, [1], 'reports the rows it filled')
    assert.deepEqual(run({ strategy: 'median' }, x).fitted.fills, [2])
    assert.deepEqual(run({ strategy: 'most_frequent' }, x).fitted.fills, [2])
    assert.deepEqual(valuesOf(run({ strategy: 'median' }, x).out, 'x'), [1, 2, 2, 7, 2, Infinity])
  })

  it('breaks most_frequent ties with the smallest number and the first category in code-unit order', () => {
    assert.deepEqual(run({ strategy: 'most_frequent' }, numeric('x', [3, 3, 1, 1, 2])).fitted.fills, [1])
    const c = categorical('c', ['b', 'a', 'b', 'a', null, 'c'])
    assert.deepEqual(run({ strategy: 'most_frequent' }, c).fitted, {
      spec: { type: 'impute', columns: ['c'], strategy: 'most_frequent' },
      fills: ['a'],
      imputed: [1],
    })
  })

  it('fills a constant and adds a __missing indicator computed before filling', () => {
    const { out } = run({ strategy: 'constant', value: -1, indicator: true }, numeric('x', [5, NaN, NaN]))
    assert.deepEqual(valuesOf(out, 'x'), [5, -1, -1])
    assert.deepEqual(valuesOf(out, 'x__missing'), [0, 1, 1])
    assert.deepEqual([...out.keys()], ['x', 'x__missing'])
  })

  it('adds the indicator even when the training data had no missing value', () => {
    const { out } = run({ strategy: 'mean', indicator: true }, numeric('x', [1, 3]), numeric('x', [NaN, 1]))
    assert.deepEqual(valuesOf(out, 'x'), [2, 1])
    assert.deepEqual(valuesOf(out, 'x__missing'), [1, 0])
  })

  it('fills categories: a new constant joins the dictionary, unseen categories pass through', () => {
    const train = categorical('c', ['a', null, 'b'])
    const applied = categorical('c', [null, 'zebra', 'a'])
    const { out } = run({ strategy: 'constant', value: 'none', indicator: true }, train, applied)
    const c = out.get('c')
    assert.equal(c?.type, 'categorical')
    if (c?.type !== 'categorical') return
    assert.deepEqual(
      Array.from(c.codes, (code) => c.dictionary[code]),
      ['none', 'zebra', 'a'],
    )
    assert.deepEqual(valuesOf(out, 'c__missing'), [1, 0, 0])
  })

  it('fills text columns and reads booleans as numbers', () => {
    const text: Column = { name: 't', type: 'text', values: ['x', null, 'x', 'y'] }
    const filled = run({ strategy: 'most_frequent' }, text).out.get('t')
    assert.deepEqual(filled?.type === 'text' && filled.values, ['x', 'x', 'x', 'y'])
    const flag: Column = { name: 'b', type: 'boolean', values: Int8Array.from([1, -1, 0, 1]) }
    assert.deepEqual(valuesOf(run({ strategy: 'mean' }, flag).out, 'b'), [1, 2 / 3, 0, 1])
  })

  it('refuses what it cannot do, naming the column', () => {
    assert.throws(
      () => run({ strategy: 'mean' }, categorical('c', ['a'])),
      /impute: column 'c' is categorical; strategy 'mean' needs numbers: use 'most_frequent' or 'constant'/,
    )
    assert.throws(
      () => run({ strategy: 'median' }, numeric('x', [NaN, NaN])),
      /impute: column 'x' has no non-missing finite value in the training data.*use strategy 'constant'/,
    )
    assert.throws(
      () => run({ strategy: 'most_frequent' }, categorical('c', [null])),
      /column 'c' has no non-missing/,
    )
    assert.throws(
      () => run({ strategy: 'constant', value: 'zero' }, numeric('x', [1])),
      /column 'x' is numeric; its constant fill must be a number, got "zero"/,
    )
    assert.throws(
      () => run({ strategy: 'constant', value: 0 }, categorical('c', ['a'])),
      /column 'c' is categorical; its constant fill must be a string, got 0/,
    )
    const clash = frameOf(numeric('x', [1, NaN]), numeric('x__missing', [0, 0]))
    const fitted = imputeStep.fit(
      { type: 'impute', columns: ['x'], strategy: 'mean', indicator: true },
      clash,
      { seed: 0 },
    )
    assert.throws(
      () => imputeStep.transform(fitted, clash),
      /column 'x__missing' exists already; the missing indicator of 'x'/,
    )
    const when: Column = { name: 'd', type: 'datetime', values: Float64Array.from([0]) }
    assert.throws(
      () => run({ strategy: 'mean' }, when),
      /column 'd' is datetime; impute needs a numeric or boolean column/,
    )
  })

  it('validates its spec: a strategy, and value only (and always) with constant', () => {
    const bad: [unknown, RegExp][] = [
      [
        { columns: ['x'] },
        /steps\[2\]\.strategy: must be one of 'mean', 'median', 'most_frequent', 'constant', got nothing/,
      ],
      [{ columns: ['x'], strategy: 'mode' }, /steps\[2\]\.strategy: must be one of .*got "mode"/],
      [
        { columns: ['x'], strategy: 'mean', value: 1 },
        /steps\[2\]\.value: is only used with strategy 'constant'/,
      ],
      [
        { columns: ['x'], strategy: 'constant' },
        /steps\[2\]\.value: must be a finite number .* or a non-empty string/,
      ],
      [{ columns: ['x'], strategy: 'constant', value: '' }, /steps\[2\]\.value: must be a finite number/],
      [{ columns: ['x', 'x'], strategy: 'mean' }, /steps\[2\]\.columns: column 'x' is listed twice/],
      [{ columns: ['x'], strategy: 'mean', indicatr: true }, /steps\[2\]\.indicatr: is not a known field/],
    ]
    for (const [fields, message] of bad) {
      assert.throws(() => parseStepSpec({ type: 'impute', ...(fields as object) }, 'steps[2]'), message)
    }
  })

  it('shares a complete float64 column, copies one with gaps, and leaves its input as it was', () => {
    const complete = numeric('x', [1, 2, 3])
    assert.equal(run({ strategy: 'median' }, complete).out.get('x'), complete)
    const gaps = numeric('x', [Number.NaN, 2, Number.NaN, 4])
    const { out } = run({ strategy: 'median' }, gaps)
    assert.deepEqual(valuesOf(out, 'x'), [3, 2, 3, 4])
    assert.deepEqual(valuesOf(frameOf(gaps), 'x'), [Number.NaN, 2, Number.NaN, 4])
    const boolean: Column = { name: 'b', type: 'boolean', values: Int8Array.from([1, -1, 0, 1]) }
    assert.deepEqual(valuesOf(run({ strategy: 'median' }, boolean).out, 'b'), [1, 1, 0, 1])
    assert.deepEqual(Array.from(boolean.values), [1, -1, 0, 1])
  })
})
