import type { LoggedValue } from '../../monitoring/index.js'
import { formatNumber } from '../output/format.js'

/** The outputs a one-line view shows when a record has them: the answer itself, not every class. */
const KEY_OUTPUTS = ['label', 'probability', 'prediction'] as const
/** How many other outputs a one-line view shows beside a label (a multi-class model's probabilities). */
const OTHER_OUTPUTS = 3

/** A logged input or output for a table cell: numbers to 6 significant digits, a missing value `-`. */
export function formatLogged(value: LoggedValue | undefined): string {
  if (value === undefined || value === null) return '-'
  return typeof value === 'number' ? formatNumber(value) : String(value)
}

/**
 * The outputs worth a glance, in display order: `label`, `probability` (binary) and `prediction`
 * when present (a binary classifier's `probabilities.<class>` only repeat its `probability`); for a
 * record with neither `probability` nor `prediction` (a multi-class model), its label and the first
 * few other outputs by name.
 */
export function keyOutputs(outputs: Readonly<Record<string, LoggedValue>>): string[] {
  const present = KEY_OUTPUTS.filter((name) => Object.hasOwn(outputs, name))
  if (present.some((name) => name !== 'label')) return present
  const rest = Object.keys(outputs)
    .filter((name) => name !== 'label')
    .sort()
    .slice(0, OTHER_OUTPUTS)
  return [...present, ...rest]
}

/** `label=yes probability=0.93`: a record's key outputs on one line; `-` when it has none. */
export function outputsInBrief(outputs: Readonly<Record<string, LoggedValue>>): string {
  const names = keyOutputs(outputs)
  return names.length === 0 ? '-' : names.map((name) => `${name}=${formatLogged(outputs[name])}`).join(' ')
}
