import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DuckDBInstance } from '@duckdb/node-api'
import { expressionToLoadSql } from './index.js'
import { parseExpression } from './parse-expression.js'
import { quoteIdentifier, toDuckDbSql } from './to-duckdb-sql.js'

const occurrences = (text: string, part: string) => text.split(part).length - 1

describe('toDuckDbSql', () => {
  it('quotes identifiers, doubling embedded quotes', () => {
    assert.equal(quoteIdentifier('a"b c'), '"a""b c"')
    assert.match(toDuckDbSql(parseExpression('"a""b c" + 1')), /CAST\("a""b c" AS DOUBLE\)/)
  })

  it('guards each logarithm without repeating its argument, so nesting stays linear', () => {
    const sql = toDuckDbSql(parseExpression('ln(ln(ln(ln(x))))'))
    assert.equal(occurrences(sql, '"x"'), 1)
  })

  it('writes literals DuckDB reads back exactly', () => {
    const sql = toDuckDbSql(parseExpression('0.30000000000000004 + 5e-324 + 1e999 + 3'))
    assert.match(sql, /CAST\('0\.30000000000000004' AS DOUBLE\)/)
    assert.match(sql, /CAST\('5e-324' AS DOUBLE\)/)
    assert.match(sql, /CAST\('inf' AS DOUBLE\)/)
    assert.match(sql, /CAST\(3 AS DOUBLE\)/)
  })
})

describe('expressionToLoadSql', () => {
  const schema = [
    { name: 'Amount', type: 'numeric' },
    { name: 'income', type: 'numeric' },
    { name: 'city', type: 'categorical' },
  ] as const

  it('resolves names against the schema it is given (ignoring case, as DuckDB)', () => {
    const sql = expressionToLoadSql('amount / nullif(INCOME, 0)', schema)
    assert.ok(sql.includes('"Amount"') && sql.includes('"income"'), sql)
    assert.ok(!sql.includes('"amount"'))
  })

  it('refuses an unknown or non-numeric column when given a schema, and a syntax error always', () => {
    assert.throws(() => expressionToLoadSql('city * 2', schema), /at 0: column 'city' is categorical/)
    assert.throws(() => expressionToLoadSql('amount + x', schema), /at 9: no column 'x'/)
    assert.throws(() => expressionToLoadSql('amount +'), /at 8: expected an expression/)
  })

  it('runs as a derived column in DuckDB: SELECT *, (sql) AS name, DOUBLE with NULL for missing', async () => {
    const instance = await DuckDBInstance.create(':memory:')
    const conn = await instance.connect()
    try {
      const sql = expressionToLoadSql('amount / nullif(income, 0)')
      const reader = await conn.runAndReadAll(
        `SELECT *, ${sql} AS ratio FROM (VALUES (10, 4), (1, 0), (NULL, 2), (3, 'nan'::DOUBLE)) t(amount, income)`,
      )
      assert.deepEqual(reader.columnNames(), ['amount', 'income', 'ratio'])
      assert.equal(reader.columnTypes()[2]!.toString(), 'DOUBLE')
      assert.deepEqual(reader.getColumnsJS()[2], [2.5, null, null, null])
    } finally {
      conn.closeSync()
      instance.closeSync()
    }
  })
})
