import { invalidValue, ShipyardError } from '../../shared/index.js'
import { COLUMN_TYPES } from '../column.js'
import { categoricalMaxDistinct, type TypeOverrides, validateTypeOverrides } from '../schema/index.js'
import type { DuckSession } from './duckdb-session.js'
import { refuseDuplicateNames } from './duplicate-names.js'
import type { ReadOptions } from './load-types.js'
import { castLayer, derivedLayer, describeColumns, type Layer, planColumns } from './relation-plan.js'
import type { OpenedSource, ReaderRejects } from './source.js'

/**
 * What every load of an opened source does before reading a row, whole (`readDataset`) or in chunks
 * (`readDatasetChunks`): the source's columns (names checked before anything refers to them), then
 * the layers: overrides the reader applies, overrides converted in SQL, derived columns, their
 * overrides. The result's `columns` are what the final query returns, in order.
 */
export async function planLoad(
  session: DuckSession,
  opened: OpenedSource,
  options: ReadOptions,
): Promise<Layer> {
  const { label } = opened
  const overrides = options.types ?? {}
  const derived = options.derived ?? []
  const base = opened.relation({})
  const sourceColumns = await describeColumns(session, base.sql, label)
  const sourceNames = sourceColumns.map((c) => c.name)
  const derivedNames = derived.map((d) => d.name)
  refuseDuplicateNames([...sourceNames, ...derivedNames], label)
  validateTypeOverrides(overrides, [...sourceNames, ...derivedNames])

  const sourceOverrides = pick(overrides, sourceNames)
  const read = Object.keys(sourceOverrides).length > 0 ? opened.relation(sourceOverrides) : base
  const readColumns = read.applied.size > 0 ? await describeColumns(session, read.sql, label) : sourceColumns
  let layer: Layer = {
    sql: read.sql,
    columns: planColumns(readColumns, pick(sourceOverrides, [...read.applied])),
    checks: [],
  }
  layer = castLayer(layer, omit(sourceOverrides, read.applied))
  layer = await derivedLayer(session, layer, derived, label)
  return castLayer(layer, pick(overrides, derivedNames))
}

/** The lines a reader skipped, as the error a load with badRows 'fail' ends with (the first line named). */
export function rejectedLinesError(rejects: ReaderRejects, label: string): ShipyardError {
  const first = rejects.examples[0]!
  const where = first.column === undefined ? '' : `, column '${first.column}'`
  const more = rejects.count === 1 ? 'it' : `them (${rejects.count} bad lines in all)`
  return new ShipyardError(
    'INVALID_PARAMETER_VALUE',
    `${label} line ${first.line}${where}: ${first.reason}; badRows: 'drop' skips and reports ${more}`,
    {
      details: {
        file: label,
        line: first.line,
        ...(first.column === undefined ? {} : { column: first.column }),
        ...(first.value === undefined ? {} : { value: first.value }),
        badLines: rejects.count,
        examples: rejects.examples,
      },
    },
  )
}

/** Checks the shape of {@link ReadOptions}: `INVALID_PARAMETER_VALUE` naming the field. */
export function checkReadOptions(options: ReadOptions): void {
  if (typeof options !== 'object' || options === null) throw invalidValue('options', 'must be an object')
  if (options.badRows !== undefined && options.badRows !== 'fail' && options.badRows !== 'drop') {
    throw invalidValue('badRows', `'${String(options.badRows)}' is not a policy; use 'fail' or 'drop'`)
  }
  if (options.float32 !== undefined && typeof options.float32 !== 'boolean')
    throw invalidValue('float32', 'must be true or false')
  if (options.types !== undefined && (typeof options.types !== 'object' || options.types === null)) {
    throw invalidValue('types', `must map column names to one of ${COLUMN_TYPES.join(', ')}`)
  }
  if (options.derived !== undefined && !Array.isArray(options.derived))
    throw invalidValue('derived', 'must be a list of { name, sql }')
  for (const [i, d] of (options.derived ?? []).entries()) {
    if (typeof d?.name !== 'string' || d.name === '')
      throw invalidValue(`derived[${i}].name`, 'must be a non-empty string')
    if (typeof d.sql !== 'string' || d.sql.trim() === '')
      throw invalidValue(`derived.${d.name}`, 'must have a non-empty sql expression')
  }
  categoricalMaxDistinct(options)
}

function pick(overrides: TypeOverrides, names: readonly string[]): TypeOverrides {
  return Object.fromEntries(names.filter((n) => Object.hasOwn(overrides, n)).map((n) => [n, overrides[n]!]))
}

function omit(overrides: TypeOverrides, names: ReadonlySet<string>): TypeOverrides {
  return Object.fromEntries(Object.entries(overrides).filter(([n]) => !names.has(n)))
}
