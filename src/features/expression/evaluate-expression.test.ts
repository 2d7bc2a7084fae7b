import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Column } from '../../data/index.js'
import { resolveColumns } from './bind-columns.js'
import { evaluateExpression } from './evaluate-expression.js'
import { parseExpression } from './parse-expression.js'
import { powC, roundHalfAway } from './scalar-semantics.js'

const frame = (...columns: Column[]) => new Map(columns.map((c) => [c.name, c]))
const run = (sql: string, columns: Map<string, Column>, n: number) =>
  Array.from(evaluateExpression(parseExpression(sql), columns, n))

describe('evaluateExpression: inputs and outputs', () => {
  it('reads float32 columns in double, and booleans as 1/0 with NaN for missing', () => {
    const columns = frame(
      { name: 'x', type: 'numeric', values: Float32Array.from([0.1, Number.NaN, 2]) },
      { name: 'f', type: 'boolean', values: Int8Array.from([1, 0, -1]) },
    )
    assert.deepEqual(run('x + f', columns, 3), [Math.fround(0.1) + 1, Number.NaN, Number.NaN])
    assert.deepEqual(run('f', columns, 3), [1, 0, Number.NaN])
  })

  it('returns a new array, never a column of the input', () => {
    const values = Float64Array.from([1, 2])
    const out = evaluateExpression(parseExpression('x'), frame({ name: 'x', type: 'numeric', values }), 2)
    assert.notEqual(out, values)
    out[0] = 99
    assert.equal(values[0], 1)
  })

  it('fills a constant expression to the row count', () => {
    assert.deepEqual(run('2 * 3 + NULL IS NULL', frame(), 3), [1, 1, 1])
    assert.deepEqual(run('power(2, 10)', frame(), 2), [1024, 1024])
  })

  it('evaluates CASE branches in order: the first true WHEN wins', () => {
    const columns = frame({ name: 'x', type: 'numeric', values: Float64Array.from([5, 1, -3, Number.NaN]) })
    assert.deepEqual(run('CASE WHEN x > 0 THEN 1 WHEN x > -10 THEN 2 END', columns, 4), [1, 1, 2, Number.NaN])
    assert.deepEqual(run('CASE WHEN x > 2 THEN x WHEN x > 0 THEN -x ELSE 0 END', columns, 4), [5, -1, 0, 0])
  })
})

describe('resolveColumns', () => {
  const expr = parseExpression('Amount + "INCOME" + amount')

  it('prefers an exact match, else the one name equal ignoring case', () => {
    assert.deepEqual(
      [...resolveColumns(expr, ['amount', 'Amount', 'income'])],
      [
        ['Amount', 'Amount'],
        ['INCOME', 'income'],
        ['amount', 'amount'],
      ],
    )
  })

  it('refuses a name that matches several columns ignoring case, and an absent one', () => {
    assert.throws(
      () => resolveColumns(expr, ['Amount', 'income', 'INCOME ', 'Income', 'incomE']),
      /at 9: column 'INCOME' is ambiguous: 'income', 'Income', 'incomE' differ only in case/,
    )
    assert.throws(
      () => resolveColumns(expr, ['Amount', 'x']),
      /at 9: no column 'INCOME'; the columns are 'Amount', 'x'/,
    )
    assert.throws(() => resolveColumns(parseExpression('a'), []), /no column 'a'; the columns are none/)
  })
})

describe('scalar rules that differ from JavaScript', () => {
  it('powC follows C pow where Math.pow does not, and is missing for a missing operand', () => {
    assert.ok(Number.isNaN(1 ** Infinity))
    assert.equal(powC(1, Infinity), 1)
    assert.equal(powC(-1, -Infinity), 1)
    assert.ok(Number.isNaN(powC(Number.NaN, 0)))
    assert.equal(powC(2, -2), 0.25)
  })

  it('roundHalfAway rounds ties away from zero, exactly for every double', () => {
    assert.equal(Math.round(-2.5), -2)
    assert.deepEqual(
      [2.5, -2.5, 0.5, -0.5, 1.4999999999999998, 0.49999999999999994].map(roundHalfAway),
      [3, -3, 1, -1, 1, 0],
    )
    assert.equal(Math.floor(0.49999999999999994 + 0.5), 1)
    assert.equal(roundHalfAway(4503599627370497), 4503599627370497)
    assert.equal(roundHalfAway(-Infinity), -Infinity)
  })
})
