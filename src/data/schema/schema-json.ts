import { invalidValue } from '../../shared/index.js'
import { COLUMN_TYPES, type ColumnType } from '../column.js'
import type { ColumnSchema, DatasetSchema } from '../dataset.js'

/** The version of the persisted schema format that {@link schemaToJson} writes. */
export const SCHEMA_FORMAT_VERSION = 1

/** The persisted form of a schema: plain JSON, versioned, saved with runs and model versions. */
export interface SchemaJson {
  readonly version: typeof SCHEMA_FORMAT_VERSION
  readonly columns: readonly {
    readonly name: string
    readonly type: ColumnType
    readonly nullable: boolean
  }[]
}

/** The JSON form of a schema (a fresh plain object, safe to `JSON.stringify`). */
export function schemaToJson(schema: DatasetSchema): SchemaJson {
  return {
    version: SCHEMA_FORMAT_VERSION,
    columns: schema.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })),
  }
}

/**
 * A schema from its JSON form: the parsed value, or the JSON text. Validates everything and throws
 * `INVALID_PARAMETER_VALUE` naming the bad field (`columns[2].type`) and what would be right.
 *
 * Lenient where a hand-written `schema.json` would reasonably differ: `version` may be absent
 * (read as 1), and `nullable` may be absent (read as true, the permissive choice). Column names
 * must be unique and non-empty; unknown keys are refused so a typo (`nulable`) does not pass.
 *
 * @example schemaFromJson(readFileSync('schema.json', 'utf8'))
 */
export function schemaFromJson(json: unknown): DatasetSchema {
  const value = typeof json === 'string' ? parseJson(json) : json
  const root = asObject(value, 'schema')
  refuseUnknownKeys(root, ['version', 'columns'], 'schema')
  if (root.version !== undefined && root.version !== SCHEMA_FORMAT_VERSION) {
    throw invalidValue(
      'version',
      `schema format version ${JSON.stringify(root.version)} is not supported; this Shipyard reads version ${SCHEMA_FORMAT_VERSION}`,
    )
  }
  if (!Array.isArray(root.columns))
    throw invalidValue('columns', `must be an array, not ${describe(root.columns)}`)
  const seen = new Set<string>()
  const columns = root.columns.map((item: unknown, i): ColumnSchema => {
    const column = readColumn(item, `columns[${i}]`)
    if (seen.has(column.name)) throw invalidValue(`columns[${i}].name`, `'${column.name}' appears twice`)
    seen.add(column.name)
    return column
  })
  return { columns }
}

function readColumn(item: unknown, path: string): ColumnSchema {
  const column = asObject(item, path)
  refuseUnknownKeys(column, ['name', 'type', 'nullable'], path)
  const { name, type, nullable } = column
  if (typeof name !== 'string' || name === '') {
    throw invalidValue(`${path}.name`, `must be a non-empty string, not ${describe(name)}`)
  }
  if (typeof type !== 'string' || !(COLUMN_TYPES as readonly string[]).includes(type)) {
    throw invalidValue(
      `${path}.type`,
      `${describe(type)} is not a column type; use one of ${COLUMN_TYPES.join(', ')}`,
    )
  }
  if (nullable !== undefined && typeof nullable !== 'boolean') {
    throw invalidValue(`${path}.nullable`, `must be true or false, not ${describe(nullable)}`)
  }
  return { name, type: type as ColumnType, nullable: nullable ?? true }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    throw invalidValue('schema', `is not valid JSON: ${(error as Error).message}`)
  }
}

function asObject(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidValue(path, `must be an object, not ${describe(value)}`)
  }
  return value as Record<string, unknown>
}

function refuseUnknownKeys(object: Record<string, unknown>, known: readonly string[], path: string): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) {
      throw invalidValue(`${path}.${key}`, `is not a schema field; the fields are ${known.join(', ')}`)
    }
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing'
  if (Array.isArray(value)) return 'an array'
  return value === null ? 'null' : `${typeof value} ${JSON.stringify(value)}`
}
