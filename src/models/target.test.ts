import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Dataset } from '../data/index.js'
import { ShipyardError } from '../shared/index.js'
import { encodeTarget, MAX_CLASSES, prepareTarget } from './target.js'

const numeric = (name: string, values: number[]) => ({
  name,
  type: 'numeric' as const,
  values: Float64Array.from(values),
})
const categorical = (name: string, values: (string | null)[]) => {
  const dictionary = [...new Set(values.filter((v): v is string => v !== null))]
  return {
    name,
    type: 'categorical' as const,
    dictionary,
    codes: Int32Array.from(values, (v) => (v === null ? -1 : dictionary.indexOf(v))),
  }
}
const data = (...columns: Parameters<typeof Dataset.fromColumns>[0]) => Dataset.fromColumns(columns)

function refused(fn: () => unknown, pattern: RegExp): void {
  assert.throws(
    fn,
    (error: unknown) =>
      error instanceof ShipyardError &&
      error.code === 'INVALID_PARAMETER_VALUE' &&
      pattern.test(error.message),
  )
}

test('auto: two numeric values are binary with int64 labels; more are regression', () => {
  const binary = prepareTarget(data(numeric('y', [1, 0, 1, 1])), 'y', 'auto')
  assert.equal(binary.task, 'binary')
  assert.deepEqual(binary.classes, { kind: 'int64', values: [0, 1] })
  assert.deepEqual([...binary.labels], [1, 0, 1, 1])
  const regression = prepareTarget(data(numeric('y', [1.5, 0, 3, 1])), 'y', 'auto')
  assert.equal(regression.task, 'regression')
  assert.equal(regression.classes, null)
  assert.deepEqual([...regression.labels], [1.5, 0, 3, 1])
})

test('auto: categories are binary or multiclass with sorted string labels', () => {
  const t = prepareTarget(data(categorical('y', ['no', 'yes', 'no'])), 'y', 'auto')
  assert.equal(t.task, 'binary')
  assert.deepEqual(t.classes, { kind: 'string', values: ['no', 'yes'] })
  const m = prepareTarget(data(categorical('y', ['c', 'a', 'b', 'a'])), 'y', 'auto')
  assert.equal(m.task, 'multiclass')
  assert.deepEqual(m.classes?.values, ['a', 'b', 'c'])
  assert.deepEqual([...m.labels], [2, 0, 1, 0])
  const b = prepareTarget(
    data({ name: 'y', type: 'boolean', values: Int8Array.from([1, 0, 1]) }),
    'y',
    'auto',
  )
  assert.deepEqual(b.classes?.values, ['false', 'true'])
  assert.deepEqual([...b.labels], [1, 0, 1])
})

test('multiclass on integer codes; binary asked of three classes is refused', () => {
  const t = prepareTarget(data(numeric('y', [3, 1, 2, 1])), 'y', 'multiclass')
  assert.deepEqual(t.classes, { kind: 'int64', values: [1, 2, 3] })
  refused(
    () => prepareTarget(data(numeric('y', [3, 1, 2])), 'y', 'binary'),
    /has 3 classes; binary needs exactly 2/,
  )
})

test('bad targets are refused before training, naming column and rows', () => {
  refused(() => prepareTarget(data(numeric('x', [1, 2])), 'y', 'auto'), /no column 'y'; the columns are 'x'/)
  refused(
    () => prepareTarget(data(numeric('y', [1, Number.NaN, 0, Number.NaN])), 'y', 'auto'),
    /missing in 2 of 4 rows \(rows 1, 3\)/,
  )
  refused(() => prepareTarget(data(categorical('y', ['a', null])), 'y', 'auto'), /missing in 1 of 2 rows/)
  refused(() => prepareTarget(data(categorical('y', ['a', 'a'])), 'y', 'auto'), /single class \(a\)/)
  refused(
    () => prepareTarget(data(numeric('y', [1, Number.POSITIVE_INFINITY, 2])), 'y', 'regression'),
    /row 1 is Infinity/,
  )
  refused(
    () => prepareTarget(data(categorical('y', ['a', 'b', 'c'])), 'y', 'regression'),
    /regression needs a numeric target/,
  )
  const many = Array.from({ length: MAX_CLASSES + 1 }, (_, i) => `c${i}`)
  refused(
    () => prepareTarget(data(categorical('y', many)), 'y', 'auto'),
    new RegExp(`${MAX_CLASSES + 1} classes; at most ${MAX_CLASSES}`),
  )
})

test('other data is encoded under the training classes; an unseen class names its row', () => {
  const classes = { kind: 'string' as const, values: ['no', 'yes'] }
  assert.deepEqual([...encodeTarget(data(categorical('y', ['yes', 'no'])), 'y', classes)], [1, 0])
  refused(
    () => encodeTarget(data(categorical('y', ['yes', 'maybe'])), 'y', classes),
    /row 1 has class 'maybe'/,
  )
})
