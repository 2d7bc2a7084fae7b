// The store: where experiments and runs live, and how to query them. Run with `npx tsx docs/examples/store.ts`.
import assert from 'node:assert/strict'
import { Shipyard } from '../../src/index.js'

// SHIPYARD_DATABASE_URL=postgres://... or SHIPYARD_TRACKING_URI=http://... switch the backend; this code stays the same.
const shipyard = await Shipyard.open()

for (const [depth, auc] of [
  [2, 0.71],
  [4, 0.84],
  [8, 0.82],
] as const) {
  await shipyard.withRun({ experimentName: 'tree-depth', runName: `depth-${depth}` }, async (run) => {
    await run.logParam('max_depth', depth)
    run.logMetric('auc', auc)
  })
}

// MLflow's search syntax: filter on metrics, params, tags and attributes; order by any of them.
const { experimentId } = await shipyard.store.getExperimentByName('tree-depth')
const { items } = await shipyard.store.searchRuns({
  experimentIds: [experimentId],
  filter: 'metrics.auc > 0.8',
  orderBy: ['metrics.auc DESC'],
})
for (const { info, data } of items) console.log(`${info.runName}: auc ${data.metrics.auc?.value}`)
assert.deepEqual(
  items.map((run) => run.info.runName),
  ['depth-4', 'depth-8'],
)

await shipyard.close()
