/**
 * Dataset schemas: how column types are inferred and overridden, how a dataset is checked against
 * an expected schema, and the versioned JSON form saved with runs and model versions.
 */
export { checkSchema, type SchemaMismatch } from './check-schema.js'
export {
  type ColumnStats,
  categoricalMaxDistinct,
  DEFAULT_CATEGORICAL_MAX_DISTINCT,
  type InferenceOptions,
  inferColumnType,
  SMALL_CATEGORY_COUNT,
  type ValueKind,
} from './infer-column-type.js'
export { SCHEMA_FORMAT_VERSION, type SchemaJson, schemaFromJson, schemaToJson } from './schema-json.js'
export { applyTypeOverrides, type TypeOverrides, validateTypeOverrides } from './type-overrides.js'
