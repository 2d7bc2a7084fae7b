// Params: the inputs of a run (hyperparameters, data versions), logged once. Run with `npx tsx docs/examples/param.ts`.
import assert from 'node:assert/strict'
import { Shipyard } from '../../src/index.js'

const shipyard = await Shipyard.open()

const runId = await shipyard.withRun({ experimentName: 'churn-model' }, async (run) => {
  await run.logParams({ learning_rate: 0.1, max_depth: 6, model: 'gbdt' })

  // Params are immutable: the same value again is accepted, another value is refused.
  await run.logParam('learning_rate', 0.1)
  await assert.rejects(run.logParam('learning_rate', 0.2), { code: 'SHIPYARD_PARAM_IMMUTABLE' })
  return run.runId
})

// Values are stored as strings, as MLflow stores them.
const { data } = await shipyard.store.getRun(runId)
console.log(data.params)
assert.deepEqual(data.params, { learning_rate: '0.1', max_depth: '6', model: 'gbdt' })

await shipyard.close()
