/**
 * Run search: MLflow's filter and order-by language, compiled to one keyset-paged SQL query over
 * the tracking tables on SQLite and PostgreSQL. The SQL tracking store calls `searchRunIds` and
 * loads the runs itself.
 */
export { parseFilter } from './filter-parser.js'
export { MAX_ORDER_KEYS, parseOrderBy } from './order-by-parser.js'
export type {
  FilterClause,
  ListComparator,
  NumericAttribute,
  NumericComparator,
  NumericTest,
  OrderKey,
  StringAttribute,
  StringComparator,
  StringTest,
} from './search-ast.js'
export {
  DEFAULT_MAX_RESULTS,
  MAX_MAX_RESULTS,
  type ResolvedSearch,
  resolveSearchRunsQuery,
} from './search-query.js'
export { type RunIdPage, searchRunIds } from './search-run-ids.js'
