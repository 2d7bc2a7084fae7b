// VersionModels on a temp Shipyard home: versions registered from runs that logged model/ (or another
// folder), an imported one, a run that logged only the ONNX graph, and one whose model/ was logged
// again after registration; reads are counted through a wrapper around the run artifacts.
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { train } from '../models/index.js'
import { importOnnxModel, type ModelVersion, registerRunModel } from '../registry/index.js'
import { Shipyard } from '../sdk/index.js'
import { ShipyardError } from '../shared/index.js'
import type { RunArtifacts } from '../tracking/index.js'
import { explainData, logModel, registerTrained, TARGETS } from './testing/explain-fixtures.js'
import { VersionModels } from './version-models.js'

const { train: TRAIN } = explainData(300, 3)

describe('VersionModels', () => {
  let home: string
  let shipyard: Shipyard
  let gbdt: ModelVersion
  let linear: ModelVersion
  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'shipyard-version-models-'))
    shipyard = await Shipyard.open({ home })
    gbdt = (await registerTrained(shipyard, 'churn', TRAIN, { target: 'target', params: { num_trees: 3 } }))
      .version
    linear = (await registerTrained(shipyard, 'churn', TRAIN, { target: 'target', model: 'linear' })).version
  })
  after(async () => {
    await shipyard.close()
    await rm(home, { recursive: true, force: true })
  })

  /** VersionModels over the home's run artifacts, counting the files it reads (and failing the first `failures`). */
  function models(cacheSize?: number, failures = 0) {
    const reads: string[] = []
    let failing = failures
    const artifacts: Pick<RunArtifacts, 'read'> = {
      read: (run, path) => {
        reads.push(path)
        if (failing-- > 0) return Promise.reject(new ShipyardError('SHIPYARD_STORE_UNAVAILABLE', 'disk away'))
        return shipyard.artifacts.read(run, path)
      },
    }
    const loaded = new VersionModels({
      tracking: shipyard.store,
      artifacts,
      ...(cacheSize === undefined ? {} : { cacheSize }),
    })
    return { loaded, reads }
  }

  it("reads the model.json beside the version's ONNX in its run, once", async () => {
    const { loaded, reads } = models()
    const [first, again] = await Promise.all([loaded.trainedModel(gbdt), loaded.trainedModel(gbdt)])
    assert.equal(first.kind, 'gbdt')
    assert.deepEqual(first.signature, gbdt.signature)
    assert.equal(again, first)
    assert.equal(await loaded.trainedModel(gbdt), first)
    assert.deepEqual(reads.sort(), ['model/model.json', 'model/model.onnx'])
    assert.equal((await loaded.trainedModel(linear)).kind, 'linear')
  })

  it('keeps at most cacheSize models, the least recently asked for dropped first', async () => {
    const { loaded, reads } = models(1)
    const first = await loaded.trainedModel(gbdt)
    await loaded.trainedModel(linear)
    assert.notEqual(await loaded.trainedModel(gbdt), first)
    assert.equal(reads.length, 6)
  })

  it('does not keep a failed read', async () => {
    const { loaded } = models(undefined, 1)
    await assert.rejects(loaded.trainedModel(gbdt), { code: 'SHIPYARD_STORE_UNAVAILABLE' })
    assert.equal((await loaded.trainedModel(gbdt)).kind, 'gbdt')
  })

  it('reads the folder the version was registered from', async () => {
    const model = await train(TRAIN.drop(['value', 'tier']), { target: 'target', model: 'linear' })
    const runId = await logModel(shipyard, model, { folder: 'best' })
    const version = await registerRunModel(shipyard.registry, shipyard.store, shipyard.artifacts, {
      runId,
      name: 'elsewhere',
      artifactPath: 'best',
    })
    const { loaded, reads } = models()
    assert.deepEqual((await loaded.trainedModel(version)).toDocument(), model.toDocument())
    assert.ok(
      reads.every((path) => path.startsWith('best/')),
      reads.join(),
    )
  })

  const refused = (version: ModelVersion, message: RegExp) =>
    assert.rejects(models().loaded.trainedModel(version), (error: unknown) => {
      assert.ok(error instanceof ShipyardError)
      assert.equal(error.code, 'INVALID_PARAMETER_VALUE')
      assert.deepEqual(error.details, { field: 'model', model: version.name, version: version.version })
      assert.match(
        error.message,
        new RegExp(`version ${version.version} of model '${version.name}' cannot be explained: `),
      )
      assert.match(error.message, message)
      return true
    })

  it('refuses an imported ONNX version: no run, no trees', async () => {
    const onnx = await readFile(new URL('../../test/fixtures/foreign-onnx/linreg.onnx', import.meta.url))
    const version = await importOnnxModel(shipyard.registry, { name: 'foreign', onnx, source: 'linreg.onnx' })
    await refused(version, /it was imported \(linreg\.onnx\), and an imported ONNX graph carries no trees/)
  })

  it('refuses a version whose run logged only the ONNX graph', async () => {
    const model = await train(TRAIN.drop(TARGETS.filter((t) => t !== 'value')), {
      target: 'value',
      model: 'linear',
    })
    const runId = await shipyard.withRun({}, async (run) => {
      await shipyard.artifacts.logBytes(run.info, 'model/model.onnx', model.toOnnx())
      return run.runId
    })
    const version = await registerRunModel(shipyard.registry, shipyard.store, shipyard.artifacts, {
      runId,
      name: 'graph-only',
    })
    await refused(version, new RegExp(`its training run '${runId}' has no model/model.json`))
  })

  it('refuses a version whose run logged another model over it after registration', async () => {
    const first = await train(TRAIN.drop(['value', 'tier']), { target: 'target', model: 'linear' })
    const runId = await logModel(shipyard, first)
    const version = await registerRunModel(shipyard.registry, shipyard.store, shipyard.artifacts, {
      runId,
      name: 'relogged',
    })
    const other = await train(TRAIN.drop(['target', 'tier']), { target: 'value', model: 'linear' })
    await logModel(shipyard, other, { runId })
    await refused(version, /is no longer the one registered .* the run's files were logged again/)
  })
})
