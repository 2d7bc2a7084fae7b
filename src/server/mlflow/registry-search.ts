import { invalidWireValue, optionalInt64FromWire, type WireInt64 } from './wire-mapping.js'
import { INT64, requestSchema, STRING, STRING_LIST } from './wire-schemas.js'

/** The query string of `registered-models/search` and `model-versions/search`. */
export interface RegistrySearchParams {
  readonly filter?: string
  readonly max_results?: WireInt64
  readonly order_by?: readonly string[]
  readonly page_token?: string
}

/** Its schema. */
export const REGISTRY_SEARCH_SCHEMA = requestSchema({
  filter: STRING,
  max_results: INT64,
  order_by: STRING_LIST,
  page_token: STRING,
})

/** `max_results`: `fallback` when absent, else 1 to `limit` (MLflow's bounds differ per search). */
export function maxResultsFromWire(value: WireInt64 | undefined, fallback: number, limit: number): number {
  const maxResults = optionalInt64FromWire('max_results', value) ?? fallback
  if (maxResults < 1 || maxResults > limit)
    throw invalidWireValue('max_results', value, `expected 1 to ${limit}`)
  return maxResults
}

/** The registry's largest page (`SearchModelsQuery.maxResults`, `SearchVersionsQuery.maxResults`). */
export const REGISTRY_LARGEST_PAGE = 1000
