import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { OnnxResult } from '../../onnx/index.js'
import { failsWith } from './testing/signatures.js'
import { v2Response } from './v2-response.js'

const RESULTS: Record<string, OnnxResult> = {
  label: { type: 'int64', data: BigInt64Array.from([1n, 0n]), dims: [2] },
  probabilities: { type: 'float', data: Float32Array.from([0.25, 0.75, 0.5, 0.5]), dims: [2, 2] },
  score: { type: 'double', data: Float64Array.from([Number.NaN, 2]), dims: [2, 1] },
  name: { type: 'string', data: ['a', 'b'], dims: [2] },
  flag: { type: 'bool', data: Uint8Array.from([1, 0]), dims: [2] },
}

describe('v2Response', () => {
  it('returns every output with its V2 datatype, shape and plain JSON data', () => {
    const response = v2Response(RESULTS, { modelName: 'churn', modelVersion: '3', id: 'req-1' })
    assert.deepEqual(response, {
      model_name: 'churn',
      model_version: '3',
      id: 'req-1',
      outputs: [
        { name: 'label', shape: [2], datatype: 'INT64', data: [1, 0] },
        { name: 'probabilities', shape: [2, 2], datatype: 'FP32', data: [0.25, 0.75, 0.5, 0.5] },
        { name: 'score', shape: [2, 1], datatype: 'FP64', data: [Number.NaN, 2] },
        { name: 'name', shape: [2], datatype: 'BYTES', data: ['a', 'b'] },
        { name: 'flag', shape: [2], datatype: 'BOOL', data: [true, false] },
      ],
    })
    assert.equal(JSON.stringify(response.outputs[2]!.data), '[null,2]')
  })

  it('returns the outputs asked for in their order, leaving out version and id when not given', () => {
    const response = v2Response(RESULTS, { modelName: 'churn', outputs: ['probabilities', 'label'] })
    assert.deepEqual(Object.keys(response), ['model_name', 'outputs'])
    assert.deepEqual(
      response.outputs.map((o) => o.name),
      ['probabilities', 'label'],
    )
  })

  it('refuses an output the model does not have, naming the ones it has', () => {
    assert.throws(
      () => v2Response(RESULTS, { modelName: 'churn', outputs: ['label', 'proba'] }),
      failsWith(
        'BAD_REQUEST',
        /outputs\[1\]: the model has no output 'proba'; its outputs are label, probabilities, score/,
        {
          field: 'outputs[1]',
        },
      ),
    )
  })

  it('refuses an output of a type the protocol cannot carry', () => {
    assert.throws(
      () => v2Response({ m: { type: 'non-tensor', data: [], dims: [] } }, { modelName: 'x' }),
      failsWith('INTERNAL_ERROR', /output 'm' is non-tensor, which has no V2 datatype/),
    )
  })
})
