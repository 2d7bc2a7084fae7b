import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Column } from '../column.js'
import { Dataset } from '../dataset.js'
import type { Expectation } from './expectation.js'
import { validateDataset } from './validate-dataset.js'
import type { ExpectationResult } from './validation-report.js'

const { NaN: nan, POSITIVE_INFINITY: inf, NEGATIVE_INFINITY: ninf } = Number

function numeric(name: string, values: number[]): Column {
  return { name, type: 'numeric', values: Float64Array.from(values) }
}
function categorical(name: string, values: (string | null)[]): Column {
  const dictionary: string[] = []
  const codes = Int32Array.from(values, (v) => {
    if (v === null) return -1
    if (!dictionary.includes(v)) dictionary.push(v)
    return dictionary.indexOf(v)
  })
  return { name, type: 'categorical', codes, dictionary }
}

/** The single result of checking one expectation. */
function check(columns: Column[], expectation: Expectation): ExpectationResult {
  const report = validateDataset(Dataset.fromColumns(columns), [expectation])
  const [result] = [...report.failed, ...report.passed]
  assert.equal(report.valid, result!.passed)
  return result!
}

describe('validateDataset', () => {
  it('required: passes on a present column, fails naming the columns there are', () => {
    const cols = [numeric('a', [1]), numeric('b', [2])]
    assert.equal(check(cols, { kind: 'required', column: 'a' }).passed, true)
    const r = check(cols, { kind: 'required', column: 'z' })
    assert.equal(r.passed, false)
    assert.equal(r.column, 'z')
    assert.match(r.message, /absent; the dataset has 'a', 'b'/)
  })

  it('column_type: compares the logical type; an absent column fails', () => {
    const cols = [numeric('a', [1]), categorical('c', ['x'])]
    assert.equal(check(cols, { kind: 'column_type', column: 'a', type: 'numeric' }).passed, true)
    const r = check(cols, { kind: 'column_type', column: 'c', type: 'numeric' })
    assert.equal(r.passed, false)
    assert.equal(r.message, 'is categorical, expected numeric')
    assert.match(check(cols, { kind: 'column_type', column: 'q', type: 'text' }).message, /'q' is absent/)
  })

  it('max_null_fraction: counts missing rows of every column type against the bound', () => {
    const cols: Column[] = [
      numeric('n', [1, nan, 3, nan]),
      categorical('c', ['a', null, 'b', 'a']),
      { name: 'b', type: 'boolean', values: Int8Array.from([1, -1, -1, -1]) },
      { name: 'd', type: 'datetime', values: Float64Array.from([0, 1, 2, 3]) },
      { name: 't', type: 'text', values: ['x', null, null, 'y'] },
    ]
    const n = check(cols, { kind: 'max_null_fraction', column: 'n', max: 0.5 })
    assert.deepEqual([n.passed, n.failingCount], [true, 2])
    const n2 = check(cols, { kind: 'max_null_fraction', column: 'n', max: 0.25 })
    assert.deepEqual([n2.passed, n2.failingCount], [false, 2])
    assert.deepEqual(n2.examples, [
      { row: 1, value: null },
      { row: 3, value: null },
    ])
    assert.match(n2.message, /2 rows of 4 missing \(50%\); at most 25% allowed/)
    assert.equal(check(cols, { kind: 'max_null_fraction', column: 'c', max: 0 }).failingCount, 1)
    assert.equal(check(cols, { kind: 'max_null_fraction', column: 'b', max: 0.7 }).passed, false)
    assert.equal(check(cols, { kind: 'max_null_fraction', column: 'd', max: 0 }).passed, true)
    assert.deepEqual(
      check(cols, { kind: 'max_null_fraction', column: 't', max: 0 }).examples.map((e) => e.row),
      [1, 2],
    )
  })

  it('max_null_fraction: an empty dataset has fraction 0', () => {
    assert.equal(check([numeric('n', [])], { kind: 'max_null_fraction', column: 'n', max: 0 }).passed, true)
  })

  it('range: inclusive bounds; NaN is missing, not out of range; ±Infinity is out unless that side is unbounded', () => {
    const cols = [numeric('x', [0, 10, nan, 5, inf, ninf, -0.5, 10.5])]
    const r = check(cols, { kind: 'range', column: 'x', min: 0, max: 10 })
    assert.equal(r.passed, false)
    assert.equal(r.failingCount, 4)
    assert.deepEqual(r.examples, [
      { row: 4, value: inf },
      { row: 5, value: ninf },
      { row: 6, value: -0.5 },
      { row: 7, value: 10.5 },
    ])
    // No max: +Infinity is in range, -Infinity is not.
    const lower = check(cols, { kind: 'range', column: 'x', min: -1 })
    assert.deepEqual(
      lower.examples.map((e) => e.row),
      [5],
    )
    // An explicit infinite bound is the same as none.
    assert.equal(check(cols, { kind: 'range', column: 'x', min: ninf, max: inf }).passed, true)
    const nanOnly = check([numeric('x', [nan, nan])], { kind: 'range', column: 'x', min: 0, max: 1 })
    assert.deepEqual([nanOnly.passed, nanOnly.failingCount], [true, 0])
  })

  it('range: works on datetimes (epoch ms) and refuses a categorical column', () => {
    const d: Column = { name: 'd', type: 'datetime', values: Float64Array.from([1000, 2000, nan]) }
    assert.equal(check([d], { kind: 'range', column: 'd', min: 1000, max: 1500 }).failingCount, 1)
    const r = check([categorical('c', ['a'])], { kind: 'range', column: 'c', min: 0 })
    assert.equal(r.passed, false)
    assert.equal(r.message, "range applies to numeric or datetime columns; 'c' is categorical")
  })

  it('range: a Float32Array column is checked on its float32 values', () => {
    const f: Column = { name: 'f', type: 'numeric', values: Float32Array.from([0.1, 0.2]) }
    // float32(0.1) > 0.1 as a double.
    assert.equal(check([f], { kind: 'range', column: 'f', max: 0.1 }).failingCount, 2)
  })

  it('allowed_categories: categorical by code, text by value; missing values are allowed', () => {
    const cat = categorical('c', ['a', 'b', null, 'z', 'a', 'y'])
    const r = check([cat], { kind: 'allowed_categories', column: 'c', values: ['a', 'b'] })
    assert.equal(r.failingCount, 2)
    assert.deepEqual(r.examples, [
      { row: 3, value: 'z' },
      { row: 5, value: 'y' },
    ])
    assert.equal(
      check([cat], { kind: 'allowed_categories', column: 'c', values: ['a', 'b', 'y', 'z'] }).passed,
      true,
    )
    const text: Column = { name: 't', type: 'text', values: ['a', null, 'q'] }
    assert.deepEqual(check([text], { kind: 'allowed_categories', column: 't', values: ['a'] }).examples, [
      { row: 2, value: 'q' },
    ])
    assert.equal(
      check([numeric('n', [1])], { kind: 'allowed_categories', column: 'n', values: [] }).passed,
      false,
    )
  })

  it('unique: reports repeats (second and later occurrences) and skips missing values, for every type', () => {
    const n = check([numeric('n', [1, 2, nan, nan, 2, 0, -0, 2])], { kind: 'unique', column: 'n' })
    assert.equal(n.failingCount, 3)
    assert.deepEqual(
      n.examples.map((e) => e.row),
      [4, 6, 7],
    )
    assert.equal(check([numeric('n', [1, nan, nan, 2])], { kind: 'unique', column: 'n' }).passed, true)
    const c = check([categorical('c', ['a', null, null, 'b', 'a'])], { kind: 'unique', column: 'c' })
    assert.deepEqual(
      c.examples.map((e) => e.row),
      [4],
    )
    const b: Column = { name: 'b', type: 'boolean', values: Int8Array.from([1, 0, -1, 1, 0]) }
    assert.equal(check([b], { kind: 'unique', column: 'b' }).failingCount, 2)
    const t: Column = { name: 't', type: 'text', values: ['x', null, null, 'x'] }
    assert.deepEqual(check([t], { kind: 'unique', column: 't' }).examples, [{ row: 3, value: 'x' }])
  })

  it('row_count: inclusive bounds, decided without a column', () => {
    const cols = [numeric('a', [1, 2, 3])]
    assert.equal(check(cols, { kind: 'row_count', min: 3, max: 3 }).passed, true)
    const low = check(cols, { kind: 'row_count', min: 4 })
    assert.deepEqual([low.passed, low.column, low.message], [false, null, '3 rows; expected at least 4'])
    assert.equal(check(cols, { kind: 'row_count', max: 2 }).message, '3 rows; expected at most 2')
  })

  it('no_infinite: finds ±Infinity, not NaN; refuses text columns', () => {
    const r = check([numeric('x', [1, inf, nan, ninf, -1e308])], { kind: 'no_infinite', column: 'x' })
    assert.deepEqual(
      r.examples.map((e) => e.row),
      [1, 3],
    )
    assert.equal(check([numeric('x', [1, nan])], { kind: 'no_infinite', column: 'x' }).passed, true)
    const t: Column = { name: 't', type: 'text', values: ['a'] }
    assert.equal(check([t], { kind: 'no_infinite', column: 't' }).passed, false)
  })

  it('caps examples at five but counts every failing row, across scan blocks', () => {
    const n = 30_000
    const values = new Float64Array(n)
    for (let i = 0; i < n; i += 1000) values[i] = -1
    const r = check([numeric('x', Array.from(values))], { kind: 'range', column: 'x', min: 0 })
    assert.equal(r.failingCount, 30)
    assert.deepEqual(
      r.examples.map((e) => e.row),
      [0, 1000, 2000, 3000, 4000],
    )
  })

  it('checks several expectations on one column together and keeps the list order in the report', () => {
    const n = 20_000
    const x = new Float64Array(n)
    for (let i = 0; i < n; i++) x[i] = i % 9000
    x[8191] = Number.NaN // the last row of the first block
    x[8192] = Number.POSITIVE_INFINITY // the first row of the second
    const dataset = Dataset.fromColumns([{ name: 'x', type: 'numeric', values: x }])
    const report = validateDataset(
      dataset,
      [
        { kind: 'unique', column: 'x' },
        { kind: 'max_null_fraction', column: 'x', max: 0 },
        { kind: 'no_infinite', column: 'x' },
        { kind: 'range', column: 'x', min: 0, max: 8999 },
        { kind: 'row_count', min: 1 },
      ],
      { source: 'x.csv' },
    )
    assert.equal(report.valid, false)
    assert.equal(report.source, 'x.csv')
    assert.deepEqual(
      report.failed.map((r) => [r.index, r.failingCount]),
      [
        [0, n - 9000 - 2], // 11,000 repeats, minus the NaN row (skipped) and the Infinity row (unique)
        [1, 1],
        [2, 1],
        [3, 1],
      ],
    )
    assert.deepEqual(report.failed[1]!.examples, [{ row: 8191, value: null }])
    assert.deepEqual(report.failed[2]!.examples, [{ row: 8192, value: Number.POSITIVE_INFINITY }])
    assert.deepEqual(
      report.passed.map((r) => r.index),
      [4],
    )
  })

  it('an empty expectation list is valid', () => {
    const report = validateDataset(Dataset.fromColumns([]), [])
    assert.deepEqual(report, { valid: true, source: null, rowCount: 0, failed: [], passed: [] })
  })
})
