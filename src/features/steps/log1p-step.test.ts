import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { frameOf, numeric, valuesOf } from '../testing/frames.js'
import { log1pStep } from './log1p-step.js'

describe('log1p step', () => {
  it('maps x to ln(1 + x) and everything at or below -1 to NaN', () => {
    const frame = frameOf(numeric('x', [0, Math.E - 1, -0.5, -1, -2, -Infinity, Infinity, Number.NaN]))
    const fitted = log1pStep.fit({ type: 'log1p', columns: ['x'] }, frame, { seed: 0 })
    const out = valuesOf(log1pStep.transform(fitted, frame), 'x')
    assert.deepEqual(out, [0, 1, Math.log(0.5), Number.NaN, Number.NaN, Number.NaN, Infinity, Number.NaN])
  })

  it('learns nothing but reports how many training values fell outside the domain; survives JSON', () => {
    const spec = { type: 'log1p', columns: ['x'] } as const
    const fitted = log1pStep.fit(spec, frameOf(numeric('x', [1, -1, -3, -Infinity, Number.NaN, -0.5])), {
      seed: 0,
    })
    assert.deepEqual(JSON.parse(JSON.stringify(fitted)), { spec, outOfDomain: [3] })
  })

  it('refuses a missing column, listing the columns there are', () => {
    assert.throws(
      () =>
        log1pStep.transform(
          { spec: { type: 'log1p', columns: ['y'] }, outOfDomain: [0] },
          frameOf(numeric('x', [1])),
        ),
      /log1p: column 'y' does not exist; the frame has 'x'/,
    )
  })
})
