import type { PredictionLogStore } from '../../monitoring/index.js'
import { configFor, type GlobalOptions } from '../global-options.js'

/**
 * Opens the prediction log where the configuration keeps it (Parquet files under `SHIPYARD_HOME`, or
 * the PostgreSQL database), runs `work`, and closes it whatever happens; `work`'s error wins over a
 * failure to close. A reader only: background compaction is left to the serving process that writes.
 */
export async function withPredictionLog<T>(
  options: GlobalOptions,
  work: (log: PredictionLogStore) => Promise<T>,
): Promise<T> {
  // Loaded on use: the commands importing this must not pay for DuckDB at every `shipyard` start.
  const { openPredictionLog } = await import('../../monitoring/index.js')
  const log = await openPredictionLog(configFor(options), { autoCompact: false })
  let result: T
  try {
    result = await work(log)
  } catch (error) {
    await log.close().catch(() => undefined)
    throw error
  }
  await log.close()
  return result
}
