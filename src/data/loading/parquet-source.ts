import { checkDataFile, isGlob } from './data-file.js'
import { translateDuckDbError } from './duckdb-errors.js'
import type { DuckSession } from './duckdb-session.js'
import { refuseDuplicateNames } from './duplicate-names.js'
import { NONE_APPLIED, type OpenedSource, type SourceContext } from './source.js'
import { literal } from './sql-text.js'

/**
 * A Parquet file (or glob) read by DuckDB's `read_parquet`. Types come from the file's own schema;
 * the row count from its metadata (no data read), so the arrays are allocated once at full size.
 * Repeated top-level names in the file's schema are refused (DuckDB would rename them).
 */
export async function openParquetSource(path: string, { session }: SourceContext): Promise<OpenedSource> {
  if (!isGlob(path)) await checkDataFile(path, 'parquet')
  const sql = `read_parquet(${literal(path)})`
  let rowCountHint: number
  try {
    if (!isGlob(path)) refuseDuplicateNames(await topLevelNames(session, path), path, { file: path })
    const [row] = await session.rows(`SELECT count(*) AS n FROM ${sql}`)
    rowCountHint = Number(row?.n ?? 0)
  } catch (error) {
    throw translateDuckDbError(error, path)
  }
  return { label: path, relation: () => ({ sql, applied: NONE_APPLIED }), rowCountHint }
}

/** The names of the schema's top-level fields: `parquet_schema` lists the tree depth-first. */
async function topLevelNames(session: DuckSession, path: string): Promise<string[]> {
  const elements = await session.rows(`SELECT name, num_children FROM parquet_schema(${literal(path)})`)
  const names: string[] = []
  // Skip the root, then each field and its descendants.
  let i = 1
  const skipSubtree = (): void => {
    const children = Number(elements[i]?.num_children ?? 0)
    i++
    for (let c = 0; c < children; c++) skipSubtree()
  }
  while (i < elements.length) {
    names.push(String(elements[i]!.name))
    skipSubtree()
  }
  return names
}
