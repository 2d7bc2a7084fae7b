import type { OnnxGraphBuilder } from '../../onnx/index.js'
import type { FeatureStep, StepSpecBase } from '../feature-step.js'
import { doubleScalar, onnxColumn } from '../onnx-columns.js'
import type { SpecReader } from '../spec-reader.js'
import { numericColumn, requireColumn, stepError } from '../step-columns.js'
import { replaceColumn } from './one-hot-step.js'

const TYPE = 'datetime_parts'

/** The calendar parts a datetime column can be split into (UTC). */
export const DATETIME_PARTS = ['year', 'month', 'day', 'day_of_week', 'hour'] as const
export type DatetimePart = (typeof DATETIME_PARTS)[number]

/**
 * `{ "type": "datetime_parts", "columns": ["created_at"], "parts": ["year", "month", "day_of_week", "hour"] }`:
 * replaces each datetime column with numeric columns `<col>__<part>`.
 */
export interface DatetimePartsSpec extends StepSpecBase {
  readonly type: typeof TYPE
  readonly columns: readonly string[]
  /** Which parts, in output order (default: all of `DATETIME_PARTS`). */
  readonly parts?: readonly DatetimePart[]
}

/** The fitted step: nothing is learnt, the spec is the whole state. */
export interface FittedDatetimeParts {
  readonly spec: DatetimePartsSpec
}

/** Reads a datetime_parts spec (see `SpecReader` for the messages). */
export function parseDatetimePartsSpec(r: SpecReader): DatetimePartsSpec {
  const columns = r.columns()
  const raw = r.raw('parts')
  if (raw === undefined) return { type: TYPE, columns, parts: [...DATETIME_PARTS] }
  const choices = DATETIME_PARTS.map((p) => `'${p}'`).join(', ')
  if (!Array.isArray(raw) || raw.length === 0)
    throw r.error('parts', `must be a non-empty array of ${choices}`)
  const parts = raw.map((part, i) => {
    if (!(DATETIME_PARTS as readonly unknown[]).includes(part)) {
      throw r.error(`parts[${i}]`, `must be one of ${choices}, got ${JSON.stringify(part)}`)
    }
    return part as DatetimePart
  })
  if (new Set(parts).size !== parts.length) throw r.error('parts', 'lists a part twice')
  return { type: TYPE, columns, parts }
}

/**
 * Calendar parts of datetime columns, in UTC.
 *
 * - Parts: `year`; `month` 1-12; `day` of the month 1-31; `day_of_week` ISO 8601, Monday = 1 .. Sunday = 7
 *   (DuckDB's `isodow`; 0 is then free to mean nothing); `hour` 0-23. Each becomes a numeric column
 *   `<col>__<part>`, in `parts` order, at the source column's place (the source is removed).
 * - Arithmetic: milliseconds are floored to whole ms (sub-millisecond fractions are dropped, rounding
 *   toward the past), split into days since 1970-01-01 and the time of day, and the days converted by
 *   Howard Hinnant's `civil_from_days` (proleptic Gregorian calendar), with every division a floored
 *   division in double. All values stay integers below 2^53, where `Math.floor(a / b)` is exact, so the
 *   TypeScript loop and the graph (`Div`, `Floor`, `Mul`, `Sub`, `Add` in double) agree exactly, and
 *   both agree with `Date`'s UTC getters over `Date`'s whole range, before 1970 and on leap days included.
 * - Missing and out of range: NaN, ±Infinity and |ms| > 8.64e15 (outside `Date`'s range) give NaN in every part.
 * - Bad input: a column that is not datetime, or is absent: `INVALID_PARAMETER_VALUE` naming the step,
 *   the column and the type found.
 */
export const datetimePartsStep: FeatureStep<DatetimePartsSpec, FittedDatetimeParts> = {
  fit(spec, frame) {
    for (const name of spec.columns) datetimeValues(frame, name)
    return { spec }
  },

  transform(fitted, frame) {
    const parts = fitted.spec.parts ?? DATETIME_PARTS
    let out = frame
    for (const name of fitted.spec.columns) {
      const x = datetimeValues(frame, name)
      const values = parts.map(() => new Float64Array(x.length))
      const fields = new Float64Array(DATETIME_PARTS.length)
      const slots = parts.map((part) => DATETIME_PARTS.indexOf(part))
      for (let i = 0; i < x.length; i++) {
        civilParts(x[i]!, fields)
        for (let k = 0; k < slots.length; k++) values[k]![i] = fields[slots[k]!]!
      }
      const added = parts.map((part, k) => {
        const column = `${name}__${part}`
        return [column, numericColumn(column, values[k]!)] as const
      })
      out = replaceColumn(out, TYPE, name, added)
    }
    return out
  },

  toOnnx(fitted, graph, frame) {
    const parts = fitted.spec.parts ?? DATETIME_PARTS
    let out = frame
    for (const name of fitted.spec.columns) {
      const tensors = onnxCivilParts(graph, name, onnxColumn(frame, TYPE, name, 'double'), parts)
      const added = parts.map(
        (part, k) => [`${name}__${part}`, { tensor: tensors[k]!, type: 'double' }] as const,
      )
      out = replaceColumn(out, TYPE, name, added)
    }
    return out
  },
}

/** The largest |epoch ms| a `Date` holds (100,000,000 days either side of 1970). */
const MAX_MS = 8.64e15
const MS_PER_DAY = 86_400_000
const MS_PER_HOUR = 3_600_000

/**
 * Writes the parts of `ms` into `out` in `DATETIME_PARTS` order (NaN in each when out of range). Every
 * step mirrors a node of `onnxCivilParts`; keep the two in step.
 */
export function civilParts(ms: number, out: Float64Array): void {
  if (!(Math.abs(ms) <= MAX_MS)) {
    out.fill(Number.NaN)
    return
  }
  const t = Math.floor(ms)
  const days = Math.floor(t / MS_PER_DAY)
  const hour = Math.floor((t - days * MS_PER_DAY) / MS_PER_HOUR)
  const shifted = days + 3 // 1970-01-01 was a Thursday: ISO 4 = (0 + 3) mod 7 + 1
  const dayOfWeek = shifted - Math.floor(shifted / 7) * 7 + 1
  // civil_from_days (Hinnant): days from 0000-03-01, 400-year eras of 146097 days, years starting in March.
  const z = days + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const wrap = Math.floor(mp / 10) // 1 for January and February, which belong to the next civil year
  out[0] = yoe + era * 400 + wrap
  out[1] = mp + 3 - 12 * wrap
  out[2] = doy - Math.floor((153 * mp + 2) / 5) + 1
  out[3] = dayOfWeek
  out[4] = hour
}

/** The graph form of `civilParts` for the requested parts: one double [N, 1] tensor per part, in order. */
function onnxCivilParts(
  graph: OnnxGraphBuilder,
  name: string,
  x: string,
  parts: readonly DatetimePart[],
): string[] {
  const constants = new Map<number, string>()
  const c = (value: number): string => {
    const known = constants.get(value)
    if (known !== undefined) return known
    const tensor = doubleScalar(graph, `${name}_c${value}`, value)
    constants.set(value, tensor)
    return tensor
  }
  const op = (type: string, ...inputs: string[]) =>
    graph.addNode(type, inputs, {}, { name: `${name}_dt` })[0]!
  const floorDiv = (a: string, b: number) => op('Floor', op('Div', a, c(b)))
  // Out of range, NaN and ±Infinity -> NaN: |x| <= MAX_MS is false for all three.
  const inRange = op('LessOrEqual', op('Abs', x), c(MAX_MS))
  const t = op('Floor', op('Where', inRange, x, c(Number.NaN)))
  const days = floorDiv(t, MS_PER_DAY)
  let civil: { year: string; month: string; day: string } | undefined
  const date = () => {
    if (civil) return civil
    const z = op('Add', days, c(719_468))
    const era = floorDiv(z, 146_097)
    const doe = op('Sub', z, op('Mul', era, c(146_097)))
    const yoe = floorDiv(
      op(
        'Sub',
        op('Add', op('Sub', doe, floorDiv(doe, 1460)), floorDiv(doe, 36_524)),
        floorDiv(doe, 146_096),
      ),
      365,
    )
    const doy = op(
      'Sub',
      doe,
      op('Sub', op('Add', op('Mul', yoe, c(365)), floorDiv(yoe, 4)), floorDiv(yoe, 100)),
    )
    const mp = floorDiv(op('Add', op('Mul', doy, c(5)), c(2)), 153)
    const wrap = floorDiv(mp, 10)
    civil = {
      year: op('Add', op('Add', yoe, op('Mul', era, c(400))), wrap),
      month: op('Sub', op('Add', mp, c(3)), op('Mul', wrap, c(12))),
      day: op('Add', op('Sub', doy, floorDiv(op('Add', op('Mul', mp, c(153)), c(2)), 5)), c(1)),
    }
    return civil
  }
  const emit: Record<DatetimePart, () => string> = {
    year: () => date().year,
    month: () => date().month,
    day: () => date().day,
    day_of_week: () => {
      const shifted = op('Add', days, c(3))
      return op('Add', op('Sub', shifted, op('Mul', floorDiv(shifted, 7), c(7))), c(1))
    },
    hour: () => floorDiv(op('Sub', t, op('Mul', days, c(MS_PER_DAY))), MS_PER_HOUR),
  }
  return parts.map((part) => emit[part]())
}

function datetimeValues(frame: Parameters<typeof requireColumn>[0], name: string): Float64Array {
  const column = requireColumn(frame, TYPE, name)
  if (column.type !== 'datetime')
    throw stepError(TYPE, name, `is ${column.type}; ${TYPE} needs a datetime column`)
  return column.values
}
