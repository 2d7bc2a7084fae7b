import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { mlflowResponse, v1Response } from './responses.js'

describe('v1Response and mlflowResponse', () => {
  const rows = [{ label: 'yes', probabilities: { no: 0.25, yes: 0.75 } }, 3.5]

  it('wraps the rows with the model and request', () => {
    assert.deepEqual(v1Response(rows, { modelName: 'churn', modelVersion: '3', requestId: 'r-1' }), {
      predictions: rows,
      model_name: 'churn',
      model_version: '3',
      request_id: 'r-1',
    })
  })

  it("answers MLflow's {predictions} and nothing else", () => {
    assert.deepEqual(mlflowResponse(rows), { predictions: rows })
  })
})
