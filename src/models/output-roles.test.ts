import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { outputRoles } from './output-roles.js'

describe('outputRoles', () => {
  it("reads Shipyard's and skl2onnx's classifier outputs by name", () => {
    assert.deepEqual(
      outputRoles([
        { name: 'label', type: 'int64' },
        { name: 'probabilities', type: 'float' },
      ]),
      { kind: 'classifier', probabilities: 'probabilities', label: 'label' },
    )
    assert.deepEqual(
      outputRoles([
        { name: 'output_label', type: 'string' },
        { name: 'output_probability', type: 'float' },
      ]),
      { kind: 'classifier', probabilities: 'output_probability', label: 'output_label' },
    )
  })

  it('takes the first float output as a regression value, and finds nothing without one', () => {
    assert.deepEqual(
      outputRoles([
        { name: 'index', type: 'int64' },
        { name: 'variable', type: 'double' },
      ]),
      { kind: 'regressor', value: 'variable' },
    )
    assert.equal(outputRoles([{ name: 'output_label', type: 'int64' }]), null)
  })

  it('does not take a non-float output named like probabilities', () => {
    assert.deepEqual(
      outputRoles([
        { name: 'probability_map', type: 'non-tensor' },
        { name: 'score', type: 'float' },
      ]),
      { kind: 'regressor', value: 'score' },
    )
  })
})
