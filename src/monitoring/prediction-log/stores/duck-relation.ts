import { type DuckEngine, quoteIdentifier, quoteLiteral } from './duck-engine.js'
import type { DataFile } from './partition-files.js'

/** The JSON type of an input or output value. */
export type ValueKind = 'number' | 'string' | 'boolean'

/** Files read as one DuckDB relation, and where each input or output lies in it. */
export interface DuckRelation {
  /** A `FROM` item. */
  readonly sql: string
  /**
   * For each logged column of the files (`inputs.age`), the relation's column holding its values of
   * each type: `{ number: 'inputs.age' }` usually; more than one type when files disagree.
   */
  readonly logged: ReadonlyMap<string, Partial<Record<ValueKind, string>>>
}

// Schemas cached before the cache is emptied: files other processes delete are never forgotten otherwise.
const MAX_CACHED = 50_000
// Separates a logged column's name from its type in the relation's names (never in a file).
const TYPE_SEPARATOR = '\u001f'
const PHYSICAL_KINDS: Readonly<Record<string, ValueKind>> = {
  DOUBLE: 'number',
  FLOAT: 'number',
  INT32: 'number',
  INT64: 'number',
  BOOLEAN: 'boolean',
  BYTE_ARRAY: 'string',
}

/**
 * Reads files of one folder's kind together. Within a file each logged column has one type (see
 * `splitByValueTypes`), but files may disagree (`inputs.age` DOUBLE in one, VARCHAR where a batch
 * held only strings for it): `read_parquet(union_by_name)` would then cast every value to text. So
 * files are grouped by the types they give disputed columns, each group's disputed columns renamed
 * `<name>\u001f<type>`, and the groups combined with `UNION ALL BY NAME`. Without a dispute (the usual
 * case) the relation is one `read_parquet`.
 *
 * File schemas come from the Parquet footers, cached by path (files are never rewritten in place).
 */
export class FileSchemas {
  readonly #engine: DuckEngine
  readonly #schemas = new Map<string, ReadonlyMap<string, ValueKind>>()

  constructor(engine: DuckEngine) {
    this.#engine = engine
  }

  /**
   * The relation reading `files` (at least one). Every file's schema counts: files of a group agree
   * on the types of disputed columns, but not on which other columns they have (models, and batches
   * of one model, log different keys), and a column only some files have is NULL in the others.
   */
  async relation(files: readonly DataFile[]): Promise<DuckRelation> {
    const { groups, disputed } = await this.#grouped(files)
    const logged = new Map<string, Partial<Record<ValueKind, string>>>()
    const parts = groups.map((group) => {
      const renames = new Set<string>()
      for (const file of group) {
        for (const [column, kind] of this.#schemas.get(file.path)!) {
          const name = disputed.has(column) ? `${column}${TYPE_SEPARATOR}${kind}` : column
          if (name !== column) renames.add(`${quoteIdentifier(column)} AS ${quoteIdentifier(name)}`)
          const kinds = logged.get(column)
          if (kinds === undefined) logged.set(column, { [kind]: name })
          else kinds[kind] = name
        }
      }
      const rename = renames.size === 0 ? '' : ` RENAME (${[...renames].join(', ')})`
      return { sql: readParquet(group), rename }
    })
    if (parts.length === 1 && parts[0]!.rename === '') return { sql: parts[0]!.sql, logged }
    return {
      sql: `(${parts.map((p) => `SELECT *${p.rename} FROM ${p.sql}`).join(' UNION ALL BY NAME ')})`,
      logged,
    }
  }

  /** `files` grouped so that the files of a group give every logged column the same type. */
  async groups(files: readonly DataFile[]): Promise<DataFile[][]> {
    return (await this.#grouped(files)).groups
  }

  /** Forgets the schemas of deleted files. */
  forget(files: readonly DataFile[]): void {
    for (const file of files) this.#schemas.delete(file.path)
  }

  async #grouped(files: readonly DataFile[]): Promise<{ groups: DataFile[][]; disputed: Set<string> }> {
    const disputed = await this.#disputed(files)
    const groups = new Map<string, DataFile[]>()
    for (const file of files) {
      const schema = this.#schemas.get(file.path)!
      const key = [...disputed].map((column) => schema.get(column) ?? '').join(',')
      groups.set(key, [...(groups.get(key) ?? []), file])
    }
    return { groups: [...groups.values()], disputed }
  }

  // Logged columns the files give more than one type; loads the schemas not yet cached.
  async #disputed(files: readonly DataFile[]): Promise<Set<string>> {
    if (this.#schemas.size > MAX_CACHED) this.#schemas.clear()
    const unknown = files.filter((f) => !this.#schemas.has(f.path))
    if (unknown.length > 0) {
      const { rows } = await this.#engine.rows(
        `SELECT file_name, name, type FROM parquet_schema([${unknown.map((f) => quoteLiteral(f.path)).join(', ')}])`,
      )
      const read = new Map<string, Map<string, ValueKind>>(unknown.map((f) => [f.path, new Map()]))
      for (const [file, name, type] of rows as [string, string, string | null][]) {
        const kind = PHYSICAL_KINDS[type ?? '']
        if (kind !== undefined && /^(inputs|outputs)\./.test(name)) read.get(file)?.set(name, kind)
      }
      for (const [path, schema] of read) this.#schemas.set(path, schema)
    }
    const kinds = new Map<string, ValueKind>()
    const disputed = new Set<string>()
    for (const file of files) {
      for (const [column, kind] of this.#schemas.get(file.path)!) {
        if ((kinds.get(column) ?? kind) !== kind) disputed.add(column)
        kinds.set(column, kind)
      }
    }
    return disputed
  }
}

/** The name a relation column stands for: a logged column's name without its type. */
export function loggedName(relationColumn: string): string {
  const at = relationColumn.indexOf(TYPE_SEPARATOR)
  return at < 0 ? relationColumn : relationColumn.slice(0, at)
}

/**
 * The DuckDB relation reading `files` (at least one) whose columns agree: columns matched by name (a
 * key missing from a file is NULL there). Hive partitioning is off: `model` is a column of the files
 * already, and partitions were pruned before DuckDB was asked.
 */
export function readParquet(files: readonly DataFile[]): string {
  const paths = files.map((f) => quoteLiteral(f.path)).join(', ')
  return `read_parquet([${paths}], union_by_name = true, hive_partitioning = false)`
}
