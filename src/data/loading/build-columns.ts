import type { Column, ColumnType, NumericArray } from '../column.js'
import { inferColumnType } from '../schema/index.js'
import { type ColumnSink, FixedWidthSink, StringSink } from './column-sinks.js'
import type { PlannedColumn } from './relation-plan.js'

/** A planned column's sink, and how to turn what it gathered into a column. */
export interface ColumnBuilder {
  readonly sink: ColumnSink
  /** The finished column, whether it holds a missing value, and any note (`entirely null`, `read as text`). */
  finish(rowCount: number): {
    readonly column: Column
    readonly nullable: boolean
    readonly notes: readonly string[]
  }
}

/** How the builders type and store what they read. */
export interface BuildOptions {
  readonly float32: boolean
  readonly maxDistinct: number
  /** Rows expected, to allocate arrays once; a guess is fine (they grow, or are trimmed). */
  readonly capacity: number
}

/** A builder for each planned column, in order. */
export function columnBuilders(columns: readonly PlannedColumn[], options: BuildOptions): ColumnBuilder[] {
  return columns.map((c) => builderFor(c, options))
}

function builderFor(planned: PlannedColumn, { float32, maxDistinct, capacity }: BuildOptions): ColumnBuilder {
  const { name } = planned
  const typedAs = (type: ColumnType) =>
    `typed ${type}${planned.forced ? ' (from types)' : ` (the source's type, ${planned.sourceType})`}`
  switch (planned.kind) {
    case 'number': {
      const sink = float32
        ? new FixedWidthSink(Float32Array, capacity, Number.NaN)
        : new FixedWidthSink(Float64Array, capacity, Number.NaN)
      return {
        sink,
        finish(rowCount) {
          const values: NumericArray = sink.values()
          const { some, all } = missingIn(values)
          const notes =
            rowCount > 0 && all ? [`column '${name}' is entirely null; ${typedAs('numeric')}`] : []
          return { column: { name, type: 'numeric', values }, nullable: some, notes }
        },
      }
    }
    case 'temporal': {
      const sink = new FixedWidthSink(Float64Array, capacity, Number.NaN)
      return {
        sink,
        finish(rowCount) {
          const values = sink.values()
          const { some, all } = missingIn(values)
          const notes =
            rowCount > 0 && all ? [`column '${name}' is entirely null; ${typedAs('datetime')}`] : []
          return { column: { name, type: 'datetime', values }, nullable: some, notes }
        },
      }
    }
    case 'boolean': {
      const sink = new FixedWidthSink(Int8Array, capacity, -1)
      return {
        sink,
        finish(rowCount) {
          const values = sink.values()
          const notes =
            rowCount > 0 && values.every((v) => v === -1)
              ? [`column '${name}' is entirely null; ${typedAs('boolean')}`]
              : []
          return { column: { name, type: 'boolean', values }, nullable: values.includes(-1), notes }
        },
      }
    }
    case 'string':
    case 'json':
    case 'nested':
    case 'other':
      return stringBuilder(planned, { float32, maxDistinct, capacity })
  }
}

function stringBuilder(
  planned: PlannedColumn,
  { float32, maxDistinct, capacity }: BuildOptions,
): ColumnBuilder {
  const { name, forced } = planned
  const mode = forced === 'categorical' || forced === 'text' ? forced : 'infer'
  const sink = new StringSink(mode, maxDistinct, capacity)
  return {
    sink,
    finish(rowCount) {
      const read = sink.result()
      const distinct = read.form === 'codes' ? read.dictionary.length : maxDistinct + 1
      const type =
        forced ??
        inferColumnType(
          'string',
          { nonNull: read.nonNull, distinct },
          { categoricalMaxDistinct: maxDistinct },
        )
      // An empty column says nothing about its type: only the null note then.
      const notes = read.nonNull > 0 ? textNote(planned) : []
      if (rowCount > 0 && read.nonNull === 0) {
        notes.push(`column '${name}' is entirely null; typed ${type}${forced ? ' (from types)' : ''}`)
      }
      const nullable = read.nonNull < rowCount
      if (type === 'numeric') {
        const values = float32 ? new Float32Array(rowCount) : new Float64Array(rowCount)
        values.fill(Number.NaN)
        return { column: { name, type, values }, nullable, notes }
      }
      if (type === 'categorical' && read.form === 'codes') {
        return { column: { name, type, codes: read.codes, dictionary: read.dictionary }, nullable, notes }
      }
      const values = read.form === 'text' ? read.values : decode(read.codes, read.dictionary)
      return { column: { name, type: 'text', values }, nullable, notes }
    },
  }
}

/** A note for columns whose source type Shipyard reads as text. */
function textNote(planned: PlannedColumn): string[] {
  if (planned.forced) return []
  if (planned.sourceKind === 'nested')
    return [`column '${planned.name}' is ${planned.sourceType} in the source; read as JSON text`]
  if (planned.sourceKind === 'other')
    return [`column '${planned.name}' is ${planned.sourceType} in the source; read as its text form`]
  if (planned.sourceKind === 'json')
    return [`column '${planned.name}' holds JSON values of mixed types; read as their text`]
  return []
}

function decode(codes: Int32Array, dictionary: readonly string[]): (string | null)[] {
  const values = new Array<string | null>(codes.length)
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!
    values[i] = code === -1 ? null : dictionary[code]!
  }
  return values
}

/**
 * Whether some and whether all values are NaN: two scans that each stop at their answer, so a
 * column without missing values costs one tight pass with a single test per value.
 */
function missingIn(values: NumericArray): { some: boolean; all: boolean } {
  const n = values.length
  let firstValue = 0
  while (firstValue < n) {
    const v = values[firstValue]!
    if (!Number.isNaN(v)) break
    firstValue++
  }
  if (firstValue === n) return { some: n > 0, all: n > 0 }
  if (firstValue > 0) return { some: true, all: false }
  for (let i = firstValue + 1; i < n; i++) {
    const v = values[i]!
    if (Number.isNaN(v)) return { some: true, all: false }
  }
  return { some: false, all: false }
}
