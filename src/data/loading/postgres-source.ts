import pg from 'pg'
import { invalidValue, ShipyardError } from '../../shared/index.js'
import type { TypeOverrides } from '../schema/index.js'
import type { TextColumnValues } from './duckdb-session.js'
import { refuseDuplicateNames } from './duplicate-names.js'
import type { OpenedSource, SourceContext } from './source.js'
import { ident } from './sql-text.js'

const LABEL = 'postgres query'
const STAGING_TABLE = 'shipyard_postgres_rows'
const CURSOR = 'shipyard_load'
const BATCH_ROWS = 10_000

/** DuckDB type for a PostgreSQL type OID; anything not listed is read as its text form. */
const DUCK_TYPE_BY_OID: Readonly<Record<number, string>> = {
  16: 'BOOLEAN',
  20: 'BIGINT',
  21: 'BIGINT',
  23: 'BIGINT',
  26: 'BIGINT',
  700: 'DOUBLE',
  701: 'DOUBLE',
  1700: 'DOUBLE', // numeric, including 'NaN' and the infinities
  1082: 'DATE',
  1114: 'TIMESTAMP',
  1184: 'TIMESTAMPTZ',
}

// Every value as PostgreSQL's text: DuckDB parses it, the same way for every type.
const RAW_TEXT: pg.CustomTypesConfig = {
  getTypeParser: (() => (value: string) => value) as unknown as pg.CustomTypesConfig['getTypeParser'],
}

/**
 * A query run on PostgreSQL with `pg` (DuckDB's postgres extension would need a download).
 * Rows are fetched through a cursor in a read-only transaction, 10,000 at a time, as text, and
 * staged into a DuckDB table; the relation then casts each column from its PostgreSQL type, so
 * typing, overrides and derived columns work as for files (a categorical or text override takes
 * PostgreSQL's own text of the value). Errors: a server that cannot be reached
 * is `SHIPYARD_REMOTE_UNREACHABLE` (the URL's password is never shown); an error in the query is
 * `INVALID_PARAMETER_VALUE` with PostgreSQL's message.
 */
export async function openPostgresSource(
  spec: { readonly url: string; readonly query: string },
  { session }: SourceContext,
): Promise<OpenedSource> {
  if (typeof spec.url !== 'string' || spec.url === '')
    throw invalidValue('postgres.url', 'must be a connection URL')
  const query = typeof spec.query === 'string' ? spec.query.trim().replace(/;+\s*$/, '') : ''
  if (query === '') throw invalidValue('postgres.query', 'must be a non-empty query')

  const client = new pg.Client({ connectionString: spec.url })
  try {
    await client.connect()
  } catch (error) {
    throw new ShipyardError(
      'SHIPYARD_REMOTE_UNREACHABLE',
      `cannot connect to PostgreSQL at ${safeUrl(spec.url)}: ${(error as Error).message}`,
      {
        details: { url: safeUrl(spec.url) },
        cause: error,
      },
    )
  }
  let columns: { readonly name: string; readonly duckType: string }[] = []
  let rowCount = 0
  try {
    await client.query('BEGIN READ ONLY')
    await client.query(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR ${query}\n`)
    for (;;) {
      const batch = await client.query<unknown[]>({
        text: `FETCH ${BATCH_ROWS} FROM ${CURSOR}`,
        rowMode: 'array',
        types: RAW_TEXT,
      })
      if (rowCount === 0 && columns.length === 0) {
        columns = batch.fields.map((f) => ({
          name: f.name,
          duckType: DUCK_TYPE_BY_OID[f.dataTypeID] ?? 'VARCHAR',
        }))
        refuseDuplicateNames(
          columns.map((c) => c.name),
          LABEL,
        )
        const definitions = columns.map((_, j) => `c${j} VARCHAR`).join(', ')
        await session.run(`CREATE TABLE ${STAGING_TABLE} (${definitions || 'no_columns VARCHAR'})`)
      }
      if (batch.rows.length > 0 && columns.length > 0)
        await session.appendText(STAGING_TABLE, transpose(batch.rows, columns.length))
      rowCount += batch.rows.length
      if (batch.rows.length < BATCH_ROWS) break
    }
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    if (error instanceof ShipyardError) throw error
    throw new ShipyardError('INVALID_PARAMETER_VALUE', `${LABEL}: ${(error as Error).message}`, {
      details: { source: LABEL },
      cause: error,
    })
  } finally {
    await client.end().catch(() => undefined)
  }
  if (columns.length === 0) throw invalidValue('postgres.query', 'returns no columns')
  return {
    label: LABEL,
    relation(overrides: TypeOverrides) {
      const applied = new Set<string>()
      const select = columns.map((c, j) => {
        const override = Object.hasOwn(overrides, c.name) ? overrides[c.name] : undefined
        // PostgreSQL's own text is the faithful categorical/text form (`1`, not DuckDB's `1.0`).
        if (override === 'categorical' || override === 'text') {
          applied.add(c.name)
          return `c${j} AS ${ident(c.name)}`
        }
        return `CAST(c${j} AS ${c.duckType}) AS ${ident(c.name)}`
      })
      return { sql: `(SELECT ${select.join(', ')} FROM ${STAGING_TABLE})`, applied }
    },
    rowCountHint: rowCount,
  }
}

function transpose(rows: readonly unknown[][], width: number): TextColumnValues[] {
  return Array.from({ length: width }, (_, j) => rows.map((row) => (row[j] === null ? null : String(row[j]))))
}

/** The URL without its password, for messages. */
function safeUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(an unparsable URL)'
  }
}
