import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { valueAt } from '../column.js'
import type { Dataset } from '../dataset.js'
import { readDataset } from './read-dataset.js'
import { duckdb, tempFiles } from './testing/temp-files.js'

const files = tempFiles()
after(() => files.remove())

function values(dataset: Dataset, name: string): unknown[] {
  const column = dataset.column(name)
  return Array.from({ length: dataset.rowCount }, (_, i) => valueAt(column, i))
}

describe('SQL over files, and derived columns', () => {
  const tx = files.path('tx.parquet')
  const customers = files.path('customers.csv')
  before(async () => {
    await duckdb(
      `COPY (SELECT * FROM (VALUES (1, 100.0, 50.0, TIMESTAMP '2024-01-02 13:00:00'), (2, 30.0, 0.0, TIMESTAMP '2024-01-03 08:30:00'),
         (1, 10.0, NULL, TIMESTAMP '2024-01-04 23:59:00')) AS t(customer, amount, income, ts)) TO '${tx}' (FORMAT parquet)`,
    )
    files.write('customers.csv', 'customer,segment\n1,gold\n2,silver\n')
  })

  it("reads a query over files, with the issue's derived ratio", async () => {
    const sql = `SELECT *, amount / nullif(income, 0) AS ratio FROM '${tx}'`
    const { dataset, report } = await readDataset({ sql })
    assert.deepEqual(dataset.columnNames, ['customer', 'amount', 'income', 'ts', 'ratio'])
    assert.deepEqual(values(dataset, 'ratio'), [2, null, null])
    assert.equal(report.source, 'query')
  })

  it('joins files, and keeps the order the query gives', async () => {
    const sql = `SELECT t.amount, c.segment FROM '${tx}' t JOIN '${customers}' c USING (customer) ORDER BY t.amount DESC;`
    const { dataset } = await readDataset({ sql })
    assert.deepEqual(values(dataset, 'amount'), [100, 30, 10])
    assert.deepEqual(values(dataset, 'segment'), ['gold', 'silver', 'gold'])
  })

  it('evaluates derived SQL at load time, over overridden types, in the given order', async () => {
    const path = files.write(
      'raw.csv',
      'amount,income,when\n100,50,2024-01-02T13:00:00Z\n30,0,2024-01-03T08:30:00+02:00\n',
    )
    const { dataset, schema } = await readDataset(
      { path },
      {
        types: { amount: 'text', hour: 'categorical' },
        derived: [
          { name: 'ratio', sql: 'CAST(amount AS DOUBLE) / nullif(income, 0)' },
          { name: 'hour', sql: 'date_part(\'hour\', "when")' },
          { name: 'label', sql: "amount || '!'" },
        ],
      },
    )
    assert.deepEqual(
      schema.columns.map((c) => [c.name, c.type]),
      [
        ['amount', 'text'],
        ['income', 'numeric'],
        ['when', 'datetime'],
        ['ratio', 'numeric'],
        ['hour', 'categorical'],
        ['label', 'categorical'],
      ],
    )
    assert.deepEqual(values(dataset, 'ratio'), [2, null])
    assert.deepEqual(values(dataset, 'hour'), ['13', '6'])
    assert.deepEqual(values(dataset, 'label'), ['100!', '30!'])
  })

  it('names the derived column whose SQL DuckDB refuses', async () => {
    await assert.rejects(
      readDataset(
        { sql: `SELECT * FROM '${tx}'` },
        {
          derived: [
            { name: 'ok', sql: 'amount * 2' },
            { name: 'bad', sql: 'amount / incme' },
          ],
        },
      ),
      { code: 'INVALID_PARAMETER_VALUE', message: /^derived\.bad: DuckDB cannot evaluate 'amount \/ incme'/ },
    )
  })

  it('refuses a derived column named like a source column', async () => {
    await assert.rejects(
      readDataset({ sql: `SELECT * FROM '${tx}'` }, { derived: [{ name: 'Amount', sql: 'amount * 2' }] }),
      {
        code: 'INVALID_PARAMETER_VALUE',
        message: /'amount' and 'Amount' are the same name/,
      },
    )
  })

  it('refuses repeated names in the query, which DuckDB would rename', async () => {
    await assert.rejects(readDataset({ sql: `SELECT amount, amount FROM '${tx}'` }), {
      code: 'INVALID_PARAMETER_VALUE',
      message: /^query: column name 'amount' appears twice \(columns 1 and 2\)/,
    })
  })

  it('reports a file the query reads that is missing, and bad SQL', async () => {
    const missing = files.path('nowhere.parquet')
    await assert.rejects(readDataset({ sql: `SELECT * FROM '${missing}'` }), {
      code: 'RESOURCE_DOES_NOT_EXIST',
      message: /nowhere\.parquet/,
    })
    await assert.rejects(readDataset({ sql: 'SELEC 1' }), {
      code: 'INVALID_PARAMETER_VALUE',
      message: /^query: Parser Error/,
    })
    await assert.rejects(readDataset({ sql: '  ' }), {
      code: 'INVALID_PARAMETER_VALUE',
      message: /^sql: must be a non-empty query/,
    })
  })

  it('maps a CSV error inside a query to file and line', async () => {
    const path = files.write('ragged.csv', 'a,b\n1,2\n3,4,5\n')
    await assert.rejects(
      readDataset({
        sql: `SELECT * FROM read_csv('${path}', auto_detect = false, delim = ',', header = true, columns = {'a': 'DOUBLE', 'b': 'DOUBLE'})`,
      }),
      {
        code: 'INVALID_PARAMETER_VALUE',
        message: /ragged\.csv line 3: expected 2 columns, found 3/,
      },
    )
  })

  it('tolerates a trailing comment in the query', async () => {
    const { dataset } = await readDataset({ sql: 'SELECT 1.5 AS x -- one row' })
    assert.deepEqual(values(dataset, 'x'), [1.5])
  })
})
