import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openPredictionLog, type PredictionRecord } from '../../monitoring/index.js'
import { importedLineage } from '../../registry/index.js'
import { Shipyard } from '../../sdk/index.js'
import { replayRecords } from '../../serving/index.js'
import { registerAmountOnlyRegressor, spendRecord } from '../../serving/replay/testing/replay-fixtures.js'
import { tinyClassifier, tinyRegressor } from '../../serving/testing/serving-fixtures.js'
import { loadConfig } from '../../shared/index.js'

const MINUTE = 60_000

/** A Shipyard home with registered models and a seeded prediction log, for the `logs` and `replay` tests. */
export interface LoggedHome {
  readonly home: string
  /** The seeded records, by request id. */
  readonly records: ReadonlyMap<string, readonly PredictionRecord[]>
  close(): Promise<void>
}

/**
 * A temp home where `spend` has v1 (the tiny regressor, slope 2), v2 (slope 3) and v3 (`amount`
 * only), and `big` v1 (the tiny classifier); its log holds, relative to now:
 * - `r1` (10 min ago): two rows of `spend` v1, amounts 10 and 11, with v1's real answers;
 * - `r2` (20 min ago): one row, amount 30 in oslo, answered from the cache;
 * - `bad` (5 min ago): a request v1 refused for its missing `city` (inputs `{amount: 3}`);
 * - `old` (3 h ago): one row, amount 12;
 * - `c1` (15 min ago): one row of `big` v1, amount 25, with its real answer.
 */
export async function openLoggedHome(): Promise<LoggedHome> {
  const home = await mkdtemp(join(tmpdir(), 'shipyard-logs-command-'))
  const shipyard = await Shipyard.open({ home })
  const log = await openPredictionLog(loadConfig({ home }), { autoCompact: false })
  try {
    const lineage = importedLineage('logs test')
    for (const slope of [2, 3]) {
      const model = await tinyRegressor(slope)
      await shipyard.registry.createVersion({
        name: 'spend',
        onnx: model.toOnnx(),
        signature: model.signature,
        lineage,
      })
    }
    await registerAmountOnlyRegressor(shipyard.registry, 'spend')
    const classifier = await tinyClassifier()
    await shipyard.registry.createVersion({
      name: 'big',
      onnx: classifier.toOnnx(),
      signature: classifier.signature,
      lineage,
    })
    const now = Date.now()
    const asked = [
      spendRecord('r1', 0, { time: now - 10 * MINUTE, latencyMs: 2.5 }),
      spendRecord('r1', 1, { time: now - 10 * MINUTE, latencyMs: 2.5 }),
      spendRecord('r2', 0, { time: now - 20 * MINUTE, inputs: { amount: 30, city: 'oslo' }, cache: 'hit' }),
      spendRecord('old', 0, { time: now - 180 * MINUTE, inputs: { amount: 12, city: 'lima' } }),
      spendRecord('c1', 0, { time: now - 15 * MINUTE, model: 'big', inputs: { amount: 25, city: 'oslo' } }),
    ]
    // What v1 answered, as the server would have logged it.
    const answers = await replayRecords(asked, shipyard.registry, { target: { kind: 'version', version: 1 } })
    const answered = answers.requests.flatMap((request) =>
      request.rows.map(
        (row): PredictionRecord => ({
          ...asked.find((r) => r.requestId === request.requestId && r.row === row.row)!,
          outputs: row.replayed,
        }),
      ),
    )
    const failed = spendRecord('bad', 0, {
      time: now - 5 * MINUTE,
      inputs: { amount: 3 },
      errorCode: 'INVALID_PARAMETER_VALUE',
      errorMessage: "missing column 'city'; the model takes amount, city",
    })
    const all = [...answered, failed]
    await log.append(all)
    const records = new Map<string, PredictionRecord[]>()
    for (const record of all)
      records.set(record.requestId, [...(records.get(record.requestId) ?? []), record])
    return { home, records, close: () => rm(home, { recursive: true, force: true }) }
  } finally {
    await log.close()
    await shipyard.close()
  }
}
