import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ModelSignature } from '../../models/index.js'
import type { OnnxResult } from '../../onnx/index.js'
import { predictionOutputs, predictionRows } from './prediction-rows.js'
import { CHURN_SIGNATURE, failsWith, LINREG_SIGNATURE } from './testing/signatures.js'

const probabilities = (values: number[], k: number): OnnxResult => ({
  type: 'float',
  data: Float32Array.from(values),
  dims: [values.length / k, k],
})

describe('predictionRows', () => {
  it("gives a classifier's label and probabilities keyed by the signature's classes", () => {
    const rows = predictionRows(
      {
        label: { type: 'int64', data: BigInt64Array.from([1n, 0n]), dims: [2] },
        probabilities: probabilities([0.25, 0.75, 0.5, 0.5], 2),
      },
      CHURN_SIGNATURE,
    )
    assert.deepEqual(rows, [
      { label: 1, probabilities: { '0': 0.25, '1': 0.75 } },
      { label: 0, probabilities: { '0': 0.5, '1': 0.5 } },
    ])
  })

  it('reads outputs named as skl2onnx names them, keys classes 0..k-1 without classes, and takes the most probable class without a label output', () => {
    const signature: ModelSignature = {
      ...CHURN_SIGNATURE,
      task: 'multiclass',
      classes: undefined,
      outputs: [{ name: 'output_probability', type: 'float', shape: [-1, 3] }],
    }
    const rows = predictionRows(
      { output_probability: probabilities([0.25, 0.5, 0.25, 0, 0, 1], 3) },
      signature,
    )
    assert.deepEqual(rows, [
      { label: 1, probabilities: { '0': 0.25, '1': 0.5, '2': 0.25 } },
      { label: 2, probabilities: { '0': 0, '1': 0, '2': 1 } },
    ])
    const named = predictionRows(
      {
        output_label: { type: 'string', data: ['b', 'c'], dims: [2] },
        output_probability: probabilities([0.25, 0.5, 0.25, 0, 0, 1], 3),
      },
      {
        ...signature,
        classes: ['a', 'b', 'c'],
        outputs: [{ name: 'output_label', type: 'string', shape: [-1] }, ...signature.outputs],
      },
    )
    assert.deepEqual(
      named.map((row) => typeof row !== 'number' && row.label),
      ['b', 'c'],
    )
    assert.deepEqual(named[0], { label: 'b', probabilities: { a: 0.25, b: 0.5, c: 0.25 } })
  })

  it("gives a regressor's value per row, from [N, 1] or [N]", () => {
    assert.deepEqual(
      predictionRows(
        { variable: { type: 'float', data: Float32Array.from([1.5, -2]), dims: [2, 1] } },
        LINREG_SIGNATURE,
      ),
      [1.5, -2],
    )
    assert.throws(
      () =>
        predictionRows(
          { variable: { type: 'float', data: Float32Array.from([1, 2]), dims: [1, 2] } },
          LINREG_SIGNATURE,
        ),
      failsWith('INTERNAL_ERROR', /shape \[1, 2\]: not one value per row/),
    )
  })

  it('refuses a signature with no float output, and results without the output it names', () => {
    const labelsOnly = {
      ...CHURN_SIGNATURE,
      outputs: [{ name: 'label', type: 'int64' as const, shape: [-1] }],
    }
    assert.throws(
      () => predictionOutputs(labelsOnly),
      failsWith(
        'SHIPYARD_MODEL_ARTIFACT_CORRUPT',
        /no float output to read predictions from; its outputs are 'label' \(int64\)/,
      ),
    )
    assert.throws(
      () =>
        predictionRows(
          { label: { type: 'int64', data: BigInt64Array.from([1n]), dims: [1] } },
          CHURN_SIGNATURE,
        ),
      failsWith('INTERNAL_ERROR', /no output 'probabilities' \(it returned label\)/),
    )
  })
})
