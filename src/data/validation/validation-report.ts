import { ShipyardError } from '../../shared/index.js'
import type { Expectation } from './expectation.js'
import { checkOf } from './expectation-checks.js'

/** One row that broke an expectation: its index in the dataset and its value (`null` when missing). */
export interface FailingRow {
  readonly row: number
  /** As `valueAt` gives it; note JSON turns ±Infinity into null, so keep the formatted report for people. */
  readonly value: number | string | boolean | null
}

/** The outcome of one expectation. */
export interface ExpectationResult {
  /** The expectation's position in the list given to `validateDataset` (`expectations[index]`). */
  readonly index: number
  readonly expectation: Expectation
  readonly passed: boolean
  /** The column concerned; null for dataset-level expectations (`row_count`). */
  readonly column: string | null
  /**
   * Rows that break the rule (for `max_null_fraction`: the missing rows, even when their fraction is
   * allowed). 0 when the outcome was decided without reading rows (absent column, wrong type, row count).
   */
  readonly failingCount: number
  /** The first `MAX_EXAMPLES` (5) of those rows, ascending. */
  readonly examples: readonly FailingRow[]
  /** What was found, in words: `3 rows of 1,000 outside [0, 120]`. */
  readonly message: string
}

/** What `validateDataset` found. Immutable and JSON-serialisable (but see `FailingRow.value`). */
export interface ValidationReport {
  /** True when no expectation failed. */
  readonly valid: boolean
  /** The file or query the dataset came from, when the caller said. */
  readonly source: string | null
  readonly rowCount: number
  /** Failed expectations, in list order. */
  readonly failed: readonly ExpectationResult[]
  /** Passed expectations, in list order. */
  readonly passed: readonly ExpectationResult[]
}

/**
 * The report for people: a headline, then each failed expectation with its column, count and example
 * rows, then the passed ones on one line each.
 *
 * @example
 * data.csv: 1 of 3 expectations failed (1,000 rows)
 * FAIL expectations[1] 'age' range [0, 120]: 2 rows of 1,000 outside [0, 120]
 *        row 17: -4
 *        row 230: Infinity
 * ok   expectations[0] 'age' required: present
 */
export function formatValidationReport(report: ValidationReport): string {
  const total = report.failed.length + report.passed.length
  const where = report.source === null ? '' : `${report.source}: `
  const rowsText = `${report.rowCount.toLocaleString('en-US')} ${report.rowCount === 1 ? 'row' : 'rows'}`
  const headline = report.valid
    ? `${where}all ${total} expectations passed (${rowsText})`
    : `${where}${report.failed.length} of ${total} expectations failed (${rowsText})`
  const lines = [headline]
  for (const result of report.failed) {
    lines.push(`FAIL ${title(result)}: ${result.message}`)
    for (const example of result.examples)
      lines.push(`       row ${example.row}: ${formatValue(example.value)}`)
    if (result.failingCount > result.examples.length) {
      lines.push(
        `       ... and ${(result.failingCount - result.examples.length).toLocaleString('en-US')} more`,
      )
    }
  }
  for (const result of report.passed) lines.push(`ok   ${title(result)}: ${result.message}`)
  return lines.join('\n')
}

/**
 * Throws `INVALID_PARAMETER_VALUE` with the formatted report as its message when the report failed;
 * `details.failed` lists each failure (index, kind, column, count, example rows) for machines.
 * Training calls it with the report of `expectationsFromSchema(config schema)`.
 */
export function assertValid(report: ValidationReport): void {
  if (report.valid) return
  throw new ShipyardError('INVALID_PARAMETER_VALUE', formatValidationReport(report), {
    details: {
      ...(report.source === null ? {} : { source: report.source }),
      failed: report.failed.map((r) => ({
        index: r.index,
        kind: r.expectation.kind,
        column: r.column,
        failingCount: r.failingCount,
        rows: r.examples.map((e) => e.row),
        message: r.message,
      })),
    },
  })
}

function title(result: ExpectationResult): string {
  const column = result.column === null ? '' : ` '${result.column}'`
  return `expectations[${result.index}]${column} ${checkOf(result.expectation).describe(result.expectation)}`
}

function formatValue(value: FailingRow['value']): string {
  if (value === null) return '(missing)'
  if (typeof value === 'string') return JSON.stringify(value)
  return String(value)
}
