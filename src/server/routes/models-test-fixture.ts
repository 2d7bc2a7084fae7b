import { syntheticData, trainableSynthetic } from '../../features/testing/synthetic-data.js'
import type { ModelRegistry } from '../../registry/index.js'
import { Shipyard, type TrainRunResult, trainRun } from '../../sdk/index.js'
import type { RunArtifacts, TrackingStore } from '../../tracking/index.js'

/** Where the runs are tracked: a test server's own store, artifacts and registry. */
export interface TrainingBackend {
  readonly store: TrackingStore
  readonly artifacts: RunArtifacts
  readonly registry: ModelRegistry | null
}

/**
 * Trains `count` tiny boosted-tree models (2, 3, 4... trees), each in a finished run of experiment
 * `registry` that logged `model/model.onnx`, its signature and metrics, as `trainRun` does for real.
 * For tests that register real models; a few hundred milliseconds each.
 */
export async function trainTestRuns(backend: TrainingBackend, count: number): Promise<TrainRunResult[]> {
  // The test owns the backend and closes it; the SDK only borrows it.
  const shipyard = await Shipyard.open({ backend: { ...backend, close: async () => {} } })
  const data = trainableSynthetic(syntheticData({ rows: 400, seed: 5 }).train).drop(['device'])
  const results: TrainRunResult[] = []
  for (let i = 0; i < count; i++) {
    results.push(
      await trainRun(shipyard, data, {
        experiment: 'registry',
        runName: `tiny-${i}`,
        target: 'target',
        params: { num_trees: 2 + i, num_leaves: 4 },
        validFraction: 0.25,
      }),
    )
  }
  await shipyard.close()
  return results
}
