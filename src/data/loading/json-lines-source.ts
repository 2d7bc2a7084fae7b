import { checkDataFile, estimateLines, extensionOf, isGlob } from './data-file.js'
import { NONE_APPLIED, type OpenedSource, type SourceContext } from './source.js'
import { literal } from './sql-text.js'

/**
 * A JSON-lines file read by DuckDB's `read_json`: one object per line, keys as columns, types
 * detected from a sample. A `.json` file may instead hold one array of objects (`format = 'auto'`).
 * Nested values (objects, lists) become their JSON text. A malformed line fails the load naming
 * the line, whatever badRows says: DuckDB can skip such lines but cannot say which or how many.
 */
export async function openJsonLinesSource(path: string, _context: SourceContext): Promise<OpenedSource> {
  const file = isGlob(path) ? undefined : await checkDataFile(path, 'jsonl')
  const format = extensionOf(path) === 'json' ? 'auto' : 'newline_delimited'
  const sql = `read_json(${literal(path)}, format = ${literal(format)})`
  const rowCountHint = file && format === 'newline_delimited' ? estimateLines(file, path) : undefined
  return {
    label: path,
    relation: () => ({ sql, applied: NONE_APPLIED }),
    ...(rowCountHint ? { rowCountHint } : {}),
  }
}
