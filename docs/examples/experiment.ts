// Experiments: a named group of runs that answer one question. Run with `npx tsx docs/examples/experiment.ts`.
import assert from 'node:assert/strict'
import { Shipyard } from '../../src/index.js'

// Opens the store that SHIPYARD_HOME / SHIPYARD_DATABASE_URL / SHIPYARD_TRACKING_URI name (default ./.shipyard).
const shipyard = await Shipyard.open()

const churn = await shipyard.getOrCreateExperiment('churn-model')
console.log(`experiment '${churn.name}' has id ${churn.experimentId}`)

// Asking again returns the same experiment: safe to call at the top of every training script.
const again = await shipyard.getOrCreateExperiment('churn-model')
assert.equal(again.experimentId, churn.experimentId)

// The `Default` experiment (id 0) always exists; runs started without an experiment go there.
const { items } = await shipyard.store.searchExperiments()
console.log(items.map((experiment) => experiment.name))
assert.ok(items.some((experiment) => experiment.experimentId === '0'))

await shipyard.close()
