import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Dataset, valueAt } from '../../../data/index.js'
import type { TrainedModel } from '../../../models/index.js'
import { importOnnxModel, registerRunModel } from '../../../registry/index.js'
import { Shipyard, trainRun } from '../../../sdk/index.js'
import { loadConfig, Random } from '../../../shared/index.js'
import { categoryValues, normalValues } from '../../drift/testing/drift-fixtures.js'
import {
  type FeedbackLabel,
  openPredictionLog,
  type PredictionLogStore,
  type PredictionRecord,
} from '../../prediction-log/index.js'

const HOUR = 3_600_000
/**
 * The end of the monitor tests' window: the start of the current hour, so that records logged in the
 * 24 hours before it are also in the last 24 hours of the CLI, which has no clock to set.
 */
export const MONITOR_NOW = Math.floor(Date.now() / HOUR) * HOUR
const CITIES = ['oslo', 'lima', 'pune', 'kyiv']

/**
 * A churn table: `age` N(40 + 10·ageShift, 10), `income` N(3, 1), `city` (4 skewed categories),
 * `member` (boolean), `signup` (a datetime, which drift leaves out), and `churned` 0/1 depending on
 * age, city and membership.
 */
export function churnTable(seed: number, rows: number, ageShift = 0): Dataset {
  const rng = new Random(seed)
  const age = normalValues(rng, rows, 40 + 10 * ageShift, 10)
  const income = normalValues(rng, rows, 3, 1)
  const city = categoryValues(rng, rows, CITIES, [0.4, 0.3, 0.2, 0.1])
  const member = Int8Array.from({ length: rows }, () => (rng.nextFloat() < 0.3 ? 1 : 0))
  const signup = Float64Array.from(
    { length: rows },
    () => Date.UTC(2020, 0, 1) + rng.nextInt(1400) * 86_400_000,
  )
  const churned = Float64Array.from({ length: rows }, (_, i) => {
    const score =
      (age[i]! - 40) / 8 + (city[i] === 'oslo' ? 1 : 0) - 1.5 * member[i]! + (rng.nextFloat() - 0.5) * 2
    return score > 0 ? 1 : 0
  })
  return Dataset.fromColumns([
    { name: 'age', type: 'numeric', values: age },
    { name: 'income', type: 'numeric', values: income },
    {
      name: 'city',
      type: 'categorical',
      codes: Int32Array.from(city, (c) => CITIES.indexOf(c)),
      dictionary: CITIES,
    },
    { name: 'member', type: 'boolean', values: member },
    { name: 'signup', type: 'datetime', values: signup },
    { name: 'churned', type: 'numeric', values: churned },
  ])
}

/**
 * The records an inference server logs for one-row requests of `data` to `version` of a binary
 * `model`: raw inputs (the datetime as ISO text, as a client sends it), outputs flattened as the
 * server does (`label`, `probabilities.<class>`, `probability`), latency 1..10 ms by request.
 */
export function servedTraffic(
  model: TrainedModel,
  data: Dataset,
  options: { readonly version: number; readonly prefix: string; readonly time: number },
): PredictionRecord[] {
  const predicted = model.predict(data)
  const classes = predicted.classes!
  const inputs = data.columns.filter((c) => c.name !== model.target)
  return Array.from({ length: data.rowCount }, (_, row) => {
    const outputs: Record<string, number | string> = { label: predicted.labels![row]! }
    classes.forEach((c, k) => {
      outputs[`probabilities.${c}`] = predicted.probabilities![row * classes.length + k]!
    })
    outputs.probability = outputs[`probabilities.${classes[1]}`]!
    return {
      ...record(`${options.prefix}-${row}`, options),
      inputs: Object.fromEntries(
        inputs.map((c) => {
          const value = valueAt(c, row)
          return [
            c.name,
            c.type === 'datetime' && value !== null ? new Date(value as number).toISOString() : value,
          ]
        }),
      ),
      outputs,
      latencyMs: 1 + (row % 10),
    }
  })
}

/** `n` requests to `version` that failed on their input, as the server logs them. */
export function failedTraffic(
  n: number,
  options: { readonly version: number; readonly prefix: string; readonly time: number },
): PredictionRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    ...record(`${options.prefix}-${i}`, options),
    inputs: { age: 'forty' },
    errorCode: 'INVALID_PARAMETER_VALUE',
    errorMessage: "column 'age': not a number",
    latencyMs: 0.5,
  }))
}

function record(
  requestId: string,
  options: { readonly version: number; readonly time: number },
): PredictionRecord {
  return {
    requestId,
    row: 0,
    time: options.time,
    model: 'churn',
    version: options.version,
    alias: 'production',
    arm: 'primary',
    inputs: {},
    outputs: {},
    latencyMs: 1,
    cache: 'miss',
    errorCode: null,
    errorMessage: null,
  }
}

/** True labels of every `every`-th logged row of `data`, as feedback sends them. */
export function truthOf(data: Dataset, prefix: string, every: number, time: number): FeedbackLabel[] {
  const target = data.column('churned') as { values: Float64Array }
  const labels: FeedbackLabel[] = []
  for (let row = 0; row < data.rowCount; row += every) {
    labels.push({ requestId: `${prefix}-${row}`, label: target.values[row]!, time })
  }
  return labels
}

/** A Shipyard home with model `churn` and a prediction log, as the monitor tests need them. */
export interface MonitorFixture {
  readonly home: string
  readonly shipyard: Shipyard
  readonly log: PredictionLogStore
  /** Versions 1 and 2, trained with `trainRun` on the same table (different trees). */
  readonly models: readonly TrainedModel[]
  /** What each version was served and then labelled with. */
  readonly traffic: { readonly same: Dataset; readonly shifted: Dataset }
  close(): Promise<void>
}

/**
 * Trains versions 1 and 2 of `churn` with `trainRun` (so each run logs its drift reference), imports
 * version 3 from version 1's ONNX (no run, so no reference), and logs a day of traffic ending at
 * `MONITOR_NOW`: version 1 gets 1,200 requests from the training distribution and 30 failed ones
 * (plus 200 shifted requests two days earlier, outside the window); version 2 gets 1,200 requests
 * whose `age` moved by one standard deviation; version 3 gets 20. A quarter of versions 1's and 2's
 * requests get their true label back.
 */
export async function openMonitorFixture(): Promise<MonitorFixture> {
  const home = await mkdtemp(join(tmpdir(), 'shipyard-monitor-'))
  const shipyard = await Shipyard.open({ home })
  const log = await openPredictionLog(loadConfig({ home }, {}), { autoCompact: false })
  const training = churnTable(1, 3000)
  const models: TrainedModel[] = []
  for (const numTrees of [8, 12]) {
    const run = await trainRun(shipyard, training, {
      experiment: 'churn',
      target: 'churned',
      params: { num_trees: numTrees, num_leaves: 7 },
      validFraction: 0.25,
    })
    await registerRunModel(shipyard.registry, shipyard.store, shipyard.artifacts, {
      runId: run.runId,
      name: 'churn',
    })
    models.push(run.model)
  }
  await importOnnxModel(shipyard.registry, {
    name: 'churn',
    onnx: models[0]!.toOnnx(),
    source: 'churn.onnx',
    signature: models[0]!.signature,
  })
  const same = churnTable(2, 1200)
  const shifted = churnTable(3, 1200, 1)
  const time = MONITOR_NOW - 2 * HOUR
  await log.append([
    ...servedTraffic(models[0]!, same, { version: 1, prefix: 'v1', time }),
    ...failedTraffic(30, { version: 1, prefix: 'v1-failed', time }),
    ...servedTraffic(models[0]!, churnTable(4, 200, 2), {
      version: 1,
      prefix: 'v1-old',
      time: MONITOR_NOW - 48 * HOUR,
    }),
    ...servedTraffic(models[1]!, shifted, { version: 2, prefix: 'v2', time }),
    ...servedTraffic(models[0]!, churnTable(5, 20), { version: 3, prefix: 'v3', time }),
  ])
  await log.appendFeedback([
    ...truthOf(same, 'v1', 4, MONITOR_NOW),
    ...truthOf(shifted, 'v2', 4, MONITOR_NOW),
  ])
  return {
    home,
    shipyard,
    log,
    models,
    traffic: { same, shifted },
    close: async () => {
      await log.close()
      await shipyard.close()
      await rm(home, { recursive: true, force: true })
    },
  }
}
