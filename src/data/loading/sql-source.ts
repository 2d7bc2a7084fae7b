import { invalidValue } from '../../shared/index.js'
import { translateDuckDbError } from './duckdb-errors.js'
import { refuseDuplicateNames } from './duplicate-names.js'
import { NONE_APPLIED, type OpenedSource, type SourceContext } from './source.js'

const LABEL = 'query'

/**
 * A DuckDB query over files (`SELECT *, a / b AS r FROM 'tx.parquet'`), run as a subquery in the
 * load's private database. Rows come in the query's order; without ORDER BY that is the files'
 * order for a plain scan. Bad rows are located by their 1-based row in the result. The query's own
 * column names are checked for repeats first (as a subquery DuckDB would rename them silently).
 */
export async function openSqlSource(sql: string, { session }: SourceContext): Promise<OpenedSource> {
  const query = typeof sql === 'string' ? sql.trim().replace(/;+\s*$/, '') : ''
  if (query === '') throw invalidValue('sql', 'must be a non-empty query')
  let names: string[]
  try {
    names = (await session.describe(query)).map((c) => c.name)
  } catch (error) {
    throw translateDuckDbError(error, LABEL)
  }
  refuseDuplicateNames(names, LABEL)
  // The newline keeps a trailing `-- comment` from swallowing the closing parenthesis.
  return { label: LABEL, relation: () => ({ sql: `(${query}\n)`, applied: NONE_APPLIED }) }
}
