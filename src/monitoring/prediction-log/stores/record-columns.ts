import type { RecordField } from '../prediction-filter.js'
import type { LoggedValue, PredictionRecord } from '../prediction-log.js'
import { keptValues } from '../record-checks.js'
import type { StagedColumn, StagedType } from './duck-engine.js'
import { loggedName, type ValueKind } from './duck-relation.js'

/**
 * How records lie in the embedded store's Parquet files: the record's own columns (`time` as BIGINT
 * epoch ms, rounded), then one typed column per input and output key, `inputs.<key>` and
 * `outputs.<key>`, so that a filter on one reads one column.
 */
export const RECORD_COLUMNS: Readonly<Record<RecordField, StagedType>> = {
  request_id: 'VARCHAR',
  row: 'INTEGER',
  time: 'BIGINT',
  model: 'VARCHAR',
  version: 'INTEGER',
  alias: 'VARCHAR',
  arm: 'VARCHAR',
  latency_ms: 'DOUBLE',
  cache: 'VARCHAR',
  error_code: 'VARCHAR',
  error_message: 'VARCHAR',
}

type Kept = string | number | boolean
const VALUE_TYPES: Readonly<Record<ValueKind, StagedType>> = {
  number: 'DOUBLE',
  string: 'VARCHAR',
  boolean: 'BOOLEAN',
}

/**
 * The files a batch of one partition becomes, as columns: usually one. A key's column is DOUBLE,
 * BOOLEAN or VARCHAR after its values; a file holds one type per column, so when a key's values
 * differ in type the batch is split: the records whose values all have their key's most common type,
 * then one file per other combination. Missing values are NULL; a key with no kept value has no
 * column. DuckDB names are case-insensitive: of keys differing only in case, the first met is kept
 * and the others dropped.
 */
export function batchColumns(records: readonly PredictionRecord[]): StagedColumn[][] {
  const columns = singleTypedColumns(records)
  if (columns !== null) return [columns]
  return splitByValueTypes(records).map((part) => singleTypedColumns(part)!)
}

interface LoggedColumn {
  readonly name: string
  readonly type: ValueKind
  readonly values: (Kept | null)[]
}

// The columns of records whose keys each have values of one type, or null when one has two. One pass,
// looking keys up as given: this runs on every append, for every value.
function singleTypedColumns(records: readonly PredictionRecord[]): StagedColumn[] | null {
  const n = records.length
  const fixed = Object.fromEntries(Object.keys(RECORD_COLUMNS).map((f) => [f, new Array(n)])) as Record<
    RecordField,
    (number | string | bigint | null)[]
  >
  const scopes = {
    inputs: new Map<string, LoggedColumn | null>(),
    outputs: new Map<string, LoggedColumn | null>(),
  }
  const lowerNames = new Set<string>()
  for (let i = 0; i < n; i++) {
    const r = records[i]!
    fixed.request_id[i] = r.requestId
    fixed.row[i] = r.row
    fixed.time[i] = BigInt(Math.round(r.time))
    fixed.model[i] = r.model
    fixed.version[i] = r.version
    fixed.alias[i] = r.alias
    fixed.arm[i] = r.arm
    fixed.latency_ms[i] = r.latencyMs
    fixed.cache[i] = r.cache
    fixed.error_code[i] = r.errorCode
    fixed.error_message[i] = r.errorMessage
    for (const scope of ['inputs', 'outputs'] as const) {
      const values = r[scope]
      const columns = scopes[scope]
      for (const key in values) {
        const value = values[key]
        const type = typeof value
        if (type !== 'string' && type !== 'boolean' && !(type === 'number' && Number.isFinite(value)))
          continue
        let column = columns.get(key)
        if (column === undefined) {
          const name = `${scope}.${key}`
          const lower = name.toLowerCase()
          column = lowerNames.has(lower)
            ? null
            : { name, type: type as ValueKind, values: new Array(n).fill(null) }
          lowerNames.add(lower)
          columns.set(key, column)
        }
        if (column === null) continue
        if (column.type !== type) return null
        column.values[i] = value as Kept
      }
    }
  }
  const columns: StagedColumn[] = Object.entries(RECORD_COLUMNS).map(([name, type]) => ({
    name,
    type,
    values: fixed[name as RecordField],
  }))
  for (const scope of [scopes.inputs, scopes.outputs]) {
    for (const column of scope.values()) {
      if (column !== null)
        columns.push({ name: column.name, type: VALUE_TYPES[column.type], values: column.values })
    }
  }
  return columns
}

// The rare path: see `batchColumns`.
function splitByValueTypes(records: readonly PredictionRecord[]): PredictionRecord[][] {
  const typed = records.map((r) =>
    (['inputs', 'outputs'] as const).flatMap((scope) =>
      keptValues(r[scope]).map(([key, value]) => [`${scope}.${key}`, typeof value] as const),
    ),
  )
  const counts = new Map<string, Map<string, number>>()
  for (const [name, type] of typed.flat()) {
    const byType = counts.get(name) ?? new Map<string, number>()
    byType.set(type, (byType.get(type) ?? 0) + 1)
    counts.set(name, byType)
  }
  const usual = new Map(
    [...counts].map(([name, byType]) => [name, [...byType].sort((a, b) => b[1] - a[1])[0]![0]]),
  )
  const parts = new Map<string, PredictionRecord[]>()
  records.forEach((record, i) => {
    const key = JSON.stringify(typed[i]!.filter(([name, type]) => usual.get(name) !== type))
    const part = parts.get(key)
    if (part === undefined) parts.set(key, [record])
    else part.push(record)
  })
  return [...parts.values()]
}

/**
 * A reader turning result rows (`SELECT *` over the files, JS values) back into records, planned once
 * per result from its column names (a logged column split by type, `inputs.age\u001fstring`, gives
 * its values to `age`). Other columns a query adds (`__label`) are ignored.
 */
export function recordReader(names: readonly string[]): (row: readonly unknown[]) => PredictionRecord {
  const at = (field: RecordField) => names.indexOf(field)
  const index = Object.fromEntries(
    Object.keys(RECORD_COLUMNS).map((f) => [f, at(f as RecordField)]),
  ) as Record<RecordField, number>
  const keys = names.flatMap((column, i) => {
    const name = loggedName(column)
    const scope = name.startsWith('inputs.') ? 'inputs' : name.startsWith('outputs.') ? 'outputs' : undefined
    return scope === undefined ? [] : [{ scope, key: name.slice(scope.length + 1), i }]
  })
  return (row) => {
    const inputs: Record<string, LoggedValue> = {}
    const outputs: Record<string, LoggedValue> = {}
    for (const { scope, key, i } of keys) {
      const value = row[i]
      if (value === null || value === undefined) continue
      ;(scope === 'inputs' ? inputs : outputs)[key] =
        typeof value === 'bigint' ? Number(value) : (value as Kept)
    }
    const get = (field: RecordField) => row[index[field]] ?? null
    const version = get('version')
    return {
      requestId: get('request_id') as string,
      row: Number(get('row')),
      time: Number(get('time')),
      model: get('model') as string,
      version: version === null ? null : Number(version),
      alias: get('alias') as string | null,
      arm: get('arm') as PredictionRecord['arm'],
      inputs,
      outputs,
      latencyMs: Number(get('latency_ms')),
      cache: get('cache') as PredictionRecord['cache'],
      errorCode: get('error_code') as string | null,
      errorMessage: get('error_message') as string | null,
    }
  }
}
