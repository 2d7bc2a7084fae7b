import { ShipyardError } from '../../shared/index.js'
import type { ColumnType } from '../column.js'
import type { TypeOverrides } from '../schema/index.js'
import { conversion, kindAfterCast, outputExpression, type StorageKind, storageKind } from './column-plan.js'
import { translateDuckDbError } from './duckdb-errors.js'
import type { DescribedColumn, DuckSession } from './duckdb-session.js'
import type { DerivedColumn } from './load-types.js'
import { ident } from './sql-text.js'

/** One column of the dataset being loaded, as the final query will return it. */
export interface PlannedColumn {
  readonly name: string
  /** Storage once any override is applied: decides the output SQL and the sink. */
  readonly kind: StorageKind
  /** Storage in the source (before overrides), and its type as DuckDB prints it, for notes. */
  readonly sourceKind: StorageKind
  readonly sourceType: string
  /** The overridden type, when `types` named this column. */
  readonly forced?: ColumnType
}

/** A value-check column of the final query: non-NULL (the original text) where a conversion failed. */
export interface BadValueCheck {
  readonly column: string
  readonly type: ColumnType
}

/** A relation and what its columns will be. */
export interface Layer {
  /** SQL usable after FROM. */
  readonly sql: string
  readonly columns: readonly PlannedColumn[]
  readonly checks: readonly BadValueCheck[]
}

const BAD_PREFIX = '__shipyard_bad_'

/** The columns of `sql` as the loader sees them; DuckDB errors translated, naming `label`. */
export async function describeColumns(
  session: DuckSession,
  sql: string,
  label: string,
): Promise<DescribedColumn[]> {
  try {
    return await session.describe(`SELECT * FROM ${sql}`)
  } catch (error) {
    throw translateDuckDbError(error, label)
  }
}

/** Planned columns for described ones; `forced` for those a reader already converted. */
export function planColumns(described: readonly DescribedColumn[], forced: TypeOverrides): PlannedColumn[] {
  return described.map((c) => {
    const kind = storageKind(c)
    const type = Object.hasOwn(forced, c.name) ? forced[c.name] : undefined
    return { name: c.name, kind, sourceKind: kind, sourceType: c.typeText, ...(type ? { forced: type } : {}) }
  })
}

/**
 * Wraps `layer` in a SELECT that converts the overridden columns (`SELECT * REPLACE`), with one
 * check column per conversion that can fail. Later layers see the converted types.
 */
export function castLayer(layer: Layer, overrides: TypeOverrides): Layer {
  const replaced: string[] = []
  const checkSql: string[] = []
  const checks = [...layer.checks]
  const columns = layer.columns.map((column): PlannedColumn => {
    const type = Object.hasOwn(overrides, column.name) ? overrides[column.name] : undefined
    if (type === undefined) return column
    const ref = ident(column.name)
    const converted = conversion(ref, column.name, column.kind, type)
    replaced.push(`${converted.sql} AS ${ref}`)
    if (converted.failed) {
      checkSql.push(
        `CASE WHEN ${converted.failed} THEN CAST(${ref} AS VARCHAR) END AS ${ident(BAD_PREFIX + checks.length)}`,
      )
      checks.push({ column: column.name, type })
    }
    return { ...column, kind: kindAfterCast(type), forced: type }
  })
  if (replaced.length === 0) return layer
  const select = [`* REPLACE (${replaced.join(', ')})`, ...checkSql].join(', ')
  return { sql: `(SELECT ${select} FROM ${layer.sql})`, columns, checks }
}

/**
 * Adds the derived columns, evaluated by DuckDB over `layer` (so they see overridden types), after
 * the others. An expression DuckDB refuses is `INVALID_PARAMETER_VALUE` naming `derived.<name>`.
 */
export async function derivedLayer(
  session: DuckSession,
  layer: Layer,
  derived: readonly DerivedColumn[],
  label: string,
): Promise<Layer> {
  if (derived.length === 0) return layer
  const expressions = derived.map((d) => `(${d.sql}\n) AS ${ident(d.name)}`)
  const sql = `(SELECT *, ${expressions.join(', ')} FROM ${layer.sql})`
  let described: DescribedColumn[]
  try {
    described = await session.describe(`SELECT * FROM ${sql}`)
  } catch (error) {
    throw await blameDerived(session, layer, derived, error, label)
  }
  const added = planColumns(described.slice(described.length - derived.length), {})
  return { sql, columns: [...layer.columns, ...added], checks: layer.checks }
}

async function blameDerived(
  session: DuckSession,
  layer: Layer,
  derived: readonly DerivedColumn[],
  error: unknown,
  label: string,
): Promise<ShipyardError> {
  for (const d of derived) {
    try {
      await session.describe(`SELECT (${d.sql}\n) FROM ${layer.sql}`)
    } catch (own) {
      const reason = (own instanceof Error ? own.message : String(own)).split('\n')[0]
      return new ShipyardError(
        'INVALID_PARAMETER_VALUE',
        `derived.${d.name}: DuckDB cannot evaluate '${d.sql}': ${reason}`,
        {
          details: { field: `derived.${d.name}`, column: d.name },
          cause: own,
        },
      )
    }
  }
  return translateDuckDbError(error, label)
}

/**
 * The query the loader streams: each planned column in its typed-array form (see
 * `outputExpression`), then the check columns, in that order.
 */
export function finalQuery(layer: Layer, float32: boolean): string {
  const outputs = layer.columns.map(
    (c) => `${outputExpression(ident(c.name), c.kind, float32)} AS ${ident(c.name)}`,
  )
  const checks = layer.checks.map((_, k) => ident(BAD_PREFIX + k))
  return `SELECT ${[...outputs, ...checks].join(', ')} FROM ${layer.sql}`
}
