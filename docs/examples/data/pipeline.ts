// Feature pipelines: declarative steps fitted on training data only, saved as JSON with their statistics. Run with `npx tsx docs/examples/data/pipeline.ts`.
import assert from 'node:assert/strict'
import { Dataset } from '../../../src/data/index.js'
import { fitPipeline, parseFittedPipeline, transform } from '../../../src/features/index.js'

const train = Dataset.fromColumns([
  { name: 'age', type: 'numeric', values: new Float64Array([20, 30, Number.NaN, 50]) },
  { name: 'plan', type: 'categorical', codes: new Int32Array([0, 1, 0, 1]), dictionary: ['free', 'pro'] },
])

const fitted = fitPipeline(
  {
    steps: [
      { type: 'impute', columns: ['age'], strategy: 'median', indicator: true },
      { type: 'standard_scale', columns: ['age'] },
      { type: 'one_hot', columns: ['plan'] },
    ],
  },
  train,
)
console.log(fitted.featureNames)

// The fitted pipeline is plain JSON: save it with the model, load it back, get the same features.
const saved = JSON.stringify(fitted)
const loaded = parseFittedPipeline(JSON.parse(saved))

// New data: a missing age is imputed with the training median, an unseen plan is all zeros.
const live = Dataset.fromColumns([
  { name: 'age', type: 'numeric', values: new Float64Array([Number.NaN]) },
  { name: 'plan', type: 'categorical', codes: new Int32Array([0]), dictionary: ['enterprise'] },
])
const features = transform(loaded, live)
console.log(Array.from(features.values))
assert.equal(features.rowCount, 1)
assert.deepEqual(Array.from(features.values), Array.from(transform(fitted, live).values))
