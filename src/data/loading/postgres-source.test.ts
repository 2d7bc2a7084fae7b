import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import pg from 'pg'
import { valueAt } from '../column.js'
import type { Dataset } from '../dataset.js'
import { readDataset } from './read-dataset.js'

const url = process.env.SHIPYARD_TEST_DATABASE_URL
const skip = url ? false : 'SHIPYARD_TEST_DATABASE_URL is not set'
const schema = `shipyard_loading_${process.pid}_${Math.random().toString(36).slice(2, 8)}`

function values(dataset: Dataset, name: string): unknown[] {
  const column = dataset.column(name)
  return Array.from({ length: dataset.rowCount }, (_, i) => valueAt(column, i))
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

describe('PostgreSQL loading', () => {
  before(async () => {
    if (!url) return
    await admin(`CREATE SCHEMA ${schema};
      CREATE TABLE ${schema}.tx (id int8, amount numeric, score float4, city text, paid boolean, day date,
        at timestamp, at_tz timestamptz, note varchar(20), tags text[]);
      INSERT INTO ${schema}.tx VALUES
        (1, 10.5, 0.25, 'Oslo', true, '2024-01-02', '2024-01-02 03:04:05.678', '2024-01-02 03:04:05+02', 'a', '{x,y}'),
        (2, NULL, 'NaN', 'Rome', false, NULL, NULL, NULL, NULL, NULL),
        (3, 'Infinity', '-Infinity', 'Oslo', NULL, '1969-12-31', '1970-01-01', '1970-01-01 00:00:00+00', 'c', '{}');
      INSERT INTO ${schema}.tx SELECT 100 + i, i, i, 'bulk', true, NULL, NULL, NULL, NULL, NULL FROM generate_series(1, 25000) i;`)
  })
  after(async () => {
    if (url) await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  })

  it('reads a query through a cursor, typing columns from PostgreSQL types', { skip }, async () => {
    const {
      dataset,
      schema: inferred,
      report,
    } = await readDataset({
      postgres: { url: url!, query: `SELECT * FROM ${schema}.tx ORDER BY id;` },
    })
    assert.equal(report.source, 'postgres query')
    assert.equal(dataset.rowCount, 25_003)
    assert.deepEqual(
      inferred.columns.map((c) => [c.name, c.type]),
      [
        ['id', 'numeric'],
        ['amount', 'numeric'],
        ['score', 'numeric'],
        ['city', 'categorical'],
        ['paid', 'boolean'],
        ['day', 'datetime'],
        ['at', 'datetime'],
        ['at_tz', 'datetime'],
        ['note', 'categorical'],
        ['tags', 'categorical'],
      ],
    )
    assert.deepEqual(values(dataset, 'amount').slice(0, 3), [10.5, null, Infinity])
    assert.deepEqual(values(dataset, 'score').slice(0, 3), [0.25, null, -Infinity])
    assert.deepEqual(values(dataset, 'paid').slice(0, 3), [true, false, null])
    assert.deepEqual(values(dataset, 'day').slice(0, 3), [Date.UTC(2024, 0, 2), null, Date.UTC(1969, 11, 31)])
    assert.equal(values(dataset, 'at')[0], Date.UTC(2024, 0, 2, 3, 4, 5, 678))
    assert.equal(values(dataset, 'at_tz')[0], Date.UTC(2024, 0, 2, 1, 4, 5))
    assert.deepEqual(values(dataset, 'tags').slice(0, 3), ['{x,y}', null, '{}'])
    assert.equal(values(dataset, 'id').at(-1), 25_100)
  })

  it('applies overrides and derived columns as for files', { skip }, async () => {
    const { dataset } = await readDataset(
      { postgres: { url: url!, query: `SELECT id, city FROM ${schema}.tx WHERE id < 10 ORDER BY id` } },
      { types: { id: 'categorical' }, derived: [{ name: 'big_city', sql: "city = 'Oslo'" }] },
    )
    assert.deepEqual(values(dataset, 'id'), ['1', '2', '3'])
    assert.deepEqual(values(dataset, 'big_city'), [true, false, true])
  })

  it('reports an error in the query with PostgreSQL message, and refuses repeated names', {
    skip,
  }, async () => {
    await assert.rejects(readDataset({ postgres: { url: url!, query: `SELECT nope FROM ${schema}.tx` } }), {
      code: 'INVALID_PARAMETER_VALUE',
      message: /^postgres query: column "nope" does not exist/,
    })
    await assert.rejects(readDataset({ postgres: { url: url!, query: 'SELECT 1 AS a, 2 AS a' } }), {
      code: 'INVALID_PARAMETER_VALUE',
      message: /column name 'a' appears twice/,
    })
  })

  it('reports an unreachable server without its password', async () => {
    const error = await readDataset({
      postgres: { url: 'postgres://me:secret@127.0.0.1:1/db', query: 'SELECT 1' },
    }).then(
      () => assert.fail('expected a failure'),
      (e: Error & { code?: string }) => e,
    )
    assert.equal(error.code, 'SHIPYARD_REMOTE_UNREACHABLE')
    assert.match(error.message, /cannot connect to PostgreSQL at postgres:\/\/me:\*\*\*@127\.0\.0\.1:1\/db/)
    assert.doesNotMatch(error.message, /secret/)
  })
})
