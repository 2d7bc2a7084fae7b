import { parseIsoInstant } from '../../data/index.js'
import type { ModelSignature } from '../../models/index.js'
import { csvRecords } from './csv-records.js'
import { type BatchColumn, badRequest, badValue, type RowBatch } from './row-batch.js'

/** How a CSV field of a column becomes a JSON value, or undefined when the text is not one. */
type FieldReader = (text: string) => unknown

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/
const SPECIAL_NUMBERS: Readonly<Record<string, number>> = {
  nan: Number.NaN,
  inf: Number.POSITIVE_INFINITY,
  '+inf': Number.POSITIVE_INFINITY,
  '-inf': Number.NEGATIVE_INFINITY,
  infinity: Number.POSITIVE_INFINITY,
  '+infinity': Number.POSITIVE_INFINITY,
  '-infinity': Number.NEGATIVE_INFINITY,
}

const READERS = {
  number: {
    expected: 'a number',
    read: (text: string) => (NUMBER.test(text) ? Number(text) : SPECIAL_NUMBERS[text.toLowerCase()]),
  },
  boolean: {
    expected: 'true or false',
    read: (text: string) => ({ true: true, false: false })[text.toLowerCase()],
  },
  datetime: {
    expected:
      'epoch milliseconds or an ISO-8601 date (2024-06-01) or date-time with a zone (2024-06-01T12:00:00Z)',
    read: (text: string) => {
      const ms = NUMBER.test(text) ? Number(text) : parseIsoInstant(text)
      return Number.isNaN(ms) ? undefined : ms
    },
  },
  string: { expected: 'text', read: (text: string) => text },
} as const satisfies Record<string, { expected: string; read: FieldReader }>

/**
 * Decodes a CSV scoring body (`text/csv`): a header line naming the columns, then one line per row
 * (see `csvRecords` for quoting). Each field is read as its signature column needs it: numbers for
 * numeric inputs (also `NaN`, `inf`), `true`/`false` for boolean ones (any case), epoch ms or ISO-8601
 * for datetimes, text for categories and text and for columns the model does not take. An empty
 * field is missing. `BAD_REQUEST` / `INVALID_PARAMETER_VALUE` naming the line (1-based) and column.
 */
export function decodeCsv(text: string, signature: ModelSignature): RowBatch {
  const [header, ...rows] = csvRecords(text)
  if (header === undefined)
    throw badRequest('the CSV body is empty: it needs a header line', { field: 'body', line: 1 })
  const names = header.fields
  const repeated = names.find((name, i) => name === '' || names.indexOf(name) !== i)
  if (repeated !== undefined) {
    throw badRequest(
      `line ${header.line}: the header ${repeated === '' ? 'has an empty column name' : `names '${repeated}' twice`}`,
      { field: 'header', line: header.line },
    )
  }
  const kinds = csvKinds(signature)
  const columns = names.map(() => new Array<unknown>(rows.length))
  rows.forEach((record, row) => {
    if (record.fields.length !== names.length) {
      throw badRequest(
        `line ${record.line} has ${record.fields.length} fields; the header has ${names.length} (${names.join(', ')})`,
        { field: 'body', line: record.line, row },
      )
    }
    record.fields.forEach((field, j) => {
      if (field === '') {
        columns[j]![row] = null
        return
      }
      const reader = READERS[kinds.get(names[j]!) ?? 'string']
      const value = reader.read(field)
      if (value === undefined) {
        throw badValue(
          `line ${record.line}, column '${names[j]}': expects ${reader.expected}; got '${field}'`,
          {
            field: names[j]!,
            line: record.line,
            row,
          },
        )
      }
      columns[j]![row] = value
    })
  })
  return {
    rowCount: rows.length,
    columns: new Map(
      names.map((name, j): [string, BatchColumn] => [name, { values: columns[j]!, width: 1 }]),
    ),
  }
}

/** How each column the model takes is read from text. */
function csvKinds(signature: ModelSignature): Map<string, keyof typeof READERS> {
  const kinds = new Map<string, keyof typeof READERS>()
  for (const input of signature.inputs) {
    const kind =
      input.type === 'string'
        ? 'string'
        : input.columnType === 'boolean'
          ? 'boolean'
          : input.columnType === 'datetime'
            ? 'datetime'
            : 'number'
    for (const name of input.columns ?? [input.name]) kinds.set(name, kind)
  }
  return kinds
}
