import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CHURN_SIGNATURE, LOGREG_SIGNATURE } from './testing/signatures.js'
import { v2ModelMetadata } from './v2-metadata.js'

describe('v2ModelMetadata', () => {
  it('describes each input and output with its V2 datatype and shape', () => {
    assert.deepEqual(v2ModelMetadata('churn', [1, 2], CHURN_SIGNATURE), {
      name: 'churn',
      versions: ['1', '2'],
      platform: 'onnxruntime',
      inputs: [
        { name: 'age', datatype: 'FP64', shape: [-1, 1] },
        { name: 'city', datatype: 'BYTES', shape: [-1, 1] },
        { name: 'member', datatype: 'FP64', shape: [-1, 1] },
        { name: 'signup', datatype: 'FP64', shape: [-1, 1] },
        { name: 'note', datatype: 'BYTES', shape: [-1, 1] },
      ],
      outputs: [
        { name: 'label', datatype: 'INT64', shape: [-1] },
        { name: 'probabilities', datatype: 'FP32', shape: [-1, 2] },
      ],
    })
  })

  it('describes a matrix input as one [-1, k] tensor', () => {
    assert.deepEqual(v2ModelMetadata('iris', ['7'], LOGREG_SIGNATURE).inputs, [
      { name: 'float_input', datatype: 'FP32', shape: [-1, 4] },
    ])
  })
})
