import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Column, type Dataset, valueAt } from '../../data/index.js'
import { syntheticData, trainableSynthetic } from '../../features/testing/synthetic-data.js'
import { type TrainedModel, type TrainOptions, train } from '../../models/index.js'
import { type ModelVersion, registerRunModel } from '../../registry/index.js'
import type { Shipyard } from '../../sdk/index.js'

/** The targets `explainData` adds beside `target` (binary): `value` (regression) and `tier` (3 classes). */
export const TARGETS = ['target', 'value', 'tier'] as const

/**
 * `syntheticData` as training takes it (`trainableSynthetic`: numeric, categorical, boolean and
 * datetime inputs with missing values; the applied rows add unseen categories), plus a regression
 * target `value` and a three-class `tier` derived from `amount` and `count`.
 */
export function explainData(rows: number, seed: number): { train: Dataset; apply: Dataset } {
  const { train, apply } = syntheticData({ rows, seed })
  return { train: withTargets(trainableSynthetic(train)), apply: withTargets(trainableSynthetic(apply)) }
}

function withTargets(data: Dataset): Dataset {
  const numeric = (name: string) => (data.column(name) as Extract<Column, { type: 'numeric' }>).values
  const count = numeric('count')
  const value = Float64Array.from(
    numeric('amount'),
    (a, i) => (Number.isNaN(a) ? 1 : Math.log1p(a)) + 0.3 * (count[i]! || 0),
  )
  const tier = Int32Array.from(value, (v) => (v < 3.5 ? 0 : v < 5 ? 1 : 2))
  return data.withColumns([
    { name: 'value', type: 'numeric', values: value },
    { name: 'tier', type: 'categorical', dictionary: ['low', 'mid', 'high'], codes: tier },
  ])
}

/**
 * Rows of `data` as a request or the prediction log holds them: missing values left out, targets
 * dropped, datetimes as ISO strings, booleans as JSON booleans, categories as strings.
 */
export function jsonRows(data: Dataset, rows: number): Record<string, string | number | boolean>[] {
  return Array.from({ length: rows }, (_, row) => {
    const out: Record<string, string | number | boolean> = {}
    for (const column of data.columns) {
      const value = valueAt(column, row)
      if (value === null || (TARGETS as readonly string[]).includes(column.name)) continue
      out[column.name] = column.type === 'datetime' ? new Date(value as number).toISOString() : value
    }
    return out
  })
}

/**
 * Trains a model of `target` on `data` (the other targets dropped), logs its files under `model/` in a
 * new run as `trainRun` does, and registers it as the next version of `name`.
 */
export async function registerTrained(
  shipyard: Shipyard,
  name: string,
  data: Dataset,
  options: TrainOptions,
): Promise<{ readonly version: ModelVersion; readonly model: TrainedModel }> {
  const model = await train(data.drop(TARGETS.filter((t) => t !== options.target)), options)
  const runId = await logModel(shipyard, model)
  const version = await registerRunModel(shipyard.registry, shipyard.store, shipyard.artifacts, {
    runId,
    name,
  })
  return { version, model }
}

/**
 * Logs `model`'s files under `folder` (default `model`) of a new run, or of the run given over what it
 * holds there; returns the run's id.
 */
export async function logModel(
  shipyard: Shipyard,
  model: TrainedModel,
  options: { readonly runId?: string; readonly folder?: string } = {},
): Promise<string> {
  const local = await mkdtemp(join(tmpdir(), 'shipyard-explain-model-'))
  const folder = options.folder ?? 'model'
  try {
    await model.save(local)
    if (options.runId !== undefined) {
      const run = await shipyard.store.getRun(options.runId)
      await shipyard.artifacts.log(run.info, local, folder)
      return options.runId
    }
    return await shipyard.withRun({ experimentName: 'explain' }, async (run) => {
      await run.logArtifacts(local, folder)
      return run.runId
    })
  } finally {
    await rm(local, { recursive: true, force: true })
  }
}
