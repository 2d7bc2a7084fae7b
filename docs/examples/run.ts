// Runs: one execution of training code, with a status, a start and an end. Run with `npx tsx docs/examples/run.ts`.
import assert from 'node:assert/strict'
import { Shipyard } from '../../src/index.js'

const shipyard = await Shipyard.open()

// startRun/end when the run spans more than one function...
const run = await shipyard.startRun({ experimentName: 'churn-model', runName: 'baseline' })
console.log(`run ${run.runId} is ${run.info.status}`) // RUNNING
await run.end() // FINISHED by default; end('FAILED') or end('KILLED') otherwise

const stored = await shipyard.store.getRun(run.runId)
assert.equal(stored.info.status, 'FINISHED')
assert.ok(stored.info.endTime !== null)

// ...or withRun, which ends the run for you: FINISHED, or FAILED (with the error as a tag) when the callback throws.
await assert.rejects(
  shipyard.withRun({ experimentName: 'churn-model', runName: 'broken' }, async () => {
    throw new Error('out of memory')
  }),
)
const { items } = await shipyard.store.searchRuns({ filter: "attributes.run_name = 'broken'" })
console.log(`'broken' ended ${items[0]?.info.status}: ${items[0]?.data.tags['shipyard.error']}`)
assert.equal(items[0]?.info.status, 'FAILED')

await shipyard.close()
