import { invalidValue, ShipyardError } from '../../shared/index.js'
import type { ColumnType } from '../column.js'
import type { TypeOverrides } from '../schema/index.js'
import { DUCK_TYPE_FOR } from './column-plan.js'
import { readCsvRejects } from './csv-rejects.js'
import { checkDataFile, estimateLines, extensionOf, isGlob } from './data-file.js'
import { translateDuckDbError } from './duckdb-errors.js'
import { refuseDuplicateNames } from './duplicate-names.js'
import { type CsvOptions, DEFAULT_NULL_TOKENS } from './load-types.js'
import type { OpenedSource, SourceContext } from './source.js'
import { literal, literalList, literalStruct } from './sql-text.js'

/** The dialect and columns DuckDB's sniffer found (`sniff_csv`). */
interface CsvDialect {
  readonly delimiter: string
  readonly quote: string
  readonly escape: string
  readonly newLine: string
  readonly comment: string
  readonly skipRows: number
  readonly header: boolean
  readonly columns: readonly { readonly name: string; readonly type: string }[]
  readonly dateFormat: string | null
  readonly timestampFormat: string | null
}

const REJECTS_TABLE = 'shipyard_rejects'
const REJECTS_SCAN = 'shipyard_rejects_scan'
const INTEGER_TYPES = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UBIGINT', 'UINTEGER'])

/**
 * A CSV (or TSV) file read by DuckDB's `read_csv`. The dialect and column types are sniffed once
 * from a sample (DuckDB's 20,480 rows); the read then uses them verbatim, with:
 * - sniffed integer columns read as DOUBLE (a fraction after the sample is then not an error, and
 *   Shipyard's numbers are float64 anyway);
 * - type overrides of text columns (or to categorical/text) applied by the reader, so a value that
 *   does not parse is a bad line with its number;
 * - `ignore_errors` + `store_rejects`: bad lines (ragged, unparsable, mis-quoted) are skipped and
 *   recorded, and the loader fails on them or drops and reports them (badRows).
 * Duplicate header names are refused (DuckDB would silently rename them `a_1`).
 */
export async function openCsvSource(path: string, context: SourceContext): Promise<OpenedSource> {
  const csv = context.options.csv ?? {}
  const file = isGlob(path) ? undefined : await checkDataFile(path, 'csv')
  const nullTokens = csv.nullTokens ?? DEFAULT_NULL_TOKENS
  const delimiter = csv.delimiter ?? (extensionOf(path) === 'tsv' ? '\t' : undefined)
  checkCsvOptions(csv)
  const dialect = await sniff(path, context, { ...csv, delimiter, nullTokens })
  if (dialect.header) await refuseDuplicateHeader(path, dialect, context)
  const overridden = context.options.types ?? {}

  return {
    label: path,
    relation(overrides: TypeOverrides) {
      const applied = new Set<string>()
      const columns = dialect.columns.map(({ name, type }): [string, string] => {
        const override = Object.hasOwn(overrides, name) ? overrides[name] : undefined
        if (override !== undefined && appliesAtRead(type, override)) {
          applied.add(name)
          return [name, DUCK_TYPE_FOR[override]]
        }
        return [name, INTEGER_TYPES.has(type) ? 'DOUBLE' : type]
      })
      const args = [
        literal(path),
        'auto_detect = false',
        ...dialectArguments(dialect),
        `columns = ${literalStruct(columns)}`,
        `nullstr = ${literalList(nullTokens)}`,
        'ignore_errors = true',
        'store_rejects = true',
        `rejects_table = ${literal(REJECTS_TABLE)}`,
        `rejects_scan = ${literal(REJECTS_SCAN)}`,
      ]
      return { sql: `read_csv(${args.join(', ')})`, applied }
    },
    async rejects() {
      const rejected = await readCsvRejects(context.session, REJECTS_TABLE)
      // A bad value in a column typed from the sample: say so, and how to type it.
      const examples = rejected.examples.map((e) => {
        if (e.column === undefined || e.value === undefined || Object.hasOwn(overridden, e.column)) return e
        const hint = `the column's type was inferred from the first rows; set types.${e.column} to read it otherwise`
        return { ...e, reason: `${e.reason} (${hint})` }
      })
      return { count: rejected.count, examples }
    },
    ...(file ? { rowCountHint: estimateLines(file, path) } : {}),
  }
}

/** Text columns take any override at read time; a typed column only categorical/text (keeps its text). */
function appliesAtRead(sniffedType: string, override: ColumnType): boolean {
  return sniffedType === 'VARCHAR' || override === 'categorical' || override === 'text'
}

function checkCsvOptions(csv: CsvOptions): void {
  if (csv.delimiter !== undefined && (typeof csv.delimiter !== 'string' || csv.delimiter === '')) {
    throw invalidValue('csv.delimiter', 'must be a non-empty string')
  }
  if (csv.quote !== undefined && (typeof csv.quote !== 'string' || csv.quote.length > 1)) {
    throw invalidValue('csv.quote', `must be one character, or '' for no quoting`)
  }
  if (csv.nullTokens !== undefined && !csv.nullTokens.every((t) => typeof t === 'string')) {
    throw invalidValue('csv.nullTokens', 'must be a list of strings')
  }
}

async function sniff(
  path: string,
  { session }: SourceContext,
  csv: CsvOptions & { nullTokens: readonly string[] },
): Promise<CsvDialect> {
  const args = [
    literal(path),
    ...(csv.delimiter === undefined ? [] : [`delim = ${literal(csv.delimiter)}`]),
    `quote = ${literal(csv.quote ?? '"')}`,
    `header = ${csv.header ?? true}`,
    `nullstr = ${literalList(csv.nullTokens)}`,
    'ignore_errors = true',
  ]
  let row: Record<string, unknown> | undefined
  try {
    row = (await session.rows(`SELECT * FROM sniff_csv(${args.join(', ')})`))[0]
  } catch (error) {
    const translated = translateDuckDbError(error, path)
    if (translated.code !== 'INVALID_PARAMETER_VALUE') throw translated
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]
    throw new ShipyardError(
      'INVALID_PARAMETER_VALUE',
      `${path}: DuckDB cannot work out how this CSV is written (${reason}); pass csv.delimiter and csv.quote`,
      { details: { file: path }, cause: error },
    )
  }
  if (!row) throw new ShipyardError('INTERNAL_ERROR', `${path}: DuckDB's CSV sniffer returned nothing`)
  const quote = unempty(row.Quote)
  return {
    delimiter: String(row.Delimiter),
    quote,
    // RFC 4180: inside quotes, a doubled quote is a quote. DuckDB reports no escape when the
    // sample held none; keep the RFC rule for the rows after the sample.
    escape: unempty(row.Escape) || quote,
    newLine: String(row.NewLineDelimiter),
    comment: unempty(row.Comment),
    skipRows: Number(row.SkipRows),
    header: row.HasHeader === true,
    columns: row.Columns as CsvDialect['columns'],
    dateFormat: typeof row.DateFormat === 'string' ? row.DateFormat : null,
    timestampFormat: typeof row.TimestampFormat === 'string' ? row.TimestampFormat : null,
  }
}

function dialectArguments(dialect: CsvDialect): string[] {
  return [
    `delim = ${literal(dialect.delimiter)}`,
    `quote = ${literal(dialect.quote)}`,
    `escape = ${literal(dialect.escape)}`,
    `new_line = ${literal(dialect.newLine)}`,
    `comment = ${literal(dialect.comment)}`,
    `skip = ${dialect.skipRows}`,
    `header = ${dialect.header}`,
    ...(dialect.dateFormat ? [`dateformat = ${literal(dialect.dateFormat)}`] : []),
    ...(dialect.timestampFormat ? [`timestampformat = ${literal(dialect.timestampFormat)}`] : []),
  ]
}

/**
 * Reads the header line as data (same dialect, every field VARCHAR) and refuses a name that
 * appears twice: DuckDB's own names have the repeat already renamed.
 */
async function refuseDuplicateHeader(
  path: string,
  dialect: CsvDialect,
  { session }: SourceContext,
): Promise<void> {
  const columns = dialect.columns.map((_, i): [string, string] => [`h${i}`, 'VARCHAR'])
  const args = [
    literal(path),
    'auto_detect = false',
    ...dialectArguments({ ...dialect, header: false, dateFormat: null, timestampFormat: null }),
    `columns = ${literalStruct(columns)}`,
    'ignore_errors = true',
    // A header shorter than the sniffed width still reads; DuckDB pads only when not parallel.
    'null_padding = true',
    'parallel = false',
  ]
  let row: Record<string, unknown> | undefined
  try {
    row = (await session.rows(`SELECT * FROM read_csv(${args.join(', ')}) LIMIT 1`))[0]
  } catch (error) {
    throw translateDuckDbError(error, path)
  }
  if (!row) return
  const names = columns.map(([key]) => String(row[key] ?? ''))
  const line = dialect.skipRows + 1
  refuseDuplicateNames(names, `${path} line ${line}`, { file: path, line })
}

function unempty(value: unknown): string {
  return value === '(empty)' || value === null || value === undefined ? '' : String(value)
}
