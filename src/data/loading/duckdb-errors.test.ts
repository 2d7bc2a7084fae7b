import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ShipyardError } from '../../shared/index.js'
import { describeCsvProblem, translateDuckDbError } from './duckdb-errors.js'

describe('translateDuckDbError', () => {
  it('turns missing files into RESOURCE_DOES_NOT_EXIST naming the file', () => {
    const error = translateDuckDbError(
      new Error('IO Error: No files found that match the pattern "data/tx.parquet"'),
      'query',
    )
    assert.equal(error.code, 'RESOURCE_DOES_NOT_EXIST')
    assert.deepEqual(error.details, { file: 'data/tx.parquet' })
    assert.ok(error.cause instanceof Error)
  })

  it('names file, line and column for CSV errors', () => {
    const message =
      'Conversion Error: CSV Error on Line: 17\nOriginal Line: 1,x\nError when converting column "amount". Could not convert string "x" to \'DOUBLE\'\n\n  file = data/tx.csv\n  delimiter = ,\n'
    const error = translateDuckDbError(new Error(message), 'query')
    assert.equal(error.message, "data/tx.csv line 17, column 'amount': 'x' is not a number")
    assert.deepEqual(error.details, { file: 'data/tx.csv', line: 17, column: 'amount', value: 'x' })
  })

  it('passes ShipyardErrors through, and keeps DuckDB failures apart from bad input', () => {
    const own = new ShipyardError('BAD_REQUEST', 'no')
    assert.equal(translateDuckDbError(own, 'x'), own)
    assert.equal(
      translateDuckDbError(new Error('Out of Memory Error: failed to allocate'), 'x').code,
      'INTERNAL_ERROR',
    )
    const syntax = translateDuckDbError(
      new Error('Parser Error: syntax error at or near "SELEC"\n\nLINE 1: SELEC'),
      'query',
    )
    assert.equal(syntax.code, 'INVALID_PARAMETER_VALUE')
    assert.equal(syntax.message, 'query: Parser Error: syntax error at or near "SELEC"')
  })
})

describe('describeCsvProblem', () => {
  it('rewords column counts and conversions, unquoting doubled quotes', () => {
    assert.deepEqual(describeCsvProblem('Expected Number of Columns: 5 Found: 7'), {
      reason: 'expected 5 columns, found 7',
    })
    assert.deepEqual(
      describeCsvProblem(
        'Error when converting column "a""b". Could not convert string "2024-13" to \'DATE\'',
      ),
      {
        column: 'a"b',
        value: '2024-13',
        reason: "'2024-13' is not a date/time",
      },
    )
    assert.deepEqual(describeCsvProblem('Value with unterminated quote found.\nmore', 'c'), {
      column: 'c',
      reason: 'Value with unterminated quote found.',
    })
  })
})
