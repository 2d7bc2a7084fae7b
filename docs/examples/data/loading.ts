// Loading: a CSV, Parquet or JSON-lines file, or a SQL query over them, into typed columns. Run with `npx tsx docs/examples/data/loading.ts`.
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readDataset } from '../../../src/data/index.js'

const dir = mkdtempSync(join(tmpdir(), 'shipyard-loading-'))
const file = join(dir, 'tx.csv')
writeFileSync(
  file,
  'id,amount,income,city,paid_at\n1,12.5,3000,Paris,2024-05-01 10:00:00\n2,,0,Lyon,2024-05-02 11:30:00\n',
)

// Types are inferred (numeric, categorical, boolean, datetime, text); `types` overrides them, and
// `derived` adds columns computed by DuckDB while loading.
const { dataset, schema, report } = await readDataset(
  { path: file },
  { types: { id: 'text' }, derived: [{ name: 'ratio', sql: 'amount / nullif(income, 0)' }] },
)
console.log(schema.columns.map((c) => `${c.name}: ${c.type}${c.nullable ? '?' : ''}`).join(', '))
assert.equal(dataset.rowCount, 2)
assert.equal(dataset.column('city').type, 'categorical')

// Columns are typed arrays: missing numbers are NaN, categories are codes into a dictionary.
const amount = dataset.column('amount')
assert.ok(amount.type === 'numeric' && Number.isNaN(amount.values[1]))
console.log(`read ${report.rowsRead} rows from ${report.source}, dropped ${report.rowsDropped}`)

// The same through SQL: any DuckDB query over files.
const query = await readDataset({
  sql: `SELECT city, amount * 2 AS doubled FROM '${file}' WHERE amount IS NOT NULL`,
})
assert.deepEqual(query.dataset.columnNames, ['city', 'doubled'])
