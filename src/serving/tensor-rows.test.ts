import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { OnnxFeed, OnnxResult } from '../onnx/index.js'
import { concatRows, concatTensorRecords, rowWidth, sliceRows, takeRows } from './tensor-rows.js'

const probabilities: OnnxResult = {
  type: 'float',
  data: Float32Array.of(0.1, 0.9, 0.8, 0.2, 0.5, 0.5),
  dims: [3, 2],
}
const labels: OnnxResult = { type: 'int64', data: BigInt64Array.of(1n, 0n, 1n), dims: [3] }
const plans: OnnxFeed = { type: 'string', data: ['basic', 'premium', ''], dims: [3, 1] }

describe('tensor rows', () => {
  it('knows the row width of [N], [N, 1] and [N, k] tensors, empty ones included', () => {
    assert.deepEqual([rowWidth(labels), rowWidth(plans), rowWidth(probabilities)], [1, 1, 2])
    assert.equal(rowWidth({ type: 'float', data: new Float32Array(0), dims: [0, 3] }), 3)
  })

  it('takes rows in the order asked, keeping the element type', () => {
    const taken = takeRows(probabilities, [2, 0])
    assert.ok(taken.data instanceof Float32Array)
    assert.deepEqual([...taken.data], [0.5, 0.5, 0.1, 0.9].map(Math.fround))
    assert.deepEqual(taken.dims, [2, 2])
    assert.deepEqual(takeRows(plans, [1]).data, ['premium'])
    assert.deepEqual([...takeRows(labels, [2, 1]).data], [1n, 0n])
  })

  it('slices and concatenates back to the same tensor', () => {
    const parts = [sliceRows(probabilities, 0, 1), sliceRows(probabilities, 1, 3)]
    assert.deepEqual(
      parts.map((p) => p.dims),
      [
        [1, 2],
        [2, 2],
      ],
    )
    const joined = concatRows(parts)
    assert.deepEqual([...joined.data], [...probabilities.data])
    assert.deepEqual(joined.dims, [3, 2])
    const records = concatTensorRecords([{ plan: sliceRows(plans, 0, 2) }, { plan: sliceRows(plans, 2, 3) }])
    assert.deepEqual(records.plan, plans)
  })
})
