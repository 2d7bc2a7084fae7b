import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { attr, OnnxGraphBuilder } from '../onnx/index.js'
import { rejectsWith } from '../tracking/tracking-store.test-suite.js'
import { importOnnxModel } from './import-onnx.js'
import { SqlModelRegistry } from './stores/sql-model-registry.js'

const FIXTURES = new URL('../../test/fixtures/foreign-onnx/', import.meta.url)

/** A graph over a string column and a double column with a [N, 2] probabilities output. */
function twoColumnClassifier(): Uint8Array {
  const g = new OnnxGraphBuilder('hand-made')
  const age = g.addInput('age', 'double', ['N', 1])
  const plan = g.addInput('plan', 'string', ['N', 1])
  const [asFloat] = g.addNode('Cast', [age], { to: attr.int(1) })
  const [pair] = g.addNode('Concat', [asFloat!, asFloat!], { axis: attr.int(1) })
  const [probabilities] = g.addNode('Softmax', [pair!], { axis: attr.int(1) })
  g.addOutput('probabilities', probabilities!, 'float', ['N', 2])
  g.addOutput('plan_echo', plan, 'string', ['N', 1])
  return g.toModel()
}

describe('importOnnxModel', () => {
  let dir: string
  let registry: SqlModelRegistry
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shipyard-import-'))
    registry = await SqlModelRegistry.open({
      database: { kind: 'sqlite', path: join(dir, 'shipyard.db') },
      artifactRoot: join(dir, 'artifacts'),
    })
  })
  after(async () => {
    await registry.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('infers a multiclass signature from an skl2onnx-style graph, its matrix filled from named features', async () => {
    const onnx = await readFile(new URL('logreg-3class.onnx', FIXTURES))
    const features = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width']
    const version = await importOnnxModel(registry, {
      name: 'iris',
      onnx,
      source: 'logreg-3class.onnx',
      features,
      metrics: { accuracy: 0.95 },
    })
    assert.equal(version.version, 1)
    assert.deepEqual(version.signature, {
      format: 'shipyard.signature',
      version: 1,
      task: 'multiclass',
      target: '',
      inputs: [
        { name: 'float_input', type: 'float', shape: [-1, 4], columnType: 'numeric', columns: features },
      ],
      outputs: [
        { name: 'label', type: 'int64', shape: [-1] },
        { name: 'probabilities', type: 'float', shape: [-1, 3] },
      ],
      classes: [0, 1, 2],
    })
    assert.deepEqual(version.lineage, {
      runId: null,
      datasetFingerprints: {},
      params: {},
      gitCommit: null,
      trainingProfile: null,
      source: 'logreg-3class.onnx',
    })
    assert.deepEqual(version.metrics, { accuracy: 0.95 })
    assert.deepEqual(Buffer.from(await registry.readModel('iris', 1)), onnx)
  })

  it('names the columns of a matrix input <input>_<i> by default, and takes a regression from other outputs', async () => {
    const onnx = await readFile(new URL('linreg.onnx', FIXTURES))
    const version = await importOnnxModel(registry, { name: 'linear', onnx, source: 'linreg.onnx' })
    assert.equal(version.signature.task, 'regression')
    assert.equal(version.signature.classes, undefined)
    assert.deepEqual(version.signature.inputs[0]?.columns, ['X_0', 'X_1', 'X_2'])
    assert.deepEqual(version.signature.outputs, [{ name: 'variable', type: 'float', shape: [-1, 1] }])
  })

  it('refuses feature names that do not fit the matrix, naming the input and its width', async () => {
    const onnx = await readFile(new URL('linreg.onnx', FIXTURES))
    await rejectsWith(
      importOnnxModel(registry, { name: 'linear', onnx, source: 'linreg.onnx', features: ['a', 'b'] }),
      'INVALID_PARAMETER_VALUE',
      /^features: input 'X' takes 3 columns; 2 names given/,
    )
  })

  it('takes one column per [N, 1] input: strings categorical, numbers numeric; two probability columns are binary', async () => {
    const version = await importOnnxModel(registry, {
      name: 'hand-made',
      onnx: twoColumnClassifier(),
      source: 'built in a test',
      classes: ['stay', 'leave'],
      target: 'churned',
    })
    const { signature } = version
    assert.equal(signature.task, 'binary')
    assert.equal(signature.target, 'churned')
    assert.deepEqual(signature.classes, ['stay', 'leave'])
    assert.deepEqual(signature.inputs, [
      { name: 'age', type: 'double', shape: [-1, 1], columnType: 'numeric' },
      { name: 'plan', type: 'string', shape: [-1, 1], columnType: 'categorical' },
    ])
  })

  it('keeps a given signature as it is, after onnxruntime has loaded the graph', async () => {
    const onnx = await readFile(new URL('linreg.onnx', FIXTURES))
    const first = await importOnnxModel(registry, { name: 'linear-2', onnx, source: 'a' })
    const signature = { ...first.signature, target: 'price' }
    const second = await importOnnxModel(registry, { name: 'linear-2', onnx, source: 'b', signature })
    assert.equal(second.signature.target, 'price')
    assert.equal(second.sha256, first.sha256)
  })

  it('refuses bytes onnxruntime cannot load, naming the field', async () => {
    await rejectsWith(
      importOnnxModel(registry, { name: 'broken', onnx: new Uint8Array([1, 2, 3]), source: 'x' }),
      'INVALID_PARAMETER_VALUE',
      /^onnx: onnxruntime refused the model/,
    )
    await rejectsWith(registry.getModel('broken'), 'RESOURCE_DOES_NOT_EXIST')
  })
})
