import { Dataset } from '../../../data/index.js'
import { train } from '../../../models/index.js'
import type { PredictionRecord } from '../../../monitoring/index.js'
import { importedLineage, type ModelRegistry, type ModelVersion } from '../../../registry/index.js'

/**
 * A logged row of the serving fixtures' tiny regressor (`tinyRegressor`: `amount` and `city`), model
 * `spend` v1, answered by the primary arm, `amount` 10 + row; `overrides` replace any field.
 */
export function spendRecord(
  requestId: string,
  row: number,
  overrides: Partial<PredictionRecord> = {},
): PredictionRecord {
  return {
    requestId,
    row,
    time: Date.parse('2024-05-01T10:00:00Z'),
    model: 'spend',
    version: 1,
    alias: 'production',
    arm: 'primary',
    inputs: { amount: 10 + row, city: 'lima' },
    outputs: {},
    latencyMs: 1,
    cache: 'miss',
    errorCode: null,
    errorMessage: null,
    ...overrides,
  }
}

/**
 * Registers, as the next version of `name`, a linear regressor of `spend ≈ 4 × amount` that takes
 * `amount` only: it answers a request without `city` that the tiny regressor refuses, and refuses
 * (as an unknown column) the `city` the tiny regressor takes.
 */
export async function registerAmountOnlyRegressor(
  registry: ModelRegistry,
  name: string,
): Promise<ModelVersion> {
  const amount = Float64Array.from({ length: 60 }, (_, i) => i % 30)
  const model = await train(
    Dataset.fromColumns([
      { name: 'amount', type: 'numeric', values: amount },
      { name: 'spend', type: 'numeric', values: amount.map((a) => 4 * a) },
    ]),
    { target: 'spend', model: 'linear', seed: 1 },
  )
  return registry.createVersion({
    name,
    onnx: model.toOnnx(),
    signature: model.signature,
    lineage: importedLineage('replay test'),
  })
}
