import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Dataset } from '../data/index.js'
import { fitPipeline, transform } from './pipeline.js'
import { frameToMatrix, PipelineFrame, scratchValues, withScratch } from './pipeline-io.js'
import { centerScale } from './steps/standard-scale-step.js'
import { frameOf, numeric, valuesOf } from './testing/frames.js'

describe('pipeline io', () => {
  it('packs row-major float32 across row blocks, booleans as 1/0 with NaN missing', () => {
    const rows = 130 // two full blocks of 64 and a partial one
    const a = numeric(
      'a',
      Array.from({ length: rows }, (_, i) => i + 0.1),
    )
    const b = {
      name: 'b',
      type: 'boolean' as const,
      values: Int8Array.from({ length: rows }, (_, i) => (i % 3) - 1),
    }
    const m = frameToMatrix(frameOf(a, b), ['b', 'a'], rows)
    assert.equal(m.values.length, 2 * rows)
    for (let i = 0; i < rows; i++) {
      assert.equal(m.values[2 * i + 1], Math.fround(i + 0.1), `row ${i}`)
      const flag = (i % 3) - 1
      if (flag === -1) assert.ok(Number.isNaN(m.values[2 * i]!), `row ${i}`)
      else assert.equal(m.values[2 * i], flag, `row ${i}`)
    }
    assert.throws(() => frameToMatrix(frameOf(a), ['z'], rows), /feature 'z' is not a numeric column/)
  })

  it('marks as scratch only float64 columns made in the run and held by no input or other column', () => {
    const xs = Float64Array.from([1, 2])
    const ys = Float64Array.from([3, 4])
    const raw = frameOf(
      { name: 'x', type: 'numeric', values: xs },
      { name: 'y', type: 'numeric', values: ys },
    )
    const made = new Float64Array([5, 6])
    const shared = new Float64Array(4)
    const next = frameOf(
      raw.get('x')!,
      { name: 'y', type: 'numeric', values: Float64Array.from(ys) },
      { name: 'z', type: 'numeric', values: made },
      { name: 'alias', type: 'numeric', values: xs.subarray(0, 1) },
      { name: 'p', type: 'numeric', values: shared.subarray(0, 2) },
      { name: 'q', type: 'numeric', values: shared.subarray(2) },
      { name: 'f', type: 'numeric', values: new Float32Array(2) },
    )
    const frame = withScratch(next, raw)
    assert.deepEqual([...frame.scratchNames].sort(), ['y', 'z'])
    assert.equal(scratchValues(frame, 'z'), made)
    assert.equal(scratchValues(frame, 'x'), null)
    assert.equal(scratchValues(next, 'z'), null, 'a plain frame has no scratch columns')
    assert.equal(withScratch(raw, raw).scratchNames.size, 0)
  })

  it('scales scratch columns in place, and never a column of a plain frame or one listed twice', () => {
    const values = new Float64Array([1, 3])
    const scratch = new PipelineFrame(frameOf({ name: 'x', type: 'numeric', values }), new Set(['x']))
    const out = centerScale('standard_scale', scratch, ['x'], [2], [1])
    assert.equal(scratchValues(withScratch(out, frameOf()), 'x'), values)
    assert.deepEqual(Array.from(values), [-1, 1])
    const twice = centerScale('standard_scale', scratch, ['x', 'x'], [1, 1], [1, 1])
    assert.deepEqual(Array.from(values), [-1, 1], 'a column listed twice is read twice, so not overwritten')
    assert.deepEqual(valuesOf(twice, 'x'), [-2, 0])
    const plain = frameOf(numeric('x', [1, 3]))
    centerScale('standard_scale', plain, ['x'], [2], [1])
    assert.deepEqual(valuesOf(plain, 'x'), [1, 3])
  })

  it("leaves the dataset as it was when impute and scaling run in place on the run's own columns", () => {
    const x = Float64Array.from([1, Number.NaN, 3, 10])
    const dataset = Dataset.fromColumns([{ name: 'x', type: 'numeric', values: x }])
    const fitted = fitPipeline(
      {
        steps: [
          { type: 'impute', columns: ['x'], strategy: 'median' },
          { type: 'standard_scale', columns: ['x'] },
          { type: 'impute', columns: ['x'], strategy: 'mean' },
          { type: 'standard_scale', columns: ['x'] },
        ],
      },
      dataset,
    )
    const first = transform(fitted, dataset)
    assert.deepEqual(Array.from(x), [1, Number.NaN, 3, 10])
    assert.deepEqual(transform(fitted, dataset), first)
    const z = [1, 3, 3, 10].map((v) => (v - 4.25) / Math.sqrt(12.6875))
    const std = Math.sqrt(z.reduce((s, v) => s + v * v, 0) / 4)
    const mean = z.reduce((s, v) => s + v, 0) / 4
    assert.deepEqual(
      Array.from(first.values),
      z.map((v) => Math.fround((v - mean) / std)),
    )
  })
})
