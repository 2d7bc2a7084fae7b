import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ModelSignature } from '../../models/index.js'
import { batchingSettings, joinsRows } from './batching-settings.js'

const SIGNATURE: ModelSignature = {
  format: 'shipyard.signature',
  version: 1,
  task: 'binary',
  target: 'big',
  inputs: [{ name: 'amount', type: 'double', shape: [-1, 1], columnType: 'numeric' }],
  outputs: [
    { name: 'label', type: 'string', shape: [-1] },
    { name: 'probabilities', type: 'float', shape: [-1, 2] },
  ],
  classes: ['no', 'yes'],
}

describe('batching settings', () => {
  it('default to 256 rows a run and no added wait, and keep what is given', () => {
    assert.deepEqual(batchingSettings(), { maxRows: 256, maxWaitMs: 0 })
    assert.deepEqual(batchingSettings({ maxRows: 1, maxWaitMs: 2.5 }), { maxRows: 1, maxWaitMs: 2.5 })
  })

  it('refuse a row limit below 1 or fractional, and a negative or infinite wait, naming the option', () => {
    for (const [options, field] of [
      [{ maxRows: 0 }, 'batching.maxRows'],
      [{ maxRows: 1.5 }, 'batching.maxRows'],
      [{ maxWaitMs: -1 }, 'batching.maxWaitMs'],
      [{ maxWaitMs: Number.POSITIVE_INFINITY }, 'batching.maxWaitMs'],
    ] as const) {
      assert.throws(() => batchingSettings(options), { code: 'INVALID_PARAMETER_VALUE', details: { field } })
    }
  })

  it('join rows only of models whose every input and output has rows first', () => {
    assert.equal(joinsRows(SIGNATURE), true)
    const fixedInput = { ...SIGNATURE, inputs: [{ ...SIGNATURE.inputs[0]!, shape: [1, 1] }] }
    assert.equal(joinsRows(fixedInput), false)
    const scalarOutput = { ...SIGNATURE, outputs: [{ name: 'score', type: 'float', shape: [] }] } as const
    assert.equal(joinsRows({ ...SIGNATURE, outputs: scalarOutput.outputs }), false)
  })
})
