import type { Run } from '../../tracking/index.js'

/** One param or metric across the compared runs: a value per run, in run order (`null` where not logged). */
export interface ComparedRow<T> {
  readonly key: string
  readonly values: readonly (T | null)[]
  /** True when the runs do not all hold the same value (a missing value counts as different). */
  readonly differs: boolean
}

/** What `shipyard runs compare` shows, and prints with `--json`. */
export interface RunComparison {
  readonly runs: readonly {
    readonly runId: string
    readonly runName: string
    readonly experimentId: string
    readonly status: string
  }[]
  readonly params: readonly ComparedRow<string>[]
  /** The latest value of each metric (the run's final value). */
  readonly metrics: readonly ComparedRow<number>[]
}

/**
 * Lines runs up side by side: every param and metric key that any run has, sorted by key, with
 * the runs' values and whether they differ. Values compare with `Object.is`, so two NaN metrics are
 * the same and 0.1 and 0.1000001 are not (the table rounds; the diff does not).
 */
export function compareRuns(runs: readonly Run[]): RunComparison {
  return {
    runs: runs.map(({ info }) => ({
      runId: info.runId,
      runName: info.runName,
      experimentId: info.experimentId,
      status: info.status,
    })),
    params: rows(
      runs,
      (run, key) => run.data.params[key],
      (run) => Object.keys(run.data.params),
    ),
    metrics: rows(
      runs,
      (run, key) => run.data.metrics[key]?.value,
      (run) => Object.keys(run.data.metrics),
    ),
  }
}

function rows<T>(
  runs: readonly Run[],
  valueIn: (run: Run, key: string) => T | undefined,
  keysOf: (run: Run) => readonly string[],
): ComparedRow<T>[] {
  const keys = [...new Set(runs.flatMap(keysOf))].sort()
  return keys.map((key) => {
    const values = runs.map((run) => valueIn(run, key) ?? null)
    const first = values[0] ?? null
    return { key, values, differs: values.some((value) => value === null || !Object.is(value, first)) }
  })
}
