import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Column } from '../../data/index.js'
import { Random } from '../../shared/index.js'
import type { FitContext } from '../feature-step.js'
import { assertOnnxParity } from '../parity.test-suite.js'
import type { AnyFeatureStep } from '../pipeline.js'
import { SpecReader } from '../spec-reader.js'
import { syntheticData } from '../testing/synthetic-data.js'
import { parseTargetEncodeSpec, type TargetEncodeSpec, targetEncodeStep } from './target-encode-step.js'

const steps = { target_encode: targetEncodeStep as unknown as AnyFeatureStep }
const frameOf = (...columns: Column[]) => new Map(columns.map((c) => [c.name, c]))
const text = (name: string, values: (string | null)[]): Column => ({ name, type: 'text', values })
const numeric = (name: string, values: number[]): Column => ({
  name,
  type: 'numeric',
  values: Float64Array.from(values),
})
const numbers = (column: Column | undefined) => Array.from((column as { values: Float64Array }).values)
const spec = (extra: Partial<TargetEncodeSpec> = {}): TargetEncodeSpec => ({
  type: 'target_encode',
  columns: ['c'],
  ...extra,
})
const context = (target: Column, seed = 0): FitContext => ({ target, seed })

const C = text('c', ['a', 'a', 'a', 'b', 'b', null, 'c', ''])
const Y = numeric('y', [1, 1, 0, 0, 0, 1, 1, 0])

describe('target_encode step', () => {
  it('fits the m-estimate per category on all rows; unknown and missing get the prior', () => {
    const fitted = targetEncodeStep.fit(spec({ smoothing: 2 }), frameOf(C), context(Y))
    const prior = 4 / 8
    assert.equal(fitted.prior, prior)
    assert.deepEqual(fitted.categories, [['a', 'b', 'c']])
    const expected = [(2 + 2 * prior) / (3 + 2), (0 + 2 * prior) / (2 + 2), (1 + 2 * prior) / (1 + 2)]
    assert.deepEqual(fitted.values, [expected.map(Math.fround)])
    const out = targetEncodeStep.transform(fitted, frameOf(text('c', ['b', 'zzz', null, '', 'c'])))
    assert.deepEqual(numbers(out.get('c')), [
      Math.fround(expected[1]!),
      prior,
      prior,
      prior,
      Math.fround(expected[2]!),
    ])
  })

  it('reads boolean targets as 1/0 and categorical ones by their lexically larger level or `positive`', () => {
    const bool: Column = { name: 'y', type: 'boolean', values: Int8Array.from([1, 1, 0, 0, 0, 1, 1, 0]) }
    const levels = ['yes', 'no']
    const categorical: Column = {
      name: 'y',
      type: 'categorical',
      codes: Int32Array.from([0, 0, 1, 1, 1, 0, 0, 1]),
      dictionary: levels,
    }
    const numericFit = targetEncodeStep.fit(spec(), frameOf(C), context(Y))
    const boolFit = targetEncodeStep.fit(spec(), frameOf(C), context(bool))
    const categoricalFit = targetEncodeStep.fit(spec(), frameOf(C), context(categorical))
    assert.deepEqual(boolFit.values, numericFit.values)
    assert.deepEqual(categoricalFit.values, numericFit.values)
    assert.equal(categoricalFit.positiveLabel, 'yes')
    const flipped = targetEncodeStep.fit(spec({ positive: 'no' }), frameOf(C), context(categorical))
    assert.equal(flipped.prior, 0.5)
    assert.deepEqual(flipped.values[0]![0], Math.fround((1 + 10 * 0.5) / (3 + 10)))
  })

  it('refuses no target, a missing or infinite label, a text target and a multi-level target without positive', () => {
    assert.throws(
      () => targetEncodeStep.fit(spec(), frameOf(C), { seed: 0 }),
      /target_encode: needs a target column/,
    )
    assert.throws(
      () =>
        targetEncodeStep.fit(spec(), frameOf(C), context(numeric('y', [1, 0, 1, Number.NaN, 0, 0, 0, 0]))),
      /target_encode: column 'y' \(the target\) is missing or not finite at row 3/,
    )
    assert.throws(
      () => targetEncodeStep.fit(spec(), frameOf(C), context(numeric('y', [1, 0, 1, 0, Infinity, 0, 0, 0]))),
      /at row 4/,
    )
    assert.throws(
      () =>
        targetEncodeStep.fit(
          spec(),
          frameOf(C),
          context({ name: 'y', type: 'boolean', values: Int8Array.from([1, 0, -1, 0, 0, 0, 0, 0]) }),
        ),
      /at row 2/,
    )
    assert.throws(
      () => targetEncodeStep.fit(spec(), frameOf(C), context(text('y', ['a']))),
      /column 'y' \(the target\) is text/,
    )
    const three: Column = {
      name: 'y',
      type: 'categorical',
      codes: Int32Array.from([0, 1, 2, 0, 1, 2, 0, 1]),
      dictionary: ['r', 'g', 'b'],
    }
    assert.throws(
      () => targetEncodeStep.fit(spec(), frameOf(C), context(three)),
      /has 3 levels \('b', 'g', 'r'\); without 'positive'/,
    )
    assert.equal(targetEncodeStep.fit(spec({ positive: 'g' }), frameOf(C), context(three)).prior, 3 / 8)
    assert.throws(
      () => targetEncodeStep.fit(spec(), frameOf(numeric('c', [1])), context(Y)),
      /column 'c' is numeric/,
    )
    assert.throws(
      () => targetEncodeStep.fit(spec(), frameOf(text('c', ['a'])), context(Y)),
      /has 1 rows but the target 'y' has 8/,
    )
  })

  it('encodes training rows out of fold: a row never sees its own label, and folds follow the seed', () => {
    const rng = new Random(3)
    const n = 400
    const cats = Array.from({ length: n }, () => (rng.nextFloat() < 0.05 ? null : `k${rng.nextInt(12)}`))
    const labels: number[] = Array.from({ length: n }, () => (rng.nextFloat() < 0.3 ? 1 : 0))
    const frame = frameOf(text('c', cats))
    const s = spec({ folds: 4 })
    const fitted = targetEncodeStep.fit(s, frame, context(numeric('y', labels)))
    const base = numbers(
      targetEncodeStep.transformTraining!(fitted, frame, context(numeric('y', labels))).get('c'),
    )
    for (const row of [0, 17, 123, 399]) {
      const flipped = labels.slice()
      flipped[row] = 1 - flipped[row]!
      const out = numbers(
        targetEncodeStep.transformTraining!(fitted, frame, context(numeric('y', flipped))).get('c'),
      )
      assert.equal(out[row], base[row], `row ${row} moved with its own label`)
      const changed = out.filter((v, i) => v !== base[i]).length
      // Every row outside the flipped row's fold sees the change (through the prior at least); its fold does not.
      assert.ok(changed >= n / 2 && changed <= n - n / 4 + 1, `${changed} rows changed`)
    }
    const again = numbers(
      targetEncodeStep.transformTraining!(fitted, frame, context(numeric('y', labels))).get('c'),
    )
    assert.deepEqual(again, base)
    const otherSeed = numbers(
      targetEncodeStep.transformTraining!(fitted, frame, context(numeric('y', labels), 1)).get('c'),
    )
    assert.notDeepEqual(otherSeed, base)
    assert.notDeepEqual(base, numbers(targetEncodeStep.transform(fitted, frame).get('c')))
  })

  it('parses its spec with defaults and refuses bad fields', () => {
    const read = (json: object) => {
      const r = new SpecReader('steps[0]', { type: 'target_encode', columns: ['c'], ...json })
      r.raw('type')
      const parsed = parseTargetEncodeSpec(r)
      r.finish()
      return parsed
    }
    assert.deepEqual(read({}), { type: 'target_encode', columns: ['c'], smoothing: 10, folds: 5 })
    assert.deepEqual(read({ positive: 'yes' }).positive, 'yes')
    assert.throws(() => read({ smoothing: -1 }), /steps\[0\]\.smoothing: must be at least 0/)
    assert.throws(() => read({ folds: 1 }), /folds: must be at least 2/)
    assert.throws(() => read({ positive: 1 }), /positive: must be a non-empty string/)
  })

  it('survives a JSON round trip of the fitted state', () => {
    const fitted = targetEncodeStep.fit(spec(), frameOf(C), context(Y))
    const copy = JSON.parse(JSON.stringify(fitted)) as typeof fitted
    assert.deepEqual(copy, fitted)
    const apply = frameOf(text('c', ['a', 'new', null]))
    assert.deepEqual(
      numbers(targetEncodeStep.transform(copy, apply).get('c')),
      numbers(targetEncodeStep.transform(fitted, apply).get('c')),
    )
  })

  it('matches onnxruntime on 10,000 rows with unseen categories, for binary, boolean and numeric targets', async () => {
    const { train, apply } = syntheticData()
    const columns = ['city', 'device', 'note']
    const rng = new Random(5)
    const withTargets = (data: typeof train) => {
      const y = (data.column('target') as { values: Float64Array }).values
      return data.select([...columns, 'target']).withColumns([
        { name: 'flag', type: 'boolean', values: Int8Array.from(y) },
        {
          name: 'amount',
          type: 'numeric',
          values: Float64Array.from(y, (v) => v * 100 + rng.nextFloat() * 1e4),
        },
      ])
    }
    for (const [target, smoothing] of [
      ['target', 10],
      ['target', 0],
      ['flag', 1],
      ['amount', 100],
    ] as const) {
      const { matrix } = await assertOnnxParity(
        { steps: [spec({ columns, smoothing })], output: columns },
        withTargets(train),
        withTargets(apply),
        { steps, target, seed: 13 },
      )
      assert.equal(matrix.rowCount, 10_000)
    }
  })
})
