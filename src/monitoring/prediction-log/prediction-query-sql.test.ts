import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { columnField, predictionWhere, searchLimit } from './prediction-query-sql.js'
import { DuckQueryTarget } from './stores/duck-query-target.js'
import { PostgresQueryTarget } from './stores/postgres-query-target.js'

const HOSTILE = "x'); DROP TABLE prediction_log; --"

describe('predictionWhere', () => {
  it('binds every user value on PostgreSQL, typing each placeholder', () => {
    const target = new PostgresQueryTarget()
    const sql = predictionWhere(
      {
        model: HOSTILE,
        version: 3,
        since: 1000.2,
        until: 2000,
        errors: false,
        requestId: 'r1',
        where: `inputs."${HOSTILE}" > 0.5`,
      },
      target,
    )
    assert.equal(
      sql,
      '"model" = $1::text AND "version" = $2::bigint AND "time" >= $3::bigint AND "time" < $4::bigint AND ' +
        '"error_code" IS NULL AND "request_id" = $5::text AND (((CASE WHEN jsonb_typeof(inputs -> $6::text) = ' +
        "'number' THEN (inputs ->> $6::text)::float8 END) > $7::float8))",
    )
    assert.deepEqual(target.params.values, [HOSTILE, 3, 1001, 2000, 'r1', HOSTILE, 0.5])
  })

  it('reads a string or boolean of a jsonb key by its JSON type, and orders strings by code point', () => {
    const target = new PostgresQueryTarget('p')
    const sql = predictionWhere(
      { where: "outputs.label < 'b' or inputs.member = true or inputs.x is null" },
      target,
    )
    assert.equal(
      sql,
      '(((((CASE WHEN jsonb_typeof(p.outputs -> $1::text) = \'string\' THEN p.outputs ->> $1::text END) COLLATE "C" < $2::text) OR ' +
        "((CASE WHEN jsonb_typeof(p.inputs -> $3::text) = 'boolean' THEN (p.inputs ->> $3::text)::boolean END) = $4::boolean)) OR " +
        '((p.inputs ->> $5::text) IS NULL)))',
    )
    assert.deepEqual(target.params.values, ['label', 'b', 'member', true, 'x'])
  })

  it('reads typed Parquet columns on DuckDB, NULL where no file has the key or has it of another type', () => {
    const logged = new Map([
      ['inputs.age', { number: 'inputs.age' }],
      ['inputs.city', { string: 'inputs.city' }],
      ['inputs.mixed', { number: 'inputs.mixed\u001fnumber', string: 'inputs.mixed\u001fstring' }],
    ])
    const target = new DuckQueryTarget(logged)
    const sql = predictionWhere(
      {
        where: `inputs.age > 60 and inputs.city = '${HOSTILE.replaceAll("'", "''")}' and inputs.city > 1 and inputs.nope = 1 and inputs.mixed is null`,
      },
      target,
    )
    assert.equal(
      sql,
      '(((((("inputs.age" > $1) AND ("inputs.city" = $2)) AND (NULL > $3)) AND (NULL = $4)) AND ' +
        '(coalesce(CASE WHEN "inputs.mixed\u001fnumber" = trunc("inputs.mixed\u001fnumber") AND abs("inputs.mixed\u001fnumber") < 9007199254740992 ' +
        'THEN CAST(CAST("inputs.mixed\u001fnumber" AS BIGINT) AS VARCHAR) ELSE CAST("inputs.mixed\u001fnumber" AS VARCHAR) END, ' +
        'CAST("inputs.mixed\u001fstring" AS VARCHAR)) IS NULL)))',
    )
    assert.deepEqual(target.params.values, [60, HOSTILE, 1, 1])
  })

  it('is TRUE for an empty query and checks every field', () => {
    assert.equal(predictionWhere({ where: '  ' }, new DuckQueryTarget(new Map())), 'TRUE')
    const check = (query: object, field: RegExp) =>
      assert.throws(() => predictionWhere(query, new DuckQueryTarget(new Map())), field)
    check({ version: 1.5 }, /^ShipyardError: version: must be a whole number, got 1.5/)
    check({ since: Number.NaN }, /since: must be epoch milliseconds/)
    check({ until: Number.POSITIVE_INFINITY }, /until: must be epoch milliseconds/)
    check({ where: 'nope = 1' }, /unknown field 'nope'/)
  })
})

describe('searchLimit and columnField', () => {
  it('defaults the limit to 100 and keeps it from 1 to 100,000', () => {
    assert.equal(searchLimit({}), 100)
    assert.equal(searchLimit({ limit: 100_000 }), 100_000)
    for (const limit of [0, 1.5, 100_001])
      assert.throws(() => searchLimit({ limit }), /limit: must be a whole number/)
  })

  it('names record columns and logged keys, refusing anything else with the choices', () => {
    assert.deepEqual(columnField('latency_ms'), { scope: 'record', name: 'latency_ms' })
    assert.deepEqual(columnField('outputs.probabilities.yes'), {
      scope: 'outputs',
      name: 'probabilities.yes',
    })
    assert.throws(() => columnField('inputs.'), /unknown column 'inputs\.' \(known: request_id, /)
    assert.throws(() => columnField('Latency_ms'), /unknown column/)
  })
})
