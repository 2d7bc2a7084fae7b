import type { LoggedValue } from '../../monitoring/index.js'

/** How a row's new answer differs from the logged one. */
export interface OutputComparison {
  /**
   * New − logged, for every output that is a number on both sides (`probability`, `prediction`...),
   * but the label: a class named by a number is a category, not an amount (see `labelChanged`).
   */
  readonly differences: Readonly<Record<string, number>>
  /** Whether `label` changed; null unless both answers have one. */
  readonly labelChanged: boolean | null
}

/**
 * Compares a row's logged outputs with a replay's, both flattened as the prediction log keeps them.
 * Labels compare by their text, so a class logged as `1` and answered as `1` is the same however a
 * store typed it.
 *
 * @example compareOutputs({ label: 'yes', probability: 0.9 }, { label: 'no', probability: 0.4 })
 * // { differences: { probability: -0.5 }, labelChanged: true } (up to rounding)
 */
export function compareOutputs(
  logged: Readonly<Record<string, LoggedValue>>,
  replayed: Readonly<Record<string, LoggedValue>>,
): OutputComparison {
  const differences: Record<string, number> = {}
  for (const [key, before] of Object.entries(logged)) {
    if (key === 'label') continue
    const after = replayed[key]
    if (typeof before === 'number' && typeof after === 'number') differences[key] = after - before
  }
  const hasLabels = isPresent(logged.label) && isPresent(replayed.label)
  return { differences, labelChanged: hasLabels ? String(logged.label) !== String(replayed.label) : null }
}

function isPresent(value: LoggedValue | undefined): boolean {
  return value !== undefined && value !== null
}
