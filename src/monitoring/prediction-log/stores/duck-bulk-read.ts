import type { DuckEngine, DuckSessionCalls } from './duck-engine.js'

/** A column to read in bulk: SQL over the relation, read as numbers or as strings. */
export interface BulkColumnSpec {
  readonly sql: string
  readonly numeric: boolean
}

/** A column read in bulk: numbers as Float64Array (NaN for NULL), strings as arrays (null for NULL). */
export type BulkColumn = Float64Array | (string | null)[]

/** What `SELECT <columns> FROM <from> WHERE <where> <tail>` reads; `params` bind the `$n` of `where`. */
export interface BulkQuery {
  readonly from: string
  readonly where: string
  readonly tail: string
  readonly params: readonly unknown[]
}

// A string column with at most this many distinct values (estimated) is read as codes and a dictionary.
const DICTIONARY_MAX = 65_536
let dictionaryTypes = 0

/**
 * Reads whole columns with no JS object per row. Numbers are DOUBLE in SQL (NULL made NaN), copied
 * a chunk at a time from the driver's own Float64Array. Strings of few distinct values (most inputs:
 * categories, labels) come as codes of an ENUM made from their distinct values, copied the same way
 * and looked up in its dictionary, so each distinct string is decoded once, not once per row; other
 * strings are read value by value.
 */
export async function readBulkColumns(
  engine: DuckEngine,
  query: BulkQuery,
  specs: readonly BulkColumnSpec[],
): Promise<{ rowCount: number; columns: BulkColumn[] }> {
  const { from, where, tail, params } = query
  return engine.session(async (session) => {
    if (specs.length === 0) {
      const { rows } = await session.rows(
        `SELECT count(*) FROM (SELECT 1 FROM ${from} WHERE ${where}${tail})`,
        params,
      )
      return { rowCount: Number(rows[0]![0]), columns: [] }
    }
    const types = await makeDictionaryTypes(session, query, specs)
    try {
      const dictionaries = await Promise.all(
        types.map(async (type) =>
          type === null
            ? null
            : (await session.rows(`SELECT unnest(enum_range(NULL::${type}))`)).rows.map(
                (r) => r[0] as string,
              ),
        ),
      )
      const select = specs.map((spec, j) => {
        if (spec.numeric) return `coalesce(CAST(${spec.sql} AS DOUBLE), 'NaN'::DOUBLE)`
        const type = types[j]
        return type === null
          ? `CAST(${spec.sql} AS VARCHAR)`
          : `coalesce(CAST(enum_code(CAST(${spec.sql} AS ${type})) AS DOUBLE), -1)`
      })
      const sinks = specs.map((spec, j) =>
        spec.numeric || types[j] !== null ? new DoubleSink() : new StringSink(),
      )
      let rowCount = 0
      for await (const chunk of session.stream(
        `SELECT ${select.join(', ')} FROM ${from} WHERE ${where}${tail}`,
        params,
      )) {
        for (const [j, sink] of sinks.entries()) sink.append(chunk.vector(j), chunk.rowCount)
        rowCount += chunk.rowCount
      }
      const columns = sinks.map((sink, j) => {
        const dictionary = dictionaries[j]
        return dictionary == null ? sink.result() : decode(sink.result() as Float64Array, dictionary)
      })
      return { rowCount, columns }
    } finally {
      for (const type of types) if (type !== null) await session.run(`DROP TYPE ${type}`)
    }
  })
}

// An ENUM type of the distinct values of each string column that has few, else null.
async function makeDictionaryTypes(
  session: DuckSessionCalls,
  { from, where, params }: BulkQuery,
  specs: readonly BulkColumnSpec[],
): Promise<(string | null)[]> {
  const strings = specs.flatMap((spec, j) => (spec.numeric ? [] : [j]))
  if (strings.length === 0) return specs.map(() => null)
  const estimates = await session.rows(
    `SELECT ${strings.map((j) => `approx_count_distinct(${specs[j]!.sql})`).join(', ')} FROM ${from} WHERE ${where}`,
    params,
  )
  const types: (string | null)[] = specs.map(() => null)
  for (const [k, j] of strings.entries()) {
    const estimate = Number(estimates.rows[0]![k])
    if (estimate === 0 || estimate > DICTIONARY_MAX) continue
    const type = `shipyard_dictionary_${++dictionaryTypes}`
    const sql = specs[j]!.sql
    await session.run(
      `CREATE TYPE ${type} AS ENUM (SELECT DISTINCT ${sql} FROM ${from} WHERE ${where} AND ${sql} IS NOT NULL)`,
      params,
    )
    types[j] = type
  }
  return types
}

function decode(codes: Float64Array, dictionary: readonly string[]): (string | null)[] {
  const values = new Array<string | null>(codes.length)
  for (let i = 0; i < codes.length; i++) values[i] = codes[i]! < 0 ? null : dictionary[codes[i]!]!
  return values
}

interface Vector {
  getItem(index: number): unknown
}

/**
 * Doubles copied a chunk at a time from the vector's own Float64Array: `items`, a TypeScript-private
 * field of @duckdb/node-api (pinned exactly in package.json), read the same way by the dataset loader.
 * Should a release rename it, values are read one by one instead: slower, still right.
 */
class DoubleSink {
  #values = new Float64Array(65_536)
  #length = 0

  append(vector: Vector, count: number): void {
    if (this.#length + count > this.#values.length) {
      const grown = new Float64Array(Math.max(this.#length + count, this.#values.length * 2))
      grown.set(this.#values.subarray(0, this.#length))
      this.#values = grown
    }
    const items = (vector as { items?: unknown }).items
    if (items instanceof Float64Array) {
      this.#values.set(items.subarray(0, count), this.#length)
    } else {
      for (let i = 0; i < count; i++)
        this.#values[this.#length + i] = (vector.getItem(i) as number | null) ?? Number.NaN
    }
    this.#length += count
  }

  result(): Float64Array {
    return this.#length === this.#values.length ? this.#values : this.#values.slice(0, this.#length)
  }
}

class StringSink {
  readonly #values: (string | null)[] = []

  append(vector: Vector, count: number): void {
    for (let i = 0; i < count; i++) this.#values.push((vector.getItem(i) as string | null) ?? null)
  }

  result(): (string | null)[] {
    return this.#values
  }
}
