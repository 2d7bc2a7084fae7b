import { valueAt } from '../column.js'
import type { Dataset } from '../dataset.js'
import type { Expectation } from './expectation.js'
import { type CheckPlan, type ScanPlan, Tally, type Verdict } from './expectation-check.js'
import { checkOf } from './expectation-checks.js'
import type { ExpectationResult, ValidationReport } from './validation-report.js'

/**
 * Rows per block. Every scan on a column runs over one block before the next block is read, so a
 * column with several expectations is read from memory once (8,192 float64 = 64 KiB stays in L2).
 */
const BLOCK_ROWS = 8192

/**
 * Checks `expectations` against `dataset` and reports every one, failed or passed; never throws for
 * a failed expectation (use `assertValid` for that). Each column an expectation touches is read once,
 * in blocks shared by all its scans; absent columns, wrong types and row counts are decided without
 * reading rows. `source` (a file name or query) is carried into the report's headline.
 */
export function validateDataset(
  dataset: Dataset,
  expectations: readonly Expectation[],
  options: { readonly source?: string } = {},
): ValidationReport {
  const plans: CheckPlan[] = expectations.map((e) => checkOf(e).plan(e, dataset))
  const tallies = plans.map(() => new Tally())
  scanByColumn(plans, tallies, dataset.rowCount)

  const results = plans.map((plan, index): ExpectationResult => {
    const expectation = expectations[index]!
    if (plan.mode === 'decided') {
      const { passed, message } = plan
      return { index, expectation, passed, column: plan.column, failingCount: 0, examples: [], message }
    }
    const tally = tallies[index]!
    const verdict: Verdict = plan.judge(tally, dataset.rowCount)
    return {
      index,
      expectation,
      passed: verdict.passed,
      column: plan.column.name,
      failingCount: tally.count,
      examples: tally.rows.map((row) => ({ row, value: valueAt(plan.column, row) })),
      message: verdict.message,
    }
  })
  const failed = results.filter((r) => !r.passed)
  return {
    valid: failed.length === 0,
    source: options.source ?? null,
    rowCount: dataset.rowCount,
    failed,
    passed: results.filter((r) => r.passed),
  }
}

function scanByColumn(plans: readonly CheckPlan[], tallies: readonly Tally[], rowCount: number): void {
  const byColumn = new Map<string, number[]>()
  plans.forEach((plan, i) => {
    if (plan.mode !== 'scan') return
    const group = byColumn.get(plan.column.name)
    if (group) group.push(i)
    else byColumn.set(plan.column.name, [i])
  })
  for (const group of byColumn.values()) {
    const scans = group.map((i) => plans[i] as ScanPlan)
    const groupTallies = group.map((i) => tallies[i]!)
    for (let start = 0; start < rowCount; start += BLOCK_ROWS) {
      const end = Math.min(rowCount, start + BLOCK_ROWS)
      for (let k = 0; k < scans.length; k++) scans[k]!.scan(start, end, groupTallies[k]!)
    }
  }
}
