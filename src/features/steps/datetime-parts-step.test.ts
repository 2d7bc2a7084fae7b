import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Column } from '../../data/index.js'
import { Dataset } from '../../data/index.js'
import { Random } from '../../shared/index.js'
import { assertOnnxParity } from '../parity.test-suite.js'
import type { AnyFeatureStep } from '../pipeline.js'
import { SpecReader } from '../spec-reader.js'
import { syntheticData } from '../testing/synthetic-data.js'
import {
  civilParts,
  DATETIME_PARTS,
  type DatetimePartsSpec,
  datetimePartsStep,
  parseDatetimePartsSpec,
} from './datetime-parts-step.js'

const steps = { datetime_parts: datetimePartsStep as unknown as AnyFeatureStep }
const DAY = 86_400_000
const MAX_MS = 8.64e15
const datetime = (name: string, values: number[]): Column => ({
  name,
  type: 'datetime',
  values: Float64Array.from(values),
})
const frameOf = (...columns: Column[]) => new Map(columns.map((c) => [c.name, c]))
const numbers = (column: Column | undefined) => Array.from((column as { values: Float64Array }).values)

// What `Date` says, in DATETIME_PARTS order (ISO day of week: Sunday is 7).
function expected(ms: number): number[] {
  const d = new Date(Math.floor(ms))
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCDay() || 7, d.getUTCHours()]
}

// Timestamps that stress the calendar: random over 1900-2100 and over Date's whole range, leap days,
// century and era boundaries, the last millisecond before midnight, fractional milliseconds.
function hardTimestamps(n: number): number[] {
  const rng = new Random(11)
  const out: number[] = []
  const from1900 = Date.UTC(1900, 0, 1)
  const to2100 = Date.UTC(2101, 0, 1)
  for (let i = 0; i < n; i++) out.push(from1900 + Math.floor(rng.nextFloat() * (to2100 - from1900)))
  for (let i = 0; i < n / 4; i++) out.push(Math.floor((rng.nextFloat() * 2 - 1) * MAX_MS))
  for (const year of [
    -271821, -4000, -1, 0, 1, 1600, 1700, 1900, 1904, 1969, 1970, 2000, 2024, 2100, 2400, 275759,
  ]) {
    for (const [month, day] of [
      [0, 1],
      [1, 28],
      [1, 29],
      [2, 1],
      [11, 31],
    ] as const) {
      const ms = new Date(0).setUTCFullYear(year, month, day) // Date.UTC would read years 0-99 as 1900-1999
      if (Math.abs(ms) <= MAX_MS - DAY) out.push(ms, ms - 1, ms + DAY - 1, ms + 0.5, ms - 0.25)
    }
  }
  out.push(0, -1, -0.5, MAX_MS, -MAX_MS)
  return out
}

describe('datetime_parts step', () => {
  it("agrees with Date's UTC getters on thousands of timestamps, before 1970 and on leap days", () => {
    const fields = new Float64Array(DATETIME_PARTS.length)
    const timestamps = hardTimestamps(8000)
    assert.ok(
      timestamps.some((ms) => ms < 0) &&
        timestamps.some((ms) => expected(ms)[1] === 2 && expected(ms)[2] === 29),
    )
    for (const ms of timestamps) {
      civilParts(ms, fields)
      assert.deepEqual(
        Array.from(fields),
        expected(ms),
        `ms ${ms} (${new Date(Math.floor(ms)).toISOString()})`,
      )
    }
  })

  it('gives NaN in every part for missing, ±Infinity and values outside Date’s range', () => {
    const fields = new Float64Array(DATETIME_PARTS.length)
    for (const ms of [Number.NaN, Infinity, -Infinity, MAX_MS + 1, -MAX_MS - 1, 1e300]) {
      civilParts(ms, fields)
      assert.ok(fields.every(Number.isNaN), `ms ${ms}`)
    }
  })

  it('replaces the column in place by <col>__<part>, in the order of parts', () => {
    const frame = frameOf(
      datetime('a', [0]),
      datetime('t', [Date.UTC(2024, 1, 29, 23, 59), Number.NaN]),
      datetime('z', [0]),
    )
    const fitted = datetimePartsStep.fit(
      { type: 'datetime_parts', columns: ['t'], parts: ['hour', 'day_of_week', 'year'] },
      frame,
      {
        seed: 0,
      },
    )
    const out = datetimePartsStep.transform(fitted, frame)
    assert.deepEqual([...out.keys()], ['a', 't__hour', 't__day_of_week', 't__year', 'z'])
    assert.deepEqual(numbers(out.get('t__hour')), [23, Number.NaN])
    assert.deepEqual(numbers(out.get('t__day_of_week')), [4, Number.NaN]) // a Thursday
    assert.deepEqual(numbers(out.get('t__year')), [2024, Number.NaN])
  })

  it('parses parts (default all) and refuses unknown or repeated parts', () => {
    const read = (json: object) => {
      const r = new SpecReader('steps[3]', { type: 'datetime_parts', columns: ['t'], ...json })
      r.raw('type')
      const parsed = parseDatetimePartsSpec(r)
      r.finish()
      return parsed
    }
    assert.deepEqual(read({}).parts, ['year', 'month', 'day', 'day_of_week', 'hour'])
    assert.deepEqual(read({ parts: ['month'] }).parts, ['month'])
    assert.throws(
      () => read({ parts: ['minute'] }),
      /steps\[3\]\.parts\[0\]: must be one of 'year', .*got "minute"/,
    )
    assert.throws(() => read({ parts: ['year', 'year'] }), /parts: lists a part twice/)
    assert.throws(() => read({ parts: [] }), /parts: must be a non-empty array/)
  })

  it('refuses a numeric column and a missing column, naming the step, column and type', () => {
    const frame = frameOf({ name: 'n', type: 'numeric', values: Float64Array.from([0]) })
    const spec: DatetimePartsSpec = { type: 'datetime_parts', columns: ['n'] }
    assert.throws(
      () => datetimePartsStep.fit(spec, frame, { seed: 0 }),
      /datetime_parts: column 'n' is numeric; datetime_parts needs a datetime column/,
    )
    assert.throws(
      () => datetimePartsStep.fit({ ...spec, columns: ['t'] }, frame, { seed: 0 }),
      /column 't' does not exist/,
    )
  })

  it('survives a JSON round trip of the fitted state', () => {
    const frame = frameOf(datetime('t', [Date.UTC(1999, 11, 31, 12)]))
    const fitted = datetimePartsStep.fit({ type: 'datetime_parts', columns: ['t'], parts: ['day'] }, frame, {
      seed: 0,
    })
    const copy = JSON.parse(JSON.stringify(fitted)) as typeof fitted
    assert.deepEqual(numbers(datetimePartsStep.transform(copy, frame).get('t__day')), [31])
  })

  it('matches onnxruntime on 10,000 synthetic rows and on calendar edge cases, for every part', async () => {
    const { train, apply } = syntheticData()
    for (const parts of [undefined, ['day_of_week'], ['month', 'hour']] as const) {
      const { matrix } = await assertOnnxParity(
        { steps: [{ type: 'datetime_parts', columns: ['signup'], ...(parts ? { parts } : {}) }] },
        train.select(['signup']),
        apply.select(['signup']),
        { steps },
      )
      assert.equal(matrix.names.length, parts?.length ?? 5)
    }
    const hard = [...hardTimestamps(2000), Number.NaN, Infinity, -Infinity, MAX_MS + 1, 1e300]
    const data = Dataset.fromColumns([datetime('t', hard)])
    const { matrix } = await assertOnnxParity(
      { steps: [{ type: 'datetime_parts', columns: ['t'] }] },
      data,
      data,
      { steps },
    )
    // Float32 holds these small integers exactly, so TypeScript, ONNX and Date all agree exactly.
    const width = matrix.names.length
    hard.slice(0, 2000).forEach((ms, i) => {
      assert.deepEqual(
        Array.from(matrix.values.subarray(i * width, (i + 1) * width)),
        expected(ms),
        `ms ${ms}`,
      )
    })
  })
})
