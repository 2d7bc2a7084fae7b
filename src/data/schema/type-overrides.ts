import { invalidValue } from '../../shared/index.js'
import { COLUMN_TYPES, type ColumnType } from '../column.js'
import type { DatasetSchema } from '../dataset.js'

/** Column name -> the type the user wants instead of the inferred one. */
export type TypeOverrides = Readonly<Record<string, ColumnType>>

/**
 * Checks that every override names one of `columnNames` and a real column type.
 * Throws `INVALID_PARAMETER_VALUE` on the first bad entry, naming the field (`types.<column>`) and
 * listing the valid choices (the columns there are, or the types).
 */
export function validateTypeOverrides(overrides: TypeOverrides, columnNames: readonly string[]): void {
  const names = new Set(columnNames)
  for (const [name, type] of Object.entries(overrides)) {
    if (!(COLUMN_TYPES as readonly string[]).includes(type)) {
      throw invalidValue(
        `types.${name}`,
        `'${String(type)}' is not a column type; use one of ${COLUMN_TYPES.join(', ')}`,
      )
    }
    if (!names.has(name)) {
      const there = columnNames.map((n) => `'${n}'`).join(', ')
      throw invalidValue(`types.${name}`, `there is no column '${name}'; the columns are ${there || 'none'}`)
    }
  }
}

/**
 * `schema` with the overridden columns' types replaced (nullability kept). Validates the
 * overrides first (see {@link validateTypeOverrides}); the input schema is not modified.
 *
 * @example applyTypeOverrides(inferred, { zip: 'categorical' })
 */
export function applyTypeOverrides(schema: DatasetSchema, overrides: TypeOverrides): DatasetSchema {
  validateTypeOverrides(
    overrides,
    schema.columns.map((c) => c.name),
  )
  return {
    columns: schema.columns.map((c) => {
      const type = overrides[c.name]
      return type === undefined || !Object.hasOwn(overrides, c.name) ? c : { ...c, type }
    }),
  }
}
