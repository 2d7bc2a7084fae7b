import { type BatchColumn, badRequest, isRecord, jsonType, type RowBatch } from './row-batch.js'

/**
 * A batch from named columns of equal length (`{"age": [41, 37], "city": ["oslo", "lima"]}`), checked
 * at `field`: each must be an array, all of one length. A column whose values are arrays is a matrix
 * input sent whole (one array of k numbers per row).
 */
export function batchFromColumns(columns: Readonly<Record<string, unknown>>, field: string): RowBatch {
  const batch = new Map<string, BatchColumn>()
  let first: { name: string; length: number } | undefined
  for (const [name, values] of Object.entries(columns)) {
    if (!Array.isArray(values)) {
      throw badRequest(`${field}.${name} must be an array of values, one per row; got ${jsonType(values)}`, {
        field: `${field}.${name}`,
      })
    }
    if (first === undefined) first = { name, length: values.length }
    else if (values.length !== first.length) {
      throw badRequest(
        `${field}: column '${name}' has ${values.length} values but '${first.name}' has ${first.length}; every column needs one value per row`,
        { field: `${field}.${name}`, column: name },
      )
    }
    batch.set(name, batchColumn(values, `${field}.${name}`))
  }
  return { rowCount: first?.length ?? 0, columns: batch }
}

/**
 * A batch from row objects (`[{"age": 41, "city": "oslo"}, ...]`), checked at `field`. A key absent
 * from a row is a missing value there, as pandas reads records.
 */
export function batchFromRecords(rows: readonly unknown[], field: string): RowBatch {
  const columns = new Map<string, unknown[]>()
  rows.forEach((row, i) => {
    if (!isRecord(row)) {
      throw badRequest(`${field}[${i}] must be an object of column values; got ${jsonType(row)}`, {
        field: `${field}[${i}]`,
        row: i,
      })
    }
    for (const name in row) {
      let values = columns.get(name)
      if (values === undefined) {
        values = new Array<unknown>(rows.length).fill(null)
        columns.set(name, values)
      }
      values[i] = row[name]
    }
  })
  return withColumns(rows.length, columns, field)
}

/**
 * A batch from rows given as arrays of values in the order of `names` (`[[41, "oslo"], ...]`), checked
 * at `field`: each row must have one value per name.
 */
export function batchFromArrays(rows: readonly unknown[], names: readonly string[], field: string): RowBatch {
  const columns = new Map<string, unknown[]>(names.map((name) => [name, new Array<unknown>(rows.length)]))
  rows.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== names.length) {
      const got = Array.isArray(row) ? `${row.length} values` : jsonType(row)
      throw badRequest(
        `${field}[${i}] must be an array of ${names.length} values (${names.join(', ')}); got ${got}`,
        { field: `${field}[${i}]`, row: i },
      )
    }
    names.forEach((name, j) => {
      columns.get(name)![i] = row[j]
    })
  })
  return withColumns(rows.length, columns, field)
}

/**
 * A batch of one input from its rows (`field`): bare values for a column, or arrays of k values for
 * a [N, k] matrix input.
 */
export function batchFromMatrix(rows: readonly unknown[], name: string, field: string): RowBatch {
  return { rowCount: rows.length, columns: new Map([[name, batchColumn(rows, field)]]) }
}

function withColumns(rowCount: number, columns: Map<string, unknown[]>, field: string): RowBatch {
  const batch = new Map<string, BatchColumn>()
  for (const [name, values] of columns) batch.set(name, batchColumn(values, `${field}.${name}`))
  return { rowCount, columns: batch }
}

/**
 * One column's values; when they are arrays (a matrix input sent whole, one array per row), flattened
 * row-major after checking that every row has the same number of plain values.
 */
function batchColumn(values: readonly unknown[], field: string): BatchColumn {
  const firstArray = values.findIndex(Array.isArray)
  if (firstArray === -1) return { values, width: 1 }
  const width = (values[firstArray] as unknown[]).length
  const flat = new Array<unknown>(values.length * width)
  values.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== width) {
      const got = Array.isArray(row) ? `${row.length} values` : jsonType(row)
      throw badRequest(
        `${field}: row ${i} must be an array of ${width} values like row ${firstArray}; got ${got}`,
        {
          field,
          row: i,
        },
      )
    }
    for (let j = 0; j < width; j++) {
      if (Array.isArray(row[j]) || isRecord(row[j])) {
        throw badRequest(
          `${field}: row ${i} holds ${jsonType(row[j])} at position ${j}; a matrix row holds plain values`,
          {
            field,
            row: i,
          },
        )
      }
      flat[i * width + j] = row[j]
    }
  })
  return { values: flat, width }
}
