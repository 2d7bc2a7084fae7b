import { type Command, Option } from 'commander'
// Types only: the data context's index loads DuckDB's native module, which only the data commands need,
// so its values are imported when a data command runs (`shipyard --version` stays light).
import type { ColumnType, DataSource, LoadReport, LoadResult, ReadOptions } from '../../data/index.js'
import { invalidValue, ShipyardError } from '../../shared/index.js'
import type { OutputStream } from '../cli-io.js'

/** The loading options every `shipyard data` command takes, as commander hands them over. */
export interface DataSourceFlags {
  readonly sql?: string
  readonly type?: readonly string[]
  readonly badRows?: 'fail' | 'drop'
  readonly delimiter?: string
}

/** Declares `[file]`, `--sql`, `--type` (repeatable), `--bad-rows` and `--delimiter` on a data command. */
export function addDataSourceOptions(command: Command): Command {
  return command
    .argument('[file]', 'a CSV, Parquet or JSON-lines file (or a DuckDB glob such as data/*.parquet)')
    .option('--sql <query>', 'a DuckDB query over files instead of FILE, e.g. "SELECT * FROM \'tx.parquet\'"')
    .option(
      '--type <column=type>',
      'override an inferred column type, e.g. zip=categorical; repeatable',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .addOption(
      new Option('--bad-rows <policy>', 'a row that cannot be read: fail the command, or drop it and say so')
        .choices(['fail', 'drop'])
        .default('fail'),
    )
    .option('--delimiter <char>', 'CSV field separator (default: sniffed)')
}

/**
 * The source and read options the flags describe. Exactly one of FILE and `--sql` must be given;
 * `--type` entries must read `column=type` with one of `columnTypes`. Both mistakes are
 * `INVALID_PARAMETER_VALUE` naming the flag.
 */
export function dataSourceOf(
  file: string | undefined,
  flags: DataSourceFlags,
  columnTypes: readonly ColumnType[],
): { source: DataSource; options: ReadOptions; label: string } {
  if ((file === undefined) === (flags.sql === undefined)) {
    throw invalidValue('file', 'give a FILE or --sql "SELECT ...", not both and not neither')
  }
  const types: Record<string, ColumnType> = {}
  for (const entry of flags.type ?? []) {
    const at = entry.lastIndexOf('=')
    const name = entry.slice(0, at)
    const type = entry.slice(at + 1)
    if (at <= 0 || !(columnTypes as readonly string[]).includes(type)) {
      throw invalidValue(
        '--type',
        `'${entry}' must read column=type with type one of ${columnTypes.join(', ')}`,
      )
    }
    types[name] = type as ColumnType
  }
  const options: ReadOptions = {
    types,
    badRows: flags.badRows ?? 'fail',
    ...(flags.delimiter === undefined ? {} : { csv: { delimiter: flags.delimiter } }),
  }
  return file === undefined
    ? { source: { sql: flags.sql! }, options, label: 'query' }
    : { source: { path: file }, options, label: file }
}

/**
 * Loads the source the flags name. What the load had to say (rows dropped under `--bad-rows drop`,
 * with examples; notes such as an all-null column) goes to `stderr`, so that nothing is dropped
 * silently and stdout keeps only the result.
 */
export async function loadForCommand(
  file: string | undefined,
  flags: DataSourceFlags,
  stderr: OutputStream,
): Promise<LoadResult & { label: string }> {
  const { COLUMN_TYPES, readDataset } = await import('../../data/index.js')
  const { source, options, label } = dataSourceOf(file, flags, COLUMN_TYPES)
  const result = await readDataset(source, options).catch((error: unknown) => {
    throw inCliTerms(error)
  })
  for (const line of describeLoad(result.report)) stderr.write(`${line}\n`)
  return { ...result, label }
}

// The loader's hints name its API option; on the command line the same thing is a flag.
function inCliTerms(error: unknown): unknown {
  if (!(error instanceof ShipyardError) || !error.message.includes("badRows: 'drop'")) return error
  return new ShipyardError(error.code, error.message.replaceAll("badRows: 'drop'", '--bad-rows drop'), {
    details: error.details,
    cause: error,
  })
}

/** The load report as lines for people: dropped rows first (with where and why), then notes. */
export function describeLoad(report: LoadReport): string[] {
  const lines: string[] = []
  if (report.rowsDropped > 0) {
    lines.push(
      `${report.source}: dropped ${report.rowsDropped} of ${report.rowsRead} rows that could not be read (--bad-rows drop)`,
    )
    for (const row of report.droppedExamples) {
      const where = row.line === undefined ? `row ${row.row}` : `line ${row.line}`
      const column = row.column === undefined ? '' : `, column '${row.column}'`
      const value = row.value === undefined ? '' : ` (${JSON.stringify(row.value)})`
      lines.push(`  ${where}${column}${value}: ${row.reason}`)
    }
  }
  for (const note of report.notes) lines.push(`${report.source}: note: ${note}`)
  return lines
}
