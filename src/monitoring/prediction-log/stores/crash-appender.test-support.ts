/**
 * The child of the crash test: appends batches to the embedded store at `process.argv[2]` until it is
 * killed, printing each batch's number once its append resolved. Every batch spans two models and an
 * hour that has ended, so appends go through the pending journal and compaction merges all the while.
 */
import { testRecord } from '../prediction-log.test-suite.js'
import { DuckDbPredictionLog } from './duckdb-prediction-log.js'

/** Records per batch; request ids are `b<batch>-<i>`. */
export const CRASH_BATCH_SIZE = 12

const directory = process.argv[2]
if (directory !== undefined) {
  const store = await DuckDbPredictionLog.open({ directory, compaction: { fanIn: 3, closeDelayMs: 0 } })
  for (let batch = 0; ; batch++) {
    const records = Array.from({ length: CRASH_BATCH_SIZE }, (_, i) =>
      testRecord(`b${batch}-${i}`, (batch % 5) * 30 + i, { model: i % 2 === 0 ? 'churn' : 'fraud' }),
    )
    await store.append(records)
    process.stdout.write(`${batch}\n`)
  }
}
