import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { ShipyardError } from '../../shared/index.js'
import { type Column, valueAt } from '../column.js'
import type { Dataset } from '../dataset.js'
import { readDataset } from './read-dataset.js'
import { tempFiles } from './testing/temp-files.js'

const files = tempFiles()
after(() => files.remove())

function values(dataset: Dataset, name: string): unknown[] {
  const column: Column = dataset.column(name)
  return Array.from({ length: dataset.rowCount }, (_, i) => valueAt(column, i))
}

async function rejects(promise: Promise<unknown>, code: string, message: RegExp): Promise<ShipyardError> {
  const error = await promise.then(
    () => assert.fail('expected the load to fail'),
    (e: unknown) => e,
  )
  assert.ok(error instanceof ShipyardError, `not a ShipyardError: ${String(error)}`)
  assert.equal(error.code, code)
  assert.match(error.message, message)
  return error
}

describe('CSV loading', () => {
  it('reads a header, sniffs types, and keeps row order', async () => {
    const path = files.write(
      'basic.csv',
      'id,amount,city,paid,day\n1,10.5,Oslo,true,2024-01-02\n2,-3,Rome,false,2024-02-03\n3,0,Oslo,true,2024-03-04\n',
    )
    const { dataset, schema, report } = await readDataset({ path })
    assert.deepEqual(
      schema.columns.map((c) => [c.name, c.type]),
      [
        ['id', 'numeric'],
        ['amount', 'numeric'],
        ['city', 'categorical'],
        ['paid', 'boolean'],
        ['day', 'datetime'],
      ],
    )
    assert.deepEqual(values(dataset, 'amount'), [10.5, -3, 0])
    assert.deepEqual(values(dataset, 'city'), ['Oslo', 'Rome', 'Oslo'])
    assert.deepEqual(values(dataset, 'paid'), [true, false, true])
    assert.deepEqual(values(dataset, 'day'), [
      Date.UTC(2024, 0, 2),
      Date.UTC(2024, 1, 3),
      Date.UTC(2024, 2, 4),
    ])
    assert.deepEqual(report, { source: path, rowsRead: 3, rowsDropped: 0, droppedExamples: [], notes: [] })
  })

  it('dictionary-encodes categories in order of first appearance', async () => {
    const path = files.write('cats.csv', 'c\nb\na\nb\n\nc\n')
    const { dataset } = await readDataset({ path })
    const column = dataset.column('c')
    assert.equal(column.type, 'categorical')
    if (column.type !== 'categorical') return
    assert.deepEqual(column.dictionary, ['b', 'a', 'c'])
    assert.deepEqual([...column.codes], [0, 1, 0, -1, 2])
  })

  it('honours quoting: delimiters, doubled quotes and newlines inside quotes', async () => {
    const path = files.write('quoted.csv', 'name,note\n"Smith, J","said ""hi"""\n"two\nlines",plain\n')
    const { dataset } = await readDataset({ path }, { types: { name: 'text', note: 'text' } })
    assert.deepEqual(values(dataset, 'name'), ['Smith, J', 'two\nlines'])
    assert.deepEqual(values(dataset, 'note'), ['said "hi"', 'plain'])
  })

  it('reads quoted values that first appear after the sniffing sample', async () => {
    const lines = ['a,b']
    for (let i = 0; i < 25_000; i++) lines.push(`${i},x${i % 3}`)
    lines.push('"7,5",y', '8,"say ""so"""')
    const path = files.write('late-quotes.csv', `${lines.join('\n')}\n`)
    const { dataset } = await readDataset({ path }, { types: { a: 'text' } })
    assert.equal(dataset.rowCount, 25_002)
    assert.deepEqual(values(dataset, 'a').slice(-2), ['7,5', '8'])
    assert.deepEqual(values(dataset, 'b').slice(-2), ['y', 'say "so"'])
  })

  it('takes a given delimiter and quote character', async () => {
    const path = files.write('semi.txt', "a;b\n1;'x;y'\n2;z\n")
    const { dataset } = await readDataset({ path, format: 'csv' }, { csv: { delimiter: ';', quote: "'" } })
    assert.deepEqual(values(dataset, 'a'), [1, 2])
    assert.deepEqual(values(dataset, 'b'), ['x;y', 'z'])
  })

  it('sniffs a semicolon delimiter when none is given', async () => {
    const path = files.write('sniffed.csv', 'a;b;c\n1;2;3\n4;5;6\n')
    const { dataset } = await readDataset({ path })
    assert.deepEqual(dataset.columnNames, ['a', 'b', 'c'])
    assert.deepEqual(values(dataset, 'c'), [3, 6])
  })

  it('reads TSV by extension, with tabs as the delimiter', async () => {
    const path = files.write('data.tsv', 'x\ty\n1,5\ta b\n2\tc,d\n')
    const { dataset } = await readDataset({ path })
    assert.deepEqual(values(dataset, 'x'), ['1,5', '2'])
    assert.deepEqual(values(dataset, 'y'), ['a b', 'c,d'])
  })

  it('names columns column0... without a header', async () => {
    const path = files.write('noheader.csv', '1,a\n2,b\n3,a\n')
    const { dataset } = await readDataset({ path }, { csv: { header: false } })
    assert.deepEqual(dataset.columnNames, ['column0', 'column1'])
    assert.equal(dataset.rowCount, 3)
  })

  it('reads the default null tokens as missing, and only those given when overridden', async () => {
    const path = files.write('nulls.csv', 'x,s\n1,a\nNA,NA\n,\nnull,N/A\nNULL,b\n5,a\n')
    const defaults = await readDataset({ path })
    assert.deepEqual(values(defaults.dataset, 'x'), [1, null, null, null, null, 5])
    assert.deepEqual(values(defaults.dataset, 's'), ['a', null, null, null, 'b', 'a'])

    const custom = await readDataset({ path }, { csv: { nullTokens: ['', 'NA'] }, types: { x: 'text' } })
    assert.deepEqual(values(custom.dataset, 'x'), ['1', null, null, 'null', 'NULL', '5'])
  })

  it('keeps NaN and infinities as values, parsing nan/inf spellings', async () => {
    const path = files.write('special.csv', 'v\n1.5\nnan\ninf\n-inf\nInfinity\nNaN\n')
    const { dataset } = await readDataset({ path })
    assert.equal(dataset.column('v').type, 'numeric')
    assert.deepEqual(values(dataset, 'v'), [1.5, null, Infinity, -Infinity, Infinity, null])
  })

  it('reads a fraction after the sample in a column sniffed as integers', async () => {
    const lines = ['n']
    for (let i = 0; i < 25_000; i++) lines.push(String(i))
    lines.push('2.5')
    const { dataset } = await readDataset({ path: files.write('late-fraction.csv', `${lines.join('\n')}\n`) })
    assert.deepEqual(values(dataset, 'n').at(-1), 2.5)
  })

  it('reads a gzip-compressed CSV', async () => {
    const { gzipSync } = await import('node:zlib')
    const path = files.path('packed.csv.gz')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(path, gzipSync('a,b\n1,x\n2,y\n'))
    const { dataset } = await readDataset({ path })
    assert.deepEqual(values(dataset, 'a'), [1, 2])
  })

  it('keeps an entirely null column, typed numeric, and notes it', async () => {
    const path = files.write('allnull.csv', 'a,empty\n1,\n2,NA\n3,\n')
    const { dataset, report } = await readDataset({ path })
    const empty = dataset.column('empty')
    assert.equal(empty.type, 'numeric')
    assert.deepEqual(values(dataset, 'empty'), [null, null, null])
    assert.deepEqual(report.notes, ["column 'empty' is entirely null; typed numeric"])
  })

  it('types an entirely null column from its override', async () => {
    const path = files.write('allnull2.csv', 'a,empty\n1,\n2,\n')
    const { dataset, report } = await readDataset({ path }, { types: { empty: 'categorical' } })
    assert.equal(dataset.column('empty').type, 'categorical')
    assert.deepEqual(report.notes, ["column 'empty' is entirely null; typed categorical (from types)"])
  })

  it('reads Windows line endings and a UTF-8 byte-order mark', async () => {
    const path = files.write('windows.csv', '\ufeffa,b\r\n1,x\r\n2,"y\r\nz"\r\n')
    const { dataset } = await readDataset({ path }, { types: { b: 'text' } })
    assert.deepEqual(dataset.columnNames, ['a', 'b'])
    assert.deepEqual(values(dataset, 'a'), [1, 2])
    assert.deepEqual(values(dataset, 'b'), ['x', 'y\r\nz'])
  })

  it('quotes paths and column names safely', async () => {
    const path = files.write("it's here.csv", '"a""b",select\n1,2\n')
    const { dataset } = await readDataset(
      { path },
      { types: { select: 'text' }, derived: [{ name: 'sum', sql: '"a""b" + 1' }] },
    )
    assert.deepEqual(dataset.columnNames, ['a"b', 'select', 'sum'])
    assert.deepEqual(values(dataset, 'sum'), [2])
    assert.deepEqual(values(dataset, 'select'), ['2'])
  })

  it('reads a header-only file as zero rows', async () => {
    const { dataset, report } = await readDataset({ path: files.write('header-only.csv', 'a,b\n') })
    assert.equal(dataset.rowCount, 0)
    assert.deepEqual(dataset.columnNames, ['a', 'b'])
    assert.ok(report.notes.some((n) => n.endsWith('has no rows')))
  })
})

describe('CSV bad input', () => {
  const ragged = 'a,b,c,d,e\n1,2,3,4,5\n6,7,8,9,10\n1,2,3,4,5,6,7\n1,2,3,4,5\n1,2\n1,2,3,4,5\n'

  it('fails on a ragged line, naming file, line and counts', async () => {
    const path = files.write('ragged.csv', ragged)
    const error = await rejects(
      readDataset({ path }),
      'INVALID_PARAMETER_VALUE',
      /ragged\.csv line 4: expected 5 columns, found 7/,
    )
    assert.match(error.message, /2 bad lines in all/)
    assert.equal(error.details.line, 4)
    assert.equal(error.details.badLines, 2)
  })

  it("drops ragged lines with badRows: 'drop', and reports them", async () => {
    const path = files.write('ragged2.csv', ragged)
    const { dataset, report } = await readDataset({ path }, { badRows: 'drop' })
    assert.equal(dataset.rowCount, 4)
    assert.deepEqual(values(dataset, 'a'), [1, 6, 1, 1])
    assert.equal(report.rowsRead, 6)
    assert.equal(report.rowsDropped, 2)
    assert.deepEqual(report.droppedExamples, [
      { line: 4, reason: 'expected 5 columns, found 7' },
      { line: 6, reason: 'expected 5 columns, found 2' },
    ])
  })

  it('fails on a value that does not parse as the overridden type, naming line, column and value', async () => {
    const path = files.write('badnum.csv', 'id,amount\n1,10\n2,12.5\n3,abc\n4,7\n')
    const error = await rejects(
      readDataset({ path }, { types: { amount: 'numeric' } }),
      'INVALID_PARAMETER_VALUE',
      /badnum\.csv line 4, column 'amount': 'abc' is not a number/,
    )
    assert.equal(error.details.column, 'amount')
    assert.equal(error.details.value, 'abc')
  })

  it('drops rows whose value does not parse as the overridden type', async () => {
    const path = files.write('badnum2.csv', 'id,amount\n1,10\n2,x\n3,7\n4,y\n')
    const { dataset, report } = await readDataset({ path }, { types: { amount: 'numeric' }, badRows: 'drop' })
    assert.deepEqual(values(dataset, 'id'), [1, 3])
    assert.deepEqual(values(dataset, 'amount'), [10, 7])
    assert.equal(report.rowsDropped, 2)
    assert.deepEqual(report.droppedExamples[0], {
      line: 3,
      column: 'amount',
      value: 'x',
      reason: "'x' is not a number",
    })
  })

  it('fails on a value after the sample that breaks the sniffed type', async () => {
    const lines = ['flag']
    for (let i = 0; i < 25_000; i++) lines.push(i % 2 ? 'true' : 'false')
    lines.push('maybe')
    const path = files.write('late-bool.csv', `${lines.join('\n')}\n`)
    await rejects(
      readDataset({ path }),
      'INVALID_PARAMETER_VALUE',
      /late-bool\.csv line 25002, column 'flag': 'maybe' is not a boolean \(true\/false\) \(the column's type was inferred from the first rows; set types\.flag to read it otherwise\)/,
    )
    const { dataset } = await readDataset({ path }, { types: { flag: 'categorical' } })
    assert.equal(values(dataset, 'flag').at(-1), 'maybe')
  })

  it('refuses an empty file, naming it', async () => {
    const path = files.write('empty.csv', '')
    const error = await rejects(readDataset({ path }), 'INVALID_PARAMETER_VALUE', /empty\.csv is empty/)
    assert.equal(error.details.file, path)
    await rejects(
      readDataset({ path: files.write('blank.csv', '\n \n') }),
      'INVALID_PARAMETER_VALUE',
      /blank\.csv is empty/,
    )
  })

  it('reports a missing file as RESOURCE_DOES_NOT_EXIST, naming it', async () => {
    const path = files.path('nope.csv')
    const error = await rejects(readDataset({ path }), 'RESOURCE_DOES_NOT_EXIST', /nope\.csv/)
    assert.equal(error.details.file, path)
  })

  it('refuses duplicate column names, ignoring case as DuckDB does', async () => {
    await rejects(
      readDataset({ path: files.write('dup.csv', 'a,b,a\n1,2,3\n') }),
      'INVALID_PARAMETER_VALUE',
      /dup\.csv line 1: column name 'a' appears twice \(columns 1 and 3\)/,
    )
    await rejects(
      readDataset({ path: files.write('dupcase.csv', 'Amount,amount\n1,2\n') }),
      'INVALID_PARAMETER_VALUE',
      /'Amount' and 'amount' are the same name/,
    )
  })

  it('accepts a header whose names only look like renamed duplicates', async () => {
    const { dataset } = await readDataset({ path: files.write('lags.csv', 'lag,lag_1\n1,2\n') })
    assert.deepEqual(dataset.columnNames, ['lag', 'lag_1'])
  })

  it('refuses bad CSV options, naming the field', async () => {
    const path = files.write('opts.csv', 'a\n1\n')
    await rejects(readDataset({ path }, { csv: { quote: '""' } }), 'INVALID_PARAMETER_VALUE', /csv\.quote/)
    await rejects(
      readDataset({ path }, { csv: { delimiter: '' } }),
      'INVALID_PARAMETER_VALUE',
      /csv\.delimiter/,
    )
  })
})
