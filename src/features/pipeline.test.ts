import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import onnxProto from 'onnx-proto'
import { Dataset } from '../data/index.js'
import { attr, OnnxSession } from '../onnx/index.js'
import { compilePipelineToOnnx, onnxFeeds, pipelineToOnnxModel } from './compile-pipeline.js'
import {
  type AnyFeatureStep,
  type FittedPipeline,
  fitPipeline,
  fitWith,
  type PipelineSpec,
  transform,
  transformTraining,
} from './pipeline.js'
import { parseFittedPipeline } from './pipeline-spec.js'
import { categorical, numeric } from './testing/frames.js'
import { syntheticData } from './testing/synthetic-data.js'

const data = Dataset.fromColumns([
  numeric('a', [1, 2, NaN, 4]),
  categorical('c', ['x', 'y', null, 'x']),
  numeric('unused', [0, 0, 0, 0]),
  { name: 'flag', type: 'boolean', values: Int8Array.from([1, 0, -1, 1]) },
  numeric('y', [0, 1, 0, 1]),
])
const spec: PipelineSpec = {
  steps: [
    { type: 'impute', columns: ['a'], strategy: 'constant', value: 0, indicator: true },
    { type: 'one_hot', columns: ['c'] },
  ],
}

describe('fitPipeline / transform', () => {
  it('records the raw inputs the features need (not the target), and features in frame order', () => {
    const fitted = fitPipeline(spec, data, { target: 'y' })
    assert.deepEqual(fitted.inputs, [
      { name: 'a', type: 'numeric' },
      { name: 'c', type: 'categorical' },
      { name: 'unused', type: 'numeric' },
      { name: 'flag', type: 'boolean' },
    ])
    // Replaced columns keep their place (one_hot's outputs take c's), added columns come last.
    assert.deepEqual(fitted.featureNames, ['a', 'c=x', 'c=y', 'unused', 'flag', 'a__missing'])
    const matrix = transform(fitted, data)
    assert.equal(matrix.rowCount, 4)
    assert.deepEqual(Array.from(matrix.values.subarray(12, 18)), [0, 0, 0, 0, NaN, 1])
  })

  it('takes only the columns an explicit output needs, so leftovers need no encoding', () => {
    const fitted = fitPipeline({ steps: [{ type: 'log1p', columns: ['a'] }], output: ['flag', 'a'] }, data)
    assert.deepEqual(
      fitted.inputs.map((i) => i.name),
      ['a', 'flag'],
    )
    const matrix = transform(fitted, data.select(['flag', 'a']))
    assert.deepEqual(Array.from(matrix.values.subarray(0, 4)), [
      1,
      Math.fround(Math.log(2)),
      0,
      Math.fround(Math.log(3)),
    ])
  })

  it('does not count a step that hands its frame on unchanged as reading every column', () => {
    const noop: AnyFeatureStep = {
      fit: (spec) => ({ spec }),
      transform: (_, frame) => frame,
      toOnnx: (_, __, frame) => frame,
    }
    const fitted = fitWith(() => noop, { steps: [{ type: 'noop' }], output: ['a'] }, data)
    assert.deepEqual(fitted.inputs, [{ name: 'a', type: 'numeric' }])
  })

  it('names non-numeric leftovers, unknown outputs, a missing target and an empty feature set', () => {
    assert.throws(
      () => fitPipeline({ steps: [] }, data),
      /output: 'c' \(categorical\) cannot be a feature; encode categorical and text columns/,
    )
    assert.throws(
      () => fitPipeline({ steps: [], output: ['a', 'nope'] }, data),
      /output: no column 'nope' after the last step; the columns are 'a', 'c', 'unused', 'flag', 'y'/,
    )
    assert.throws(
      () => fitPipeline({ steps: [], output: ['c'] }, data),
      /output: 'c' \(categorical\) cannot be a feature/,
    )
    assert.throws(
      () => fitPipeline(spec, data, { target: 'label' }),
      /no column 'label'; the dataset has 'a'/,
    )
    assert.throws(
      () => fitPipeline({ steps: [{ type: 'log1p', columns: ['a', 'y'] }] }, data, { target: 'y' }),
      /steps\[0\]\.columns: 'y' is the target; it cannot be a feature input/,
    )
    assert.throws(
      () => fitPipeline({ steps: [], output: [] }, data),
      /output: the pipeline produces no feature column/,
    )
    assert.throws(
      () => fitPipeline({ steps: [{ type: 'nope', columns: ['a'] } as never], output: ['a'] }, data),
      /unknown step type 'nope'; the types are 'impute', 'standard_scale'/,
    )
  })

  it('prefixes a step failure with its place and keeps the step in the details', () => {
    const bad: PipelineSpec = {
      steps: [
        { type: 'log1p', columns: ['a'] },
        { type: 'log1p', columns: ['zz'] },
      ],
    }
    assert.throws(
      () => fitPipeline(bad, data),
      (error: Error & { details?: Record<string, unknown> }) => {
        assert.match(
          error.message,
          /^steps\[1\] \(log1p\): column 'zz' does not exist; the frame has 'a', 'c'/,
        )
        assert.equal(error.details?.step, 1)
        assert.equal(error.details?.column, 'zz')
        return true
      },
    )
  })

  it('checks the applied data: a missing input or a changed type is an error, extra columns are ignored', () => {
    const fitted = fitPipeline(spec, data, { target: 'y' })
    assert.throws(
      () => transform(fitted, data.drop(['c'])),
      /the data has no column 'c', which the pipeline takes as input \(categorical\)/,
    )
    const retyped = data.withColumns([numeric('c', [1, 2, 3, 4])])
    assert.throws(
      () => transform(fitted, retyped),
      /column 'c' is numeric; the pipeline was fitted on a categorical column/,
    )
    assert.equal(transform(fitted, data.withColumns([numeric('extra', [9, 9, 9, 9])])).values.length, 24)
  })

  it('accepts text where categories were fitted and reads an empty string as missing on both sides', async () => {
    const fitted = fitPipeline(spec, data, { target: 'y' })
    const asText = data.withColumns([{ name: 'c', type: 'text', values: ['x', '', 'y', null] }])
    const matrix = transform(fitted, asText)
    const row = (r: number) => Array.from(matrix.values.subarray(r * 6 + 1, r * 6 + 3))
    assert.deepEqual(
      [row(0), row(1), row(2), row(3)],
      [
        [1, 0],
        [0, 0],
        [0, 1],
        [0, 0],
      ],
    )
    const session = await OnnxSession.load(pipelineToOnnxModel(fitted))
    const out = await session.run(onnxFeeds(fitted, asText))
    await session.release()
    assert.deepEqual(Array.from(out.features!.data as Float32Array), Array.from(matrix.values))
  })

  it('survives a JSON round trip, also through parseFittedPipeline', () => {
    const fitted = fitPipeline(spec, data, { target: 'y' })
    const text = JSON.stringify(fitted)
    const reloaded = parseFittedPipeline(text)
    assert.deepEqual(Array.from(transform(reloaded, data).values), Array.from(transform(fitted, data).values))
    assert.deepEqual(reloaded.featureNames, fitted.featureNames)
  })
})

describe('transformTraining', () => {
  it('uses out-of-fold target encoding on the training rows, seeded as at fit time', () => {
    const { train } = syntheticData({ rows: 2000 })
    const te: PipelineSpec = { steps: [{ type: 'target_encode', columns: ['device'] }], output: ['device'] }
    const fitted = fitPipeline(te, train, { target: 'target', seed: 7 })
    const training = transformTraining(fitted, train)
    const serving = transform(fitted, train)
    assert.notDeepEqual(Array.from(training.values), Array.from(serving.values))
    assert.deepEqual(Array.from(transformTraining(fitted, train).values), Array.from(training.values))
    const reseeded = fitPipeline(te, train, { target: 'target', seed: 8 })
    assert.notDeepEqual(Array.from(transformTraining(reseeded, train).values), Array.from(training.values))
  })

  it('is transform when no step has a training transform', () => {
    const fitted = fitPipeline(spec, data, { target: 'y' })
    assert.deepEqual(
      Array.from(transformTraining(fitted, data).values),
      Array.from(transform(fitted, data).values),
    )
  })
})

describe('compilePipelineToOnnx', () => {
  it('exposes inputs and the float feature tensor so that a model can be appended to the same graph', async () => {
    const fitted: FittedPipeline = fitPipeline(spec, data, { target: 'y' })
    const compiled = compilePipelineToOnnx(fitted)
    assert.deepEqual(compiled.inputs, [
      { name: 'a', type: 'double' },
      { name: 'c', type: 'string' },
      { name: 'unused', type: 'double' },
      { name: 'flag', type: 'double' },
    ])
    assert.deepEqual(compiled.featureNames, fitted.featureNames)
    // A stand-in "model": the sum of the features per row.
    const axis = compiled.graph.addConstant('axis', { type: 'int64', dims: [1], values: [1] })
    const [score] = compiled.graph.addNode('ReduceSum', [compiled.features, axis], { keepdims: attr.int(1) })
    compiled.graph.addOutput('score', score!, 'float', ['N', 1])
    const session = await OnnxSession.load(compiled.graph.toModel({ opsets: compiled.opsets }))
    const out = await session.run(onnxFeeds(fitted, data))
    await session.release()
    const matrix = transform(fitted, data)
    const sums = [0, 1, 2, 3].map((r) => matrix.values.subarray(r * 6, r * 6 + 6).reduce((s, v) => s + v, 0))
    assert.deepEqual(Array.from(out.score!.data as Float32Array), sums.map(Math.fround))
  })

  it('imports com.microsoft only when a step needs it (hash)', () => {
    assert.equal(compilePipelineToOnnx(fitPipeline(spec, data)).opsets['com.microsoft'], undefined)
    const hashed = fitPipeline({ steps: [{ type: 'hash', columns: ['c'], buckets: 8 }], output: ['c'] }, data)
    assert.equal(compilePipelineToOnnx(hashed).opsets['com.microsoft'], 1)
  })

  it('writes a standalone model whose output is features, with the feature names in its metadata', async () => {
    const fitted = fitPipeline(spec, data, { target: 'y' })
    const bytes = pipelineToOnnxModel(fitted)
    const metadata = onnxProto.onnx.ModelProto.decode(bytes).metadataProps
    assert.deepEqual(
      metadata.map((p) => [p.key, p.value]),
      [['feature_names', JSON.stringify(fitted.featureNames)]],
    )
    const session = await OnnxSession.load(bytes)
    assert.deepEqual(session.outputNames, ['features'])
    assert.deepEqual(session.inputNames, ['a', 'c', 'unused', 'flag'])
    await session.release()
  })
})
