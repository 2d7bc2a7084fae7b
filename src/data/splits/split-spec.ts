import { invalidValue, ShipyardError } from '../../shared/index.js'
import { parseIsoInstant } from '../iso-instant.js'

/** `{"kind":"random","testFraction":0.2,"seed":7}`: uniformly random rows to test. */
export interface RandomSplitSpec {
  readonly kind: 'random'
  readonly testFraction: number
  readonly seed: number
}

/** `{"kind":"stratified","column":"label","testFraction":0.2,"seed":7}`: each stratum split in proportion. */
export interface StratifiedSplitSpec {
  readonly kind: 'stratified'
  readonly column: string
  readonly testFraction: number
  readonly seed: number
}

/** `{"kind":"group","column":"user_id","testFraction":0.2,"seed":7}`: whole groups to one side. */
export interface GroupSplitSpec {
  readonly kind: 'group'
  readonly column: string
  readonly testFraction: number
  readonly seed: number
}

/**
 * `{"kind":"time","column":"ts","cutoff":"2024-06-01"}` or `{"kind":"time","column":"ts","testFraction":0.2}`:
 * train strictly before the cutoff, test at or after it. Exactly one of `cutoff` and `testFraction`.
 * `cutoff` is a number (epoch ms for datetime columns) or, for datetime columns, an ISO-8601 date
 * (`2024-06-01`, UTC midnight) or date-time with `Z` or an offset; a local time without zone is
 * refused because it would mean a different instant on another machine.
 * `missing` (default `'error'`) is the policy for rows with no time: `'drop'` leaves them out of
 * both parts and reports how many.
 */
export interface TimeSplitSpec {
  readonly kind: 'time'
  readonly column: string
  readonly cutoff?: number | string
  readonly testFraction?: number
  readonly missing?: 'error' | 'drop'
}

/**
 * `{"kind":"kfold","k":5,"seed":7}`, optionally with `"stratifyBy":"label"` or `"groupBy":"user_id"`
 * (not both).
 */
export interface KFoldSpec {
  readonly kind: 'kfold'
  readonly k: number
  readonly seed: number
  readonly stratifyBy?: string
  readonly groupBy?: string
}

/** A holdout (train/test) split spec. */
export type HoldoutSpec = RandomSplitSpec | StratifiedSplitSpec | GroupSplitSpec | TimeSplitSpec

/** Every split, as the JSON the CLI reads and runs record. `JSON.stringify` is its serialised form. */
export type SplitSpec = HoldoutSpec | KFoldSpec

/** The split kinds. */
export type SplitKind = SplitSpec['kind']

const FIELDS: Record<SplitKind, readonly string[]> = {
  random: ['kind', 'testFraction', 'seed'],
  stratified: ['kind', 'column', 'testFraction', 'seed'],
  group: ['kind', 'column', 'testFraction', 'seed'],
  time: ['kind', 'column', 'cutoff', 'testFraction', 'missing'],
  kfold: ['kind', 'k', 'seed', 'stratifyBy', 'groupBy'],
}
const KINDS = Object.keys(FIELDS) as SplitKind[]

/**
 * Reads a split spec from JSON text or an already parsed value, and returns it normalised: defaults
 * filled in (`seed` 0, time `missing` `'error'`), so a recorded spec replays the same split even if
 * a default changes. Every problem is `INVALID_PARAMETER_VALUE` naming the field (`testFraction:
 * must be a number strictly between 0 and 1, got 1.5`); unknown fields are refused, naming them and
 * the fields the kind takes, so a typo is never silently ignored.
 *
 * @example parseSplitSpec('{"kind":"stratified","column":"churned","testFraction":0.2,"seed":1}')
 */
export function parseSplitSpec(json: unknown): SplitSpec {
  const value = typeof json === 'string' ? parseJson(json) : json
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidValue('split', `must be a JSON object, got ${describe(value)}`)
  }
  const o = value as Record<string, unknown>
  const kind = o.kind
  if (typeof kind !== 'string' || !(KINDS as string[]).includes(kind)) {
    throw invalidValue(
      'kind',
      `must be one of ${KINDS.map((k) => `'${k}'`).join(', ')}, got ${describe(kind)}`,
    )
  }
  const k = kind as SplitKind
  for (const field of Object.keys(o)) {
    if (!FIELDS[k].includes(field)) {
      throw invalidValue(field, `unknown field for a ${k} split; its fields are ${FIELDS[k].join(', ')}`)
    }
  }
  return READERS[k](o)
}

const READERS: Record<SplitKind, (o: Record<string, unknown>) => SplitSpec> = {
  random: (o) => ({ kind: 'random', testFraction: fraction(o, 'testFraction'), seed: seed(o) }),
  stratified: (o) => ({
    kind: 'stratified',
    column: name(o, 'column'),
    testFraction: fraction(o, 'testFraction'),
    seed: seed(o),
  }),
  group: (o) => ({
    kind: 'group',
    column: name(o, 'column'),
    testFraction: fraction(o, 'testFraction'),
    seed: seed(o),
  }),
  time: readTime,
  kfold: readKFold,
}

function readTime(o: Record<string, unknown>): TimeSplitSpec {
  const column = name(o, 'column')
  const missing = o.missing ?? 'error'
  if (missing !== 'error' && missing !== 'drop') {
    throw invalidValue('missing', `must be 'error' or 'drop', got ${describe(missing)}`)
  }
  if ((o.cutoff === undefined) === (o.testFraction === undefined)) {
    throw invalidValue('cutoff', 'give exactly one of cutoff and testFraction')
  }
  if (o.testFraction !== undefined)
    return { kind: 'time', column, testFraction: fraction(o, 'testFraction'), missing }
  const cutoff = o.cutoff
  if (typeof cutoff === 'string') parseCutoff(cutoff)
  else if (typeof cutoff !== 'number' || !Number.isFinite(cutoff)) {
    throw invalidValue(
      'cutoff',
      `must be a finite number or an ISO-8601 date string, got ${describe(cutoff)}`,
    )
  }
  return { kind: 'time', column, cutoff, missing }
}

function readKFold(o: Record<string, unknown>): KFoldSpec {
  const k = o.k
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 2) {
    throw invalidValue('k', `must be an integer of at least 2, got ${describe(k)}`)
  }
  if (o.stratifyBy !== undefined && o.groupBy !== undefined) {
    throw invalidValue('groupBy', 'give at most one of stratifyBy and groupBy')
  }
  const spec: KFoldSpec = { kind: 'kfold', k, seed: seed(o) }
  if (o.stratifyBy !== undefined) return { ...spec, stratifyBy: name(o, 'stratifyBy') }
  if (o.groupBy !== undefined) return { ...spec, groupBy: name(o, 'groupBy') }
  return spec
}

/**
 * An ISO-8601 cutoff as epoch ms: a date alone is UTC midnight; a date-time needs `Z` or an offset.
 * Anything else is `INVALID_PARAMETER_VALUE` naming `cutoff`.
 */
export function parseCutoff(text: string): number {
  const ms = parseIsoInstant(text)
  if (Number.isNaN(ms)) {
    throw invalidValue(
      'cutoff',
      `must be an ISO-8601 date (2024-06-01) or date-time with a zone (2024-06-01T12:00:00Z), got '${text}'`,
    )
  }
  return ms
}

function fraction(o: Record<string, unknown>, field: string): number {
  const v = o[field]
  if (typeof v !== 'number' || !(v > 0 && v < 1)) {
    throw invalidValue(field, `must be a number strictly between 0 and 1, got ${describe(v)}`)
  }
  return v
}

function seed(o: Record<string, unknown>): number {
  const v = o.seed ?? 0
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
    throw invalidValue('seed', `must be a safe integer, got ${describe(v)}`)
  }
  return v
}

function name(o: Record<string, unknown>, field: string): string {
  const v = o[field]
  if (typeof v !== 'string' || v === '')
    throw invalidValue(field, `must be a column name, got ${describe(v)}`)
  return v
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (cause) {
    throw new ShipyardError(
      'INVALID_PARAMETER_VALUE',
      `split: not valid JSON (${(cause as Error).message})`,
      {
        details: { field: 'split' },
        cause,
      },
    )
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (typeof value === 'string') return `'${value}'`
  return JSON.stringify(value) ?? String(value)
}
