// ONNX: a fitted pipeline compiles to a graph that computes the same features inside the served model. Run with `npx tsx docs/examples/data/onnx.ts`.
import assert from 'node:assert/strict'
import { Dataset } from '../../../src/data/index.js'
import { fitPipeline, onnxFeeds, pipelineToOnnxModel, transform } from '../../../src/features/index.js'
import { OnnxSession } from '../../../src/onnx/index.js'

const data = Dataset.fromColumns([
  { name: 'income', type: 'numeric', values: new Float64Array([1200, Number.NaN, 5400, 800]) },
  {
    name: 'city',
    type: 'categorical',
    codes: new Int32Array([0, 1, 2, -1]),
    dictionary: ['Paris', 'Lyon', 'Nice'],
  },
])
const fitted = fitPipeline(
  {
    steps: [
      { type: 'impute', columns: ['income'], strategy: 'median' },
      { type: 'log1p', columns: ['income'] },
      { type: 'one_hot', columns: ['city'] },
    ],
  },
  data,
)

// One input tensor per raw column, one float [N, F] output: the feature matrix.
const session = await OnnxSession.load(pipelineToOnnxModel(fitted))
const outputs = await session.run(onnxFeeds(fitted, data))
const fromGraph = outputs.features!.data as Float32Array
const fromTypeScript = transform(fitted, data).values
console.log(fitted.featureNames, Array.from(fromGraph))
assert.deepEqual(Array.from(fromGraph), Array.from(fromTypeScript))
