import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type Column, columnLength } from '../../data/index.js'
import { OnnxGraphBuilder, OnnxSession } from '../../onnx/index.js'
import type { ShipyardError } from '../../shared/index.js'
import { evaluateThreeWays, firstDifference } from '../expression/three-way.test-support.js'
import type { OnnxFrame } from '../feature-step.js'
import { assertOnnxParity } from '../parity.test-suite.js'
import type { AnyFeatureStep } from '../pipeline.js'
import { SpecReader } from '../spec-reader.js'
import { categorical, frameOf, numeric, valuesOf } from '../testing/frames.js'
import { syntheticData } from '../testing/synthetic-data.js'
import { type ExpressionSpec, expressionStep, parseExpressionSpec } from './expression-step.js'

const spec = (name: string, sql: string): ExpressionSpec => ({ type: 'expression', name, sql })
const steps = { expression: expressionStep as unknown as AnyFeatureStep }

// Derived features over the synthetic data's numeric and boolean columns: missing values, zeros,
// ±Infinity, -1 exactly, a column that is all missing and one that is constant.
const DERIVED = [
  spec('ratio', 'amount / nullif(count, 0)'),
  spec('log_amount', 'ln(amount + 1)'),
  spec('magnitude', 'floor(log10(amount))'),
  spec('clipped', 'least(greatest(signed, -2), 2)'),
  spec('member_amount', 'CASE WHEN is_member THEN amount ELSE 0 END'),
  spec('flagged', 'signed < -1 OR (count > 10 AND is_member)'),
  spec('rounded', 'round(signed * 10) / 10 + power(count, 0.5)'),
  spec('filled', 'coalesce(all_missing, small * 1e6, -1) + constant % 3'),
  spec('missing', 'amount IS NULL'),
  spec('sqrt_signed', 'sqrt(signed) - exp(small)'),
]

describe('expression step', () => {
  it('passes the ONNX parity check on 10,000 rows, every derived feature at once', async () => {
    const { train, apply } = syntheticData({ rows: 10_000 })
    const { matrix } = await assertOnnxParity(
      { steps: DERIVED, output: DERIVED.map((s) => s.name) },
      train,
      apply,
      { steps },
    )
    // Each feature has values, and at least one has missing values and infinities, so the check had teeth.
    const width = DERIVED.length
    const column = (j: number) =>
      Array.from({ length: apply.rowCount }, (_, i) => matrix.values[i * width + j]!)
    for (let j = 0; j < width; j++) assert.ok(column(j).some(Number.isFinite), DERIVED[j]!.name)
    assert.ok(column(0).some(Number.isNaN) && column(0).includes(Infinity))
  })

  it('computes at load time (DuckDB) what it computes in the transform', async () => {
    const { apply } = syntheticData({ rows: 2_000 })
    const columns: Column[] = [
      'amount',
      'small',
      'signed',
      'count',
      'constant',
      'all_missing',
      'is_member',
    ].map((name) => apply.column(name))
    const frame = frameOf(...columns)
    const loaded = await evaluateThreeWays(
      DERIVED.map((s) => s.sql),
      columns,
    )
    DERIVED.forEach((s, k) => {
      const fitted = expressionStep.fit(s, frame, { seed: 0 })
      const out = expressionStep.transform(fitted, frame).get(s.name)
      assert.ok(out?.type === 'numeric')
      assert.equal(firstDifference(out.values as Float64Array, loaded.duckdb[k]!, 1e-9), -1, s.sql)
    })
  })

  it('records the columns read, resolved on the training data ignoring case, and survives JSON', () => {
    const frame = frameOf(numeric('Amount', [10, 20]), numeric('income', [2, 0]), numeric('unused', [1, 1]))
    const fitted = expressionStep.fit(spec('ratio', 'amount / NULLIF("INCOME", 0) + amount'), frame, {
      seed: 0,
    })
    assert.deepEqual(fitted.inputs, ['Amount', 'income'])
    const revived = JSON.parse(JSON.stringify(fitted)) as typeof fitted
    const out = expressionStep.transform(revived, frame)
    assert.deepEqual(valuesOf(out, 'ratio'), [15, Number.NaN])
    assert.deepEqual([...out.keys()], ['Amount', 'income', 'unused', 'ratio'])
    // The inputs are untouched; replacing a column in place keeps its position.
    assert.deepEqual(valuesOf(frame, 'Amount'), [10, 20])
    const inPlace = expressionStep.transform(
      expressionStep.fit(spec('Amount', 'Amount * 2'), frame, { seed: 0 }),
      frame,
    )
    assert.deepEqual([...inPlace.keys()], ['Amount', 'income', 'unused'])
    assert.deepEqual(valuesOf(inPlace, 'Amount'), [20, 40])
  })

  it('emits the same function into a graph, NaN for missing', async () => {
    const frame = frameOf(numeric('a', [1, -2, Number.NaN, 0]), numeric('b', [0, 4, 1, 0]))
    const fitted = expressionStep.fit(spec('y', 'CASE WHEN b = 0 THEN -1 ELSE sqrt(a * b) END'), frame, {
      seed: 0,
    })
    const graph = new OnnxGraphBuilder('t')
    const onnxFrame: OnnxFrame = new Map(
      ['a', 'b'].map((n) => [n, { tensor: graph.addInput(n, 'double', ['N', 1]), type: 'double' as const }]),
    )
    const out = expressionStep.toOnnx(fitted, graph, onnxFrame)
    graph.addOutput('y', out.get('y')!.tensor, 'double', ['N', 1])
    const session = await OnnxSession.load(graph.toModel())
    const feed = (name: string) => {
      const column = frame.get(name)!
      return {
        type: 'double' as const,
        data: Float64Array.from(valuesOf(frame, name)),
        dims: [columnLength(column), 1],
      }
    }
    const result = await session.run({ a: feed('a'), b: feed('b') })
    await session.release()
    assert.deepEqual(Array.from(result.y!.data as Float64Array), [-1, Number.NaN, Number.NaN, -1])
    assert.deepEqual(valuesOf(expressionStep.transform(fitted, frame), 'y'), [-1, Number.NaN, Number.NaN, -1])
  })

  it('refuses an unknown column, naming the output, the expression, the position and the columns there are', () => {
    const frame = frameOf(numeric('amount', [1]), numeric('income', [1]))
    assert.throws(
      () => expressionStep.fit(spec('ratio', 'amount / incme'), frame, { seed: 0 }),
      (error: ShipyardError) => {
        assert.equal(
          error.message,
          "expression 'ratio': expression 'amount / incme' at 9: no column 'incme'; the columns are 'amount', 'income'",
        )
        assert.equal(error.code, 'INVALID_PARAMETER_VALUE')
        assert.deepEqual(error.details, {
          expression: 'amount / incme',
          position: 9,
          token: 'incme',
          step: 'expression',
          output: 'ratio',
        })
        return true
      },
    )
  })

  it('refuses categorical, text and datetime columns, naming the column and its type', () => {
    const frame = frameOf(
      numeric('amount', [1, 2]),
      categorical('city', ['oslo', null]),
      { name: 'note', type: 'text', values: ['a', null] },
      { name: 'signup', type: 'datetime', values: Float64Array.from([0, 1]) },
    )
    for (const [name, type] of [
      ['city', 'categorical'],
      ['note', 'text'],
      ['signup', 'datetime'],
    ]) {
      assert.throws(
        () => expressionStep.fit(spec('x', `amount + ${name}`), frame, { seed: 0 }),
        new RegExp(`at 9: column '${name}' is ${type}; expressions read numeric and boolean columns only`),
      )
    }
  })

  it('refuses a string tensor in the graph, and a pipeline reports the step', async () => {
    const frame = frameOf(numeric('amount', [1, 2]), numeric('city', [1, 2]))
    const fitted = expressionStep.fit(spec('x', 'amount + city'), frame, { seed: 0 })
    const graph = new OnnxGraphBuilder('t')
    const onnxFrame: OnnxFrame = new Map([
      ['amount', { tensor: graph.addInput('amount', 'double', ['N', 1]), type: 'double' }],
      ['city', { tensor: graph.addInput('city', 'string', ['N', 1]), type: 'string' }],
    ])
    assert.throws(
      () => expressionStep.toOnnx(fitted, graph, onnxFrame),
      /expression 'x': expression 'amount \+ city' at 9: column 'city' is a string tensor; expressions read numbers only/,
    )
  })

  it('parses its spec, reporting SQL syntax errors with the spec path and position', () => {
    const read = (json: unknown) => {
      const r = new SpecReader('steps[1]', json)
      r.raw('type') // as parseStepSpec does, before the step's own fields
      const parsed = parseExpressionSpec(r)
      r.finish()
      return parsed
    }
    assert.deepEqual(read({ type: 'expression', name: 'ratio', sql: 'a / b' }), spec('ratio', 'a / b'))
    assert.throws(
      () => read({ type: 'expression', name: 'ratio', sql: 'a / nulif(b, 0)' }),
      /^ShipyardError: steps\[1\]\.sql: expression 'a \/ nulif\(b, 0\)' at 4: unknown function 'nulif'/,
    )
    assert.throws(
      () => read({ type: 'expression', name: '', sql: 'a' }),
      /steps\[1\]\.name: must be a non-empty column name/,
    )
    assert.throws(
      () => read({ type: 'expression', name: 'x', sql: 3 }),
      /steps\[1\]\.sql: must be a string, got 3/,
    )
    assert.throws(
      () => read({ type: 'expression', name: 'x', sql: 'a', columns: ['a'] }),
      /steps\[1\]\.columns: is not a known field/,
    )
  })
})
