// Metrics: numbers a run measures, each point with a step and a timestamp. Run with `npx tsx docs/examples/metric.ts`.
import assert from 'node:assert/strict'
import { Shipyard } from '../../src/index.js'

const shipyard = await Shipyard.open()

const run = await shipyard.startRun({ experimentName: 'churn-model' })
for (let epoch = 1; epoch <= 5; epoch++) {
  // logMetric returns at once: points are buffered and written in batches.
  run.logMetric('loss', 1 / epoch, epoch)
}
run.logMetric('auc', 0.91)
await run.end() // writes what is still buffered

// A run's data holds the latest point of each metric (highest step)...
const { data } = await shipyard.store.getRun(run.runId)
console.log(`latest loss: ${data.metrics.loss?.value} at step ${data.metrics.loss?.step}`)
assert.equal(data.metrics.loss?.step, 5)

// ...and the history has every point, by step.
const history = await shipyard.store.getMetricHistory(run.runId, 'loss')
console.log(history.map((point) => point.value))
assert.equal(history.length, 5)

await shipyard.close()
