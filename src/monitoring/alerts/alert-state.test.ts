// The alert state machine, driven by sequences of verdicts: when it fires and resolves, that each
// transition comes out exactly once, and that flapping and missing data change nothing.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Hysteresis } from './alert-rules.js'
import {
  ALERT_FIRING,
  ALERT_OK,
  type AlertState,
  type AlertStatus,
  stepAlert,
  type Verdict,
} from './alert-state.js'

/** The transitions and the phase after each step of `verdicts` from `start`. */
function run(
  verdicts: readonly Verdict[],
  hysteresis: Hysteresis,
  start: AlertState = ALERT_OK,
): { transitions: (AlertStatus | null)[]; phases: string[] } {
  let state = start
  const transitions: (AlertStatus | null)[] = []
  const phases: string[] = []
  for (const verdict of verdicts) {
    const step = stepAlert(state, verdict, hysteresis)
    state = step.state
    transitions.push(step.transition)
    phases.push(state.phase)
  }
  return { transitions, phases }
}

const T = true
const F = false

describe('stepAlert', () => {
  it('fires after `fireAfter` breaches in a row and resolves after `resolveAfter` clear evaluations', () => {
    const { transitions, phases } = run([T, T, T, T, F, F, F, F], { fireAfter: 3, resolveAfter: 2 })
    assert.deepEqual(phases, ['pending', 'pending', 'firing', 'firing', 'resolving', 'ok', 'ok', 'ok'])
    assert.deepEqual(transitions, [null, null, 'firing', null, null, 'resolved', null, null])
  })

  it('fires and resolves at once with no hysteresis', () => {
    const { transitions } = run([T, T, F, F, T], { fireAfter: 1, resolveAfter: 1 })
    assert.deepEqual(transitions, ['firing', null, 'resolved', null, 'firing'])
  })

  it('suppresses flapping: a clear evaluation resets a pending alert, a breach a resolving one', () => {
    const hysteresis = { fireAfter: 2, resolveAfter: 2 }
    const flapping = run([T, F, T, F, T, F, T, F], hysteresis)
    assert.deepEqual(new Set(flapping.transitions), new Set([null]))
    assert.deepEqual(flapping.phases.slice(0, 2), ['pending', 'ok'])
    const recovering = run([F, T, F, T, F, T], hysteresis, ALERT_FIRING)
    assert.deepEqual(new Set(recovering.transitions), new Set([null]))
    assert.deepEqual(recovering.phases.slice(0, 2), ['resolving', 'firing'])
  })

  it('takes an evaluation without data as no evaluation: streaks are kept, nothing transitions', () => {
    const hysteresis = { fireAfter: 2, resolveAfter: 2 }
    const { transitions, phases } = run([T, null, T, null, F, null, F], hysteresis)
    assert.deepEqual(phases, ['pending', 'pending', 'firing', 'firing', 'resolving', 'resolving', 'ok'])
    assert.deepEqual(transitions, [null, null, 'firing', null, null, null, 'resolved'])
  })

  it('emits each transition once over a long random sequence, alternating firing and resolved', () => {
    let seed = 7
    const verdicts = Array.from({ length: 2000 }, (): Verdict => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31
      const r = seed / 2 ** 31
      return r < 0.1 ? null : r < 0.55
    })
    const hysteresis = { fireAfter: 3, resolveAfter: 2 }
    const { transitions } = run(verdicts, hysteresis)
    const emitted = transitions.filter((t) => t !== null)
    assert.ok(emitted.length > 10, `only ${emitted.length} transitions`)
    assert.deepEqual(
      emitted,
      emitted.map((_, i) => (i % 2 === 0 ? 'firing' : 'resolved')),
    )
    // Each firing follows exactly `fireAfter` measured breaches in a row.
    const measured = verdicts.filter((v) => v !== null)
    const measuredTransitions = transitions.filter((_, i) => verdicts[i] !== null)
    measuredTransitions.forEach((t, i) => {
      if (t === 'firing') assert.deepEqual(measured.slice(i - 2, i + 1), [T, T, T])
      if (t === 'resolved') assert.deepEqual(measured.slice(i - 1, i + 1), [F, F])
    })
  })
})
