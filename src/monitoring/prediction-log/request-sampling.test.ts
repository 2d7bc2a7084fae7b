import assert from 'node:assert/strict'
import { it } from 'node:test'
import { checkSampleRate, keepsRequest } from './request-sampling.js'

it('keeps a request at a rate by its id alone: always at 1, never at 0, nested as the rate grows', () => {
  const ids = Array.from({ length: 2000 }, (_, i) => `req-${i}`)
  assert.ok(ids.every((id) => keepsRequest(id, 1)))
  assert.ok(ids.every((id) => !keepsRequest(id, 0)))
  const at = (rate: number) => new Set(ids.filter((id) => keepsRequest(id, rate)))
  const tenth = at(0.1)
  const half = at(0.5)
  assert.ok(tenth.size > 150 && tenth.size < 250, `${tenth.size} of 2000 at 0.1`)
  assert.ok(half.size > 900 && half.size < 1100, `${half.size} of 2000 at 0.5`)
  assert.ok([...tenth].every((id) => half.has(id)))
  assert.deepEqual(at(0.1), tenth)
})

it('checks a rate is a number from 0 to 1', () => {
  assert.equal(checkSampleRate(0.3), 0.3)
  for (const rate of [-0.1, 1.01, Number.NaN, '0.5' as unknown as number]) {
    assert.throws(() => checkSampleRate(rate, 'rate'), /rate: must be a number from 0 to 1/)
  }
})
