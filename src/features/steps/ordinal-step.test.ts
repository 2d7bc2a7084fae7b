import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Column } from '../../data/index.js'
import { assertOnnxParity } from '../parity.test-suite.js'
import type { AnyFeatureStep } from '../pipeline.js'
import { SpecReader } from '../spec-reader.js'
import { syntheticData } from '../testing/synthetic-data.js'
import {
  countCategories,
  type OrdinalSpec,
  ordinalStep,
  parseOrdinalSpec,
  rankCategories,
} from './ordinal-step.js'

const steps = { ordinal: ordinalStep as unknown as AnyFeatureStep }
const frameOf = (...columns: Column[]) => new Map(columns.map((c) => [c.name, c]))
const text = (name: string, values: (string | null)[]): Column => ({ name, type: 'text', values })
const numbers = (column: Column | undefined) => Array.from((column as { values: Float64Array }).values)
const spec = (extra: Partial<OrdinalSpec> = {}): OrdinalSpec => ({
  type: 'ordinal',
  columns: ['c'],
  ...extra,
})

// b x3, a x2, c x2, d x1, plus two missing ('' is missing too).
const TRAIN = text('c', ['c', 'b', 'a', null, 'b', 'd', 'a', '', 'c', 'b'])

describe('ordinal step', () => {
  it('codes by frequency (ties lexical), unknown -> -1, missing -> NaN', () => {
    const fitted = ordinalStep.fit(spec(), frameOf(TRAIN), { seed: 0 })
    assert.deepEqual(fitted.categories, [['b', 'a', 'c', 'd']])
    const out = ordinalStep.transform(fitted, frameOf(text('c', ['a', 'b', 'c', 'd', 'zz', null, ''])))
    assert.deepEqual(numbers(out.get('c')), [1, 0, 2, 3, -1, Number.NaN, Number.NaN])
  })

  it('codes by lexical order, keeps the most frequent under maxCategories, and uses unknownValue', () => {
    const fitted = ordinalStep.fit(
      spec({ order: 'lexical', maxCategories: 3, unknownValue: 99 }),
      frameOf(TRAIN),
      {
        seed: 0,
      },
    )
    assert.deepEqual(fitted.categories, [['a', 'b', 'c']])
    const out = ordinalStep.transform(fitted, frameOf(text('c', ['c', 'd', 'a'])))
    assert.deepEqual(numbers(out.get('c')), [2, 99, 0])
  })

  it('reads a categorical column the same as text, whatever its dictionary order or unused entries', () => {
    const categorical: Column = {
      name: 'c',
      type: 'categorical',
      codes: Int32Array.from([3, 1, 1, -1, 0, 1, 3]),
      dictionary: ['x', 'y', 'unused', 'w', ''],
    }
    assert.deepEqual(
      [...countCategories(categorical)],
      [
        ['x', 1],
        ['y', 3],
        ['w', 2],
      ],
    )
    const fitted = ordinalStep.fit(spec(), frameOf(categorical), { seed: 0 })
    assert.deepEqual(fitted.categories, [['y', 'w', 'x']])
    assert.deepEqual(numbers(ordinalStep.transform(fitted, frameOf(categorical)).get('c')), [
      1,
      0,
      0,
      Number.NaN,
      2,
      0,
      1,
    ])
  })

  it('ranks independently of row order', () => {
    const counts = new Map([
      ['q', 2],
      ['p', 2],
      ['r', 5],
    ])
    assert.deepEqual(rankCategories(counts, 'frequency'), ['r', 'p', 'q'])
    assert.deepEqual(rankCategories(counts, 'frequency', 2), ['r', 'p'])
    assert.deepEqual(rankCategories(counts, 'lexical', 2), ['p', 'r'])
  })

  it('parses its spec with defaults and refuses bad fields', () => {
    const read = (json: object) => {
      const r = new SpecReader('steps[1]', { type: 'ordinal', columns: ['c'], ...json })
      r.raw('type')
      const parsed = parseOrdinalSpec(r)
      r.finish()
      return parsed
    }
    assert.deepEqual(read({}), { type: 'ordinal', columns: ['c'], order: 'frequency', unknownValue: -1 })
    assert.throws(() => read({ order: 'random' }), /steps\[1\]\.order: must be one of 'frequency', 'lexical'/)
    assert.throws(() => read({ maxCategories: 0 }), /maxCategories: must be at least 1/)
    assert.throws(() => read({ unknownValue: 'x' }), /unknownValue: must be a finite number/)
  })

  it('refuses a datetime column and a missing column, naming the step, column and type', () => {
    const frame = frameOf({ name: 'd', type: 'datetime', values: Float64Array.from([0]) })
    assert.throws(
      () => ordinalStep.fit(spec({ columns: ['d'] }), frame, { seed: 0 }),
      /ordinal: column 'd' is datetime; ordinal needs a categorical or text column/,
    )
    assert.throws(() => ordinalStep.fit(spec(), frame, { seed: 0 }), /ordinal: column 'c' does not exist/)
  })

  it('survives a JSON round trip of the fitted state', () => {
    const fitted = ordinalStep.fit(spec({ unknownValue: 0.1 }), frameOf(TRAIN), { seed: 0 })
    const copy = JSON.parse(JSON.stringify(fitted)) as typeof fitted
    const apply = frameOf(text('c', ['a', 'new', null]))
    assert.deepEqual(
      numbers(ordinalStep.transform(copy, apply).get('c')),
      numbers(ordinalStep.transform(fitted, apply).get('c')),
    )
    assert.equal(numbers(ordinalStep.transform(copy, apply).get('c'))[1], Math.fround(0.1))
  })

  it('matches onnxruntime on 10,000 rows with unseen categories, for every option', async () => {
    const { train, apply } = syntheticData()
    const columns = ['city', 'device', 'note']
    const options: Partial<OrdinalSpec>[] = [
      {},
      { order: 'lexical' },
      { maxCategories: 5, unknownValue: 0.1 },
      { order: 'lexical', maxCategories: 50, unknownValue: -7 },
    ]
    for (const option of options) {
      const { matrix } = await assertOnnxParity(
        { steps: [spec({ ...option, columns })] },
        train.select(columns),
        apply.select(columns),
        { steps },
      )
      assert.deepEqual(matrix.names, columns)
    }
  })
})
