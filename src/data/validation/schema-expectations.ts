import type { DatasetSchema } from '../dataset.js'
import type { Expectation } from './expectation.js'

/**
 * The expectations a schema implies, per column in schema order: it is present (`required`), has its
 * type (`column_type`), and, when the schema says it is not nullable, has no missing value
 * (`max_null_fraction` 0). Training validates its data against its config's schema with these.
 * Extra columns in the data are allowed (a schema says what must be there, not what may not).
 */
export function expectationsFromSchema(schema: DatasetSchema): Expectation[] {
  return schema.columns.flatMap((column): Expectation[] => [
    { kind: 'required', column: column.name },
    { kind: 'column_type', column: column.name, type: column.type },
    ...(column.nullable ? [] : [{ kind: 'max_null_fraction', column: column.name, max: 0 } as const]),
  ])
}
