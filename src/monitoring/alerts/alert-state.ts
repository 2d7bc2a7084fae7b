import type { Hysteresis } from './alert-rules.js'

/**
 * Where one condition of one model stands:
 * - `ok`: clear;
 * - `pending`: breached for `streak` evaluations in a row, fewer than it takes to fire;
 * - `firing`: fired, and breached at the last evaluation;
 * - `resolving`: fired, and clear for `streak` evaluations in a row, fewer than it takes to resolve.
 */
export type AlertPhase = 'ok' | 'pending' | 'firing' | 'resolving'

/** A condition's state between evaluations. Immutable: `stepAlert` returns a new one. */
export interface AlertState {
  readonly phase: AlertPhase
  readonly streak: number
}

/** What an evaluation found: breached, clear, or nothing to judge by (`null`). */
export type Verdict = boolean | null

/**
 * What an alert is, as stored and sent: `firing`, or `resolved`. Also the transitions worth telling,
 * into either.
 */
export type AlertStatus = 'firing' | 'resolved'

/** Where a condition starts: clear. */
export const ALERT_OK: AlertState = { phase: 'ok', streak: 0 }
/** Where a condition stands that fired before (an alert the store has firing). */
export const ALERT_FIRING: AlertState = { phase: 'firing', streak: 0 }

type Step = (state: AlertState, breached: boolean, hysteresis: Hysteresis) => StepResult

/** A state and the transition that reaching it is, if any. */
export interface StepResult {
  readonly state: AlertState
  readonly transition: AlertStatus | null
}

const stay = (state: AlertState): StepResult => ({ state, transition: null })

const STEPS: Readonly<Record<AlertPhase, Step>> = {
  ok: (state, breached, h) => (breached ? towardsFiring(0, h) : stay(state)),
  pending: (state, breached, h) => (breached ? towardsFiring(state.streak, h) : stay(ALERT_OK)),
  firing: (state, breached, h) => (breached ? stay(state) : towardsResolved(0, h)),
  resolving: (state, breached, h) => (breached ? stay(ALERT_FIRING) : towardsResolved(state.streak, h)),
}

/**
 * One evaluation of a condition: ok → pending → firing → resolving → ok. An alert fires after
 * `fireAfter` breached evaluations in a row and resolves after `resolveAfter` clear ones in a row;
 * a clear evaluation while pending goes back to ok and a breach while resolving back to firing, both
 * silently, so a flapping value fires or resolves nothing. Each transition is returned exactly once,
 * by the step that makes it. An evaluation with nothing to judge by (`null`: no requests, no drift
 * reference, too few labels) is no evaluation: the state is kept, streak included. Pure.
 *
 * @example
 * let state = ALERT_OK
 * for (const breached of [true, true]) ({ state } = stepAlert(state, breached, { fireAfter: 2, resolveAfter: 2 }))
 * // the second step returned transition 'firing'
 */
export function stepAlert(state: AlertState, verdict: Verdict, hysteresis: Hysteresis): StepResult {
  return verdict === null ? stay(state) : STEPS[state.phase](state, verdict, hysteresis)
}

function towardsFiring(streak: number, h: Hysteresis): StepResult {
  return streak + 1 >= h.fireAfter
    ? { state: ALERT_FIRING, transition: 'firing' }
    : stay({ phase: 'pending', streak: streak + 1 })
}

function towardsResolved(streak: number, h: Hysteresis): StepResult {
  return streak + 1 >= h.resolveAfter
    ? { state: ALERT_OK, transition: 'resolved' }
    : stay({ phase: 'resolving', streak: streak + 1 })
}
