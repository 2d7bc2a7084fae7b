import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compareOutputs } from './output-comparison.js'

describe('compareOutputs', () => {
  it('gives new minus logged for numeric outputs, and a changed label as labelChanged, not a difference', () => {
    const compared = compareOutputs(
      { label: 1, probability: 0.75, 'probabilities.1': 0.75 },
      { label: 0, probability: 0.25, 'probabilities.1': 0.25 },
    )
    assert.deepEqual(compared, {
      differences: { probability: -0.5, 'probabilities.1': -0.5 },
      labelChanged: true,
    })
  })

  it('compares labels by their text, and says nothing of labels one side lacks', () => {
    assert.equal(compareOutputs({ label: 'yes' }, { label: 'yes' }).labelChanged, false)
    assert.equal(compareOutputs({ prediction: 3 }, { prediction: 4 }).labelChanged, null)
  })
})
