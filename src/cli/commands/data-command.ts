import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Command, Option } from 'commander'
import type { Dataset, DatasetProfile, SplitReport, SplitSpec } from '../../data/index.js'
import { ShipyardError } from '../../shared/index.js'
import type { CliIo } from '../cli-io.js'
import { addDataSourceOptions, type DataSourceFlags, loadForCommand } from '../data/data-source-options.js'
import { readJsonFile } from '../data/json-file.js'
import { formatInstant, renderProfileTable } from '../data/profile-table.js'
import { inFlagTerms, type SplitFlags, splitSpecOf } from '../data/split-flags.js'
import { globalOptions } from '../global-options.js'
import { printJson } from '../output/json-output.js'
import { ProgressBar } from '../output/progress-bar.js'
import { renderTable } from '../output/table.js'

/**
 * `shipyard data profile|validate|split`: thin adapters over `src/data` (loading, profile,
 * validation, splits). Each loads FILE (or `--sql`), prints a result for people or, with `--json`,
 * one JSON document; what the load dropped or noted goes to stderr. Long work draws a progress bar
 * on a terminal only.
 */
export function registerDataCommands(program: Command, io: CliIo): void {
  const data = program
    .command('data')
    .description('profile, validate and split datasets (CSV, Parquet, JSON lines, or a SQL query over them)')

  addDataSourceOptions(
    data
      .command('profile')
      .description(
        'per-column statistics (type, count, missing, distinct, mean, std, min, p50, max, top values)',
      ),
  )
    .option('--html <file>', 'also write an HTML report with a histogram per column to this file')
    .action(
      async (file: string | undefined, options: DataSourceFlags & { html?: string }, command: Command) => {
        const global = globalOptions(command)
        const loaded = await loadForCommand(file, options, io.stderr)
        const profile = await profileWithProgress(loaded.dataset, io)
        if (options.html !== undefined) {
          const { renderProfileHtml } = await import('../../data/index.js')
          writeFileSync(options.html, renderProfileHtml(profile, { title: loaded.label }))
        }
        if (global.json) {
          return printJson(io.stdout, {
            source: loaded.label,
            schema: loaded.schema,
            load: loaded.report,
            profile,
            html: options.html ?? null,
          })
        }
        io.stdout.write(`${loaded.label}: ${profile.rowCount} rows, ${profile.columns.length} columns\n\n`)
        io.stdout.write(renderProfileTable(profile))
        if (options.html !== undefined) io.stdout.write(`\nHTML report: ${options.html}\n`)
      },
    )

  addDataSourceOptions(
    data.command('validate').description('check a dataset against expectations; exit 1 when any fails'),
  )
    .requiredOption('--schema <file>', 'expectations as JSON: {"expectations": [{"kind": "required", ...}]}')
    .action(
      async (file: string | undefined, options: DataSourceFlags & { schema: string }, command: Command) => {
        const global = globalOptions(command)
        const { parseExpectations, validateDataset, formatValidationReport } = await import(
          '../../data/index.js'
        )
        // The expectations first: a typo in them should not cost a load.
        const expectations = parseExpectations(readJsonFile(options.schema), { source: options.schema })
        const loaded = await loadForCommand(file, options, io.stderr)
        const report = validateDataset(loaded.dataset, expectations, { source: loaded.label })
        if (global.json) printJson(io.stdout, report)
        else io.stdout.write(`${formatValidationReport(report)}\n`)
        if (!report.valid) {
          const total = report.failed.length + report.passed.length
          const which = report.failed.map(
            (r) => `${r.column === null ? '' : `'${r.column}' `}${r.expectation.kind}`,
          )
          throw new ShipyardError(
            'INVALID_PARAMETER_VALUE',
            `${loaded.label}: ${report.failed.length} of ${total} expectations failed (${which.join(', ')})`,
            { details: { source: loaded.label, failed: report.failed.length, expectations: total } },
          )
        }
      },
    )

  addDataSourceOptions(
    data
      .command('split')
      .description(
        'split a dataset into train/test (or k folds) Parquet files, reproducibly, with split.json',
      ),
  )
    .addOption(
      new Option('--by <strategy>', 'how rows are assigned').choices([
        'random',
        'stratified',
        'group',
        'time',
        'kfold',
      ]),
    )
    .option('--column <name>', 'stratified: the label; group: the group id; time: the time column')
    .option(
      '--test-fraction <fraction>',
      'share of rows (or groups) for test; time: instead of --cutoff',
      '0.2',
    )
    .option(
      '--cutoff <iso>',
      'time: train before this instant, test from it on (2024-06-01 or ...T12:00:00Z)',
    )
    .addOption(new Option('--missing <policy>', 'time: rows without a time').choices(['error', 'drop']))
    .option('--k <folds>', 'kfold: number of folds', '5')
    .option('--stratify-by <column>', 'kfold: keep label proportions in every fold')
    .option('--group-by <column>', 'kfold: keep each group inside one fold')
    .option('--seed <n>', 'seeds the assignment; the same seed on the same data gives the same parts', '42')
    .option('--spec <file>', 'replay a split: a split spec as JSON, or the split.json an earlier split wrote')
    .requiredOption('--out <dir>', 'where train.parquet/test.parquet (or fold-N/) and split.json go')
    .action(async (file: string | undefined, options: DataSourceFlags & SplitFlags, command: Command) => {
      const global = globalOptions(command)
      const { fingerprintDataset, parseSplitSpec, splitDataset } = await import('../../data/index.js')
      const spec: SplitSpec =
        options.spec === undefined
          ? inFlagTerms(() => parseSplitSpec(splitSpecOf(options)))
          : parseSplitSpec(specInFile(readJsonFile(options.spec)))
      const loaded = await loadForCommand(file, options, io.stderr)
      const split = splitDataset(loaded.dataset, spec)
      // Loaded on use, like the data context: DuckDB's native module is for the data commands only.
      const { writeSplit } = await import('../data/split-output.js')
      const bar = new ProgressBar(io.stderr, 'writing', 2 * loaded.dataset.rowCount)
      const record = await writeSplit(
        loaded.dataset,
        split,
        options.out,
        { source: loaded.label, fingerprint: fingerprintDataset(loaded.dataset), spec },
        (rows) => bar.tick(rows),
      )
      bar.done()
      const splitJson = join(options.out, 'split.json')
      if (global.json) return printJson(io.stdout, { ...record, splitJson })
      io.stdout.write(`${loaded.label}: ${record.rows} rows split ${spec.kind}\n\n`)
      io.stdout.write(
        renderTable(
          [{ header: 'PART' }, { header: 'ROWS', align: 'right' }, { header: 'FILE' }],
          record.files.map((f) => [f.part, String(f.rows), f.path]),
        ),
      )
      for (const line of describeSplitReport(record.report, loaded.dataset, spec))
        io.stdout.write(`${line}\n`)
      io.stdout.write(`\nspec: ${JSON.stringify(spec)}\nwritten to ${splitJson}\n`)
    })
}

/** Profiles the dataset (fingerprint included), ticking a terminal progress bar per column. */
async function profileWithProgress(dataset: Dataset, io: CliIo): Promise<DatasetProfile> {
  const { profileDatasetAsync } = await import('../../data/index.js')
  const bar = new ProgressBar(io.stderr, 'profiling', dataset.columns.length)
  const profile = await profileDatasetAsync(dataset, { onColumn: () => bar.tick() })
  bar.done()
  return profile
}

/** The split report's facts for people: cutoff used, strata, groups per side, rows left out. */
function describeSplitReport(report: SplitReport | undefined, dataset: Dataset, spec: SplitSpec): string[] {
  if (!report) return []
  const lines: string[] = []
  if (report.cutoff !== undefined && spec.kind === 'time') {
    const datetime = dataset.column(spec.column).type === 'datetime'
    lines.push(
      `cutoff: ${datetime ? formatInstant(report.cutoff) : report.cutoff} (train before it, test from it on)`,
    )
  }
  if (report.strata !== undefined) {
    lines.push(
      `strata: ${report.strata} (${report.singletonStrata ?? 0} with a single row, on one side only)`,
    )
  }
  if (report.trainGroups !== undefined)
    lines.push(`groups: ${report.trainGroups} train, ${report.testGroups} test`)
  if (report.excluded > 0)
    lines.push(`${report.excluded} rows without a time are in neither part (--missing drop)`)
  return lines
}

// `--spec` takes a bare spec or the split.json an earlier split wrote (its `spec` field).
function specInFile(json: unknown): unknown {
  if (
    typeof json === 'object' &&
    json !== null &&
    (json as { format?: unknown }).format === 'shipyard.split'
  ) {
    return (json as { spec?: unknown }).spec
  }
  return json
}
