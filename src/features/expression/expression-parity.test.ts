import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import type { Column } from '../../data/index.js'
import { Random } from '../../shared/index.js'
import { evaluateThreeWays, firstDifference } from './three-way.test-support.js'

// Values where DuckDB, IEEE and SQL disagree, or where a naive implementation goes wrong.
const SPECIAL = [
  Number.NaN,
  0,
  -0,
  1,
  -1,
  0.5,
  -0.5,
  1.5,
  2.5,
  -2.5,
  3,
  10,
  100,
  1000,
  0.001,
  1e-300,
  1e300,
  -1e300,
  Infinity,
  -Infinity,
  0.49999999999999994,
  -0.49999999999999994,
  4503599627370497,
  1e15 + 0.5,
]
const ROWS = 10_000
const TOLERANCE = 1e-9

function drawColumns(seed: number): Column[] {
  const rng = new Random(seed)
  const number = (): number => {
    if (rng.nextFloat() < 0.35) return SPECIAL[rng.nextInt(SPECIAL.length)]!
    const scale = [1, 100, 1e6][rng.nextInt(3)]!
    return (rng.nextFloat() * 2 - 1) * scale
  }
  const a = Float64Array.from({ length: ROWS }, number)
  const b = Float64Array.from({ length: ROWS }, number)
  // Small integers, including the bases log() refuses (0, 1, negatives); BIGINT in DuckDB.
  const c = Float64Array.from({ length: ROWS }, () =>
    rng.nextFloat() < 0.1 ? Number.NaN : rng.nextInt(13) - 4,
  )
  const flag = Int8Array.from({ length: ROWS }, () => rng.nextInt(3) - 1)
  const price = Float64Array.from({ length: ROWS }, () =>
    rng.nextFloat() < 0.1 ? Number.NaN : rng.nextFloat() * 50,
  )
  return [
    { name: 'a', type: 'numeric', values: a },
    { name: 'b', type: 'numeric', values: b },
    { name: 'c', type: 'numeric', values: c },
    { name: 'flag', type: 'boolean', values: flag },
    { name: 'unit price', type: 'numeric', values: price },
  ]
}

const BATTERY = [
  'a + b',
  'a - b * c',
  'a * b',
  'a / b',
  'a % b',
  'c % 3',
  '-a + +b',
  '(a + b) * (a - b)',
  'a / nullif(b, 0)',
  'c / 0',
  'nullif(a, b)',
  'nullif(c, 0)',
  'coalesce(a, b, c, 0)',
  'coalesce(a, NULL)',
  'abs(a)',
  'ln(a)',
  'LN(b)',
  'log10(a)',
  'log(b)',
  'log(c, a)',
  'log(b, a)',
  'exp(a / 100)',
  'exp(b)',
  'sqrt(a)',
  'sqrt(ln(b))',
  'ln(a - b)',
  'power(a, b)',
  'pow(c, 0.5)',
  'power(a, 2)',
  'power(c, -1)',
  'power(b, c)',
  'least(a, b, c)',
  'greatest(a, b)',
  'greatest(a, NULL)',
  'round(a)',
  'round(b * 10) / 10',
  'floor(a)',
  'ceil(b)',
  'ceiling(a)',
  'a = b',
  'a <> b',
  'a != c',
  'a < b',
  'a <= c',
  'a > b',
  'a >= b',
  'a > 0 AND b > 0',
  'a > 0 OR b > 0',
  'NOT a > b',
  'NOT a',
  'a AND b',
  'c OR flag',
  'flag',
  'flag * a',
  'a IS NULL',
  'b IS NOT NULL',
  'CASE WHEN a > b THEN a WHEN b > 0 THEN b END',
  'CASE WHEN flag THEN ln(a) ELSE sqrt(b) END',
  'CASE WHEN a IS NULL THEN -1 ELSE a / nullif(b, 0) END',
  'CASE WHEN c THEN c ELSE 100 END',
  '"unit price" * c',
  'A + "B"',
  '1 + 2 * 3',
  'NULL',
  '0.1 + 0.2',
  '1e308 * 10',
]

describe('expressions: DuckDB, TypeScript and ONNX agree (10,000 seeded rows)', () => {
  let results: Awaited<ReturnType<typeof evaluateThreeWays>>
  const columns = drawColumns(20_240_611)

  before(async () => {
    // Column b keeps NaN (not NULL) in DuckDB: the SQL must treat a stored NaN as missing too.
    results = await evaluateThreeWays(BATTERY, columns, { nanInDuckDb: ['b'] })
  })

  BATTERY.forEach((source, k) => {
    it(source, () => {
      const ts = results.ts[k]!
      for (const [name, other] of [
        ['DuckDB', results.duckdb[k]!],
        ['ONNX', results.onnx[k]!],
      ] as const) {
        const row = firstDifference(ts, other, TOLERANCE)
        if (row !== -1) {
          const inputs = columns
            .map((c) => `${c.name}=${(c as { values: ArrayLike<number> }).values[row]}`)
            .join(' ')
          assert.fail(
            `${name} differs from TypeScript at row ${row} (${inputs}): TypeScript ${ts[row]}, ${name} ${other[row]}`,
          )
        }
      }
    })
  })

  it('exercises every kind of result: values, missing and infinities', () => {
    const all = results.ts.flatMap((v) => Array.from(v))
    assert.ok(all.some(Number.isNaN))
    assert.ok(all.some((v) => v === Infinity) && all.some((v) => v === -Infinity))
    assert.ok(all.filter(Number.isFinite).length > all.length / 2)
  })
})

// Hand-computed: the semantics SQL, DuckDB and IEEE disagree on, checked in all three evaluators.
const NAN = Number.NaN
const CASES: readonly (readonly [expression: string, x: number, y: number, expected: number])[] = [
  ['x / y', 1, 0, NAN],
  ['x / y', 1, -0, NAN],
  ['x / y', 0, 0, NAN],
  ['x / y', Infinity, Infinity, NAN],
  ['x / y', 1, Infinity, 0],
  ['x % y', 5, 0, NAN],
  ['x % y', -7.5, 2, -1.5],
  ['x % y', 7.5, -2, 1.5],
  ['x % y', 5, Infinity, 5],
  ['x - y', Infinity, Infinity, NAN],
  ['x * y', 0, Infinity, NAN],
  ['x * y', 1e308, 10, Infinity],
  ['ln(x)', 0, 0, NAN],
  ['ln(x)', -1, 0, NAN],
  ['ln(x)', Infinity, 0, Infinity],
  ['log10(x)', 1000, 0, 3],
  ['log10(x)', 0.001, 0, -3],
  ['log(x)', 100, 0, 2],
  ['log(x, y)', 2, 8, 3],
  ['log(x, y)', 1, 8, NAN],
  ['log(x, y)', 0, 8, NAN],
  ['log(x, y)', Infinity, 8, 0],
  ['sqrt(x)', -1, 0, NAN],
  ['sqrt(x)', -Infinity, 0, NAN],
  ['sqrt(x)', Infinity, 0, Infinity],
  ['power(x, y)', NAN, 0, NAN],
  ['power(x, y)', 1, NAN, NAN],
  ['power(x, y)', 1, Infinity, 1],
  ['power(x, y)', -1, -Infinity, 1],
  ['power(x, y)', -8, 1 / 3, NAN],
  ['power(x, y)', 0, -1, Infinity],
  ['round(x)', 2.5, 0, 3],
  ['round(x)', -2.5, 0, -3],
  ['round(x)', 0.5, 0, 1],
  ['round(x)', 0.49999999999999994, 0, 0],
  ['round(x)', Infinity, 0, Infinity],
  ['x = y', NAN, NAN, NAN],
  ['x = y', -0, 0, 1],
  ['x < y', -Infinity, Infinity, 1],
  ['x AND y', 0, NAN, 0],
  ['x AND y', 2, NAN, NAN],
  ['x OR y', 1, NAN, 1],
  ['x OR y', 0, NAN, NAN],
  ['NOT x', NAN, 0, NAN],
  ['NOT x', 5, 0, 0],
  ['x IS NULL', NAN, 0, 1],
  ['nullif(x, y)', 1, NAN, 1],
  ['nullif(x, y)', -0, 0, NAN],
  ['coalesce(x, y)', NAN, 2, 2],
  ['least(x, y)', NAN, 2, 2],
  ['greatest(x, y)', NAN, NAN, NAN],
  ['CASE WHEN x THEN 1 ELSE 2 END', NAN, 0, 2],
  ['CASE WHEN x THEN 1 END', 0, 0, NAN],
  ['CASE WHEN x > 0 THEN 1 WHEN x > -5 THEN 2 ELSE 3 END', 5, 0, 1],
]

describe('expressions: defined results for edge inputs, in all three evaluators', () => {
  let results: Awaited<ReturnType<typeof evaluateThreeWays>>

  before(async () => {
    // One row per case, so that every case runs once through DuckDB, TypeScript and ONNX.
    const x = Float64Array.from(CASES, (c) => c[1])
    const y = Float64Array.from(CASES, (c) => c[2])
    results = await evaluateThreeWays(
      CASES.map((c) => c[0]),
      [
        { name: 'x', type: 'numeric', values: x },
        { name: 'y', type: 'numeric', values: y },
      ],
      { nanInDuckDb: ['x'] },
    )
  })

  CASES.forEach(([source, x, y, expected], k) => {
    it(`${source} with x=${x}, y=${y} is ${expected}`, () => {
      for (const [name, values] of Object.entries(results)) {
        const actual = values[k]![k]!
        assert.ok(
          Object.is(actual, expected) || actual === expected,
          `${name}: ${source} with x=${x}, y=${y} gave ${actual}, expected ${expected}`,
        )
      }
    })
  })
})
