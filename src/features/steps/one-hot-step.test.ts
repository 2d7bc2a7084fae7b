import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Column } from '../../data/index.js'
import { Dataset } from '../../data/index.js'
import { assertOnnxParity } from '../parity.test-suite.js'
import type { AnyFeatureStep } from '../pipeline.js'
import { SpecReader } from '../spec-reader.js'
import { syntheticData } from '../testing/synthetic-data.js'
import { type OneHotSpec, oneHotStep, parseOneHotSpec, replaceColumn } from './one-hot-step.js'

const steps = { one_hot: oneHotStep as unknown as AnyFeatureStep }
const frameOf = (...columns: Column[]) => new Map(columns.map((c) => [c.name, c]))
const text = (name: string, values: (string | null)[]): Column => ({ name, type: 'text', values })
const spec = (extra: Partial<OneHotSpec> = {}): OneHotSpec => ({ type: 'one_hot', columns: ['c'], ...extra })

// Rows of the named 0/1 columns, for readable assertions.
function rows(frame: ReadonlyMap<string, Column>, names: readonly string[]): number[][] {
  const columns = names.map((name) => (frame.get(name) as { values: Float64Array }).values)
  return Array.from({ length: columns[0]!.length }, (_, i) => columns.map((values) => values[i]!))
}

// b x3, a x2, c x1, plus missing.
const TRAIN = text('c', ['a', 'b', null, 'b', 'c', 'a', 'b', ''])
const APPLY = text('c', ['a', 'b', 'c', 'unseen', null, ''])

describe('one_hot step', () => {
  it('replaces the column in place by <col>=<category>, most frequent first; unknown and missing all zeros', () => {
    const frame = frameOf(text('first', []), TRAIN, text('last', []))
    const fitted = oneHotStep.fit(spec(), frame, { seed: 0 })
    assert.deepEqual(fitted.categories, [['b', 'a', 'c']])
    const out = oneHotStep.transform(fitted, frameOf(text('first', []), APPLY, text('last', [])))
    assert.deepEqual([...out.keys()], ['first', 'c=b', 'c=a', 'c=c', 'last'])
    assert.deepEqual(rows(out, ['c=b', 'c=a', 'c=c']), [
      [0, 1, 0],
      [1, 0, 0],
      [0, 0, 1],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ])
  })

  it('adds <col>__other for unknowns (and categories beyond maxCategories) and <col>__missing when asked', () => {
    const fitted = oneHotStep.fit(
      spec({ maxCategories: 2, unknown: 'other', missingColumn: true }),
      frameOf(TRAIN),
      {
        seed: 0,
      },
    )
    assert.deepEqual(fitted.categories, [['b', 'a']])
    const out = oneHotStep.transform(fitted, frameOf(APPLY))
    const names = ['c=b', 'c=a', 'c__other', 'c__missing']
    assert.deepEqual([...out.keys()], names)
    assert.deepEqual(rows(out, names), [
      [0, 1, 0, 0],
      [1, 0, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
      [0, 0, 0, 1],
    ])
  })

  it('encodes a categorical column like its text', () => {
    const categorical: Column = {
      name: 'c',
      type: 'categorical',
      codes: Int32Array.from([0, 1, -1, 1, 2, 0, 1, 3]),
      dictionary: ['a', 'b', 'c', ''],
    }
    const fitted = oneHotStep.fit(spec({ unknown: 'other' }), frameOf(categorical), { seed: 0 })
    assert.deepEqual(fitted.categories, [['b', 'a', 'c']])
    const names = ['c=b', 'c=a', 'c=c', 'c__other']
    assert.deepEqual(
      rows(oneHotStep.transform(fitted, frameOf(categorical)), names),
      rows(oneHotStep.transform(fitted, frameOf(TRAIN)), names),
    )
  })

  it('drops the column when training saw no value and neither other nor missing is asked', () => {
    const fitted = oneHotStep.fit(spec(), frameOf(text('c', [null, '']), text('k', [])), { seed: 0 })
    assert.deepEqual(
      [...oneHotStep.transform(fitted, frameOf(text('c', ['x']), text('k', []))).keys()],
      ['k'],
    )
  })

  it('refuses to overwrite an existing column with an output, and a column of the wrong type', () => {
    const fitted = oneHotStep.fit(spec(), frameOf(TRAIN), { seed: 0 })
    assert.throws(
      () => oneHotStep.transform(fitted, frameOf(TRAIN, text('c=a', []))),
      /one_hot: column 'c' would produce column 'c=a', which the frame already has/,
    )
    const numeric = frameOf({ name: 'c', type: 'numeric', values: Float64Array.from([1]) })
    assert.throws(() => oneHotStep.fit(spec(), numeric, { seed: 0 }), /one_hot: column 'c' is numeric/)
    assert.throws(
      () => oneHotStep.fit(spec({ columns: ['zz'] }), numeric, { seed: 0 }),
      /column 'zz' does not exist/,
    )
  })

  it('replaceColumn keeps the order of the other columns and may add nothing', () => {
    const frame = new Map([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ])
    assert.deepEqual(
      [
        ...replaceColumn(frame, 's', 'b', [
          ['x', 9],
          ['y', 8],
        ]),
      ],
      [
        ['a', 1],
        ['x', 9],
        ['y', 8],
        ['c', 3],
      ],
    )
    assert.deepEqual(
      [...replaceColumn(frame, 's', 'b', [])],
      [
        ['a', 1],
        ['c', 3],
      ],
    )
  })

  it('parses its spec with defaults and refuses bad fields', () => {
    const read = (json: object) => {
      const r = new SpecReader('steps[0]', { type: 'one_hot', columns: ['c'], ...json })
      r.raw('type')
      const parsed = parseOneHotSpec(r)
      r.finish()
      return parsed
    }
    assert.deepEqual(read({}), {
      type: 'one_hot',
      columns: ['c'],
      maxCategories: 20,
      unknown: 'zeros',
      missingColumn: false,
    })
    assert.throws(() => read({ unknown: 'ignore' }), /steps\[0\]\.unknown: must be one of 'zeros', 'other'/)
    assert.throws(() => read({ maxCategories: 2.5 }), /maxCategories: must be an integer/)
  })

  it('survives a JSON round trip of the fitted state', () => {
    const fitted = oneHotStep.fit(spec({ unknown: 'other' }), frameOf(TRAIN), { seed: 0 })
    const copy = JSON.parse(JSON.stringify(fitted)) as typeof fitted
    const names = ['c=b', 'c=a', 'c=c', 'c__other']
    assert.deepEqual(
      rows(oneHotStep.transform(copy, frameOf(APPLY)), names),
      rows(oneHotStep.transform(fitted, frameOf(APPLY)), names),
    )
  })

  it('matches onnxruntime on 10,000 rows with unseen categories, for every option', async () => {
    const { train, apply } = syntheticData()
    const columns = ['city', 'device', 'note']
    const options: Partial<OneHotSpec>[] = [
      {},
      { unknown: 'other' },
      { missingColumn: true },
      { maxCategories: 3, unknown: 'other', missingColumn: true },
      { maxCategories: 1 },
    ]
    for (const option of options) {
      const { matrix } = await assertOnnxParity(
        { steps: [spec({ ...option, columns })] },
        train.select(columns),
        apply.select(columns),
        { steps },
      )
      assert.ok(matrix.names.includes('city=paris'))
    }
    // A column whose training values are all missing: only its __other / __missing columns remain.
    const empty = Dataset.fromColumns([
      text('e', [null, '', null]),
      { name: 'n', type: 'numeric', values: Float64Array.from([1, 2, 3]) },
    ])
    const unseen = Dataset.fromColumns([
      text('e', ['x', null, 'y']),
      { name: 'n', type: 'numeric', values: Float64Array.from([1, 2, 3]) },
    ])
    const { matrix } = await assertOnnxParity(
      { steps: [spec({ columns: ['e'], unknown: 'other', missingColumn: true })] },
      empty,
      unseen,
      { steps },
    )
    assert.deepEqual(matrix.names, ['e__other', 'e__missing', 'n'])
    assert.deepEqual(Array.from(matrix.values), [1, 0, 1, 0, 1, 2, 1, 0, 3])
  })
})
