import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { RetentionPolicy } from './prediction-log.js'
import { scheduleRetention } from './retention-schedule.js'

describe('scheduleRetention', () => {
  it('applies the policy at once and then on every interval, and carries on after a failed pass', async () => {
    const passes: RetentionPolicy[] = []
    const errors: unknown[] = []
    const log = {
      enforceRetention: async (policy: RetentionPolicy) => {
        passes.push(policy)
        if (passes.length === 2) throw new Error('disk unhappy')
        return 0
      },
    }
    const schedule = scheduleRetention(
      log,
      { maxAgeMs: 1000 },
      { intervalMs: 5, onError: (e) => errors.push(e) },
    )
    while (passes.length < 4) await new Promise((resolve) => setTimeout(resolve, 5))
    await schedule.stop()
    const seen = passes.length
    await new Promise((resolve) => setTimeout(resolve, 30))
    assert.equal(passes.length, seen, 'no pass after stop')
    assert.deepEqual(passes[0], { maxAgeMs: 1000 })
    assert.equal(errors.length, 1)
  })

  it('refuses a bad policy at once, naming the field', () => {
    const log = { enforceRetention: async () => 0 }
    assert.throws(() => scheduleRetention(log, { maxBytes: -1 }, { onError: () => {} }), /maxBytes/)
  })
})
