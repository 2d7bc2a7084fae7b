import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { Dataset } from '../data/index.js'
import { OnnxSession } from '../onnx/index.js'
import { onnxFeeds, pipelineToOnnxModel } from './compile-pipeline.js'
import { transform } from './pipeline.js'
import { parseFittedPipeline } from './pipeline-spec.js'

// A fitted pipeline saved by the first release (format version 1), committed as a fixture: every later
// release must read it and compute the same features. Regenerate it only with a new format version.
const FIXTURE = new URL('./fixtures/fitted-pipeline-v1.json', import.meta.url)

const data = Dataset.fromColumns([
  { name: 'age', type: 'numeric', values: Float64Array.from([23, 35, Number.NaN, 51, 44, 29]) },
  {
    name: 'income',
    type: 'numeric',
    values: Float64Array.from([1200, -1, 56000, Infinity, 8000, Number.NaN]),
  },
  { name: 'score', type: 'numeric', values: Float64Array.from([0.1, 0.9, 0.4, -Infinity, 0.7, Number.NaN]) },
  { name: 'member', type: 'boolean', values: Int8Array.from([1, 0, -1, 1, 1, 0]) },
])

// Rows of [age, income, score, member, age__missing] as computed when the fixture was written.
const EXPECTED = [
  [-1.4297617673873901, -0.5349586009979248, 0, 1, 0],
  [-0.12668775022029877, -0.8745871186256409, 2, -1, 0],
  [-0.12668775022029877, 0.4650413990020752, 1, -1, 1],
  [1.5, 0.4650413990020752, 0, 1, 0],
  [0.8506177663803101, 0, 2, 1, 0],
  [-0.778224766254425, Number.NaN, Number.NaN, -1, 0],
]

describe('fitted pipeline format v1', () => {
  const fitted = parseFittedPipeline(readFileSync(FIXTURE, 'utf8'))

  it('still reads and transforms to the same features', () => {
    assert.deepEqual(fitted.featureNames, ['age', 'income', 'score', 'member', 'age__missing'])
    assert.deepEqual(Array.from(transform(fitted, data).values), EXPECTED.flat())
  })

  it('still compiles to a graph that computes them', async () => {
    const session = await OnnxSession.load(pipelineToOnnxModel(fitted))
    const out = await session.run(onnxFeeds(fitted, data))
    await session.release()
    // Within the parity tolerance, not to the bit: `Log` in onnxruntime and `Math.log` differ in the last
    // double bit at times (8001 here), and robust_scale centres that value on exactly 0 in TypeScript.
    const onnx = Array.from(out.features!.data as Float32Array)
    EXPECTED.flat().forEach((want, i) => {
      const got = onnx[i]!
      assert.ok(
        Number.isNaN(want) ? Number.isNaN(got) : Math.abs(got - want) <= 1e-6,
        `cell ${i}: ${got} vs ${want}`,
      )
    })
  })
})
