import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { syntheticData, trainableSynthetic } from '../features/testing/synthetic-data.js'
import { OnnxModel } from '../models/index.js'
import { Shipyard, trainRun } from '../sdk/index.js'
import { rejectsWith } from '../tracking/tracking-store.test-suite.js'
import { datasetFingerprints, registerRunModel } from './register-run-model.js'

const COMMIT = 'c0ffee'.padEnd(40, '0')

describe('registerRunModel', () => {
  let home: string
  let shipyard: Shipyard
  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'shipyard-register-'))
    shipyard = await Shipyard.open({ home })
  })
  after(async () => {
    await shipyard.close()
    await rm(home, { recursive: true, force: true })
  })

  it("registers a training run's model with its signature, metrics and lineage", async () => {
    const { train } = syntheticData({ rows: 600, seed: 3 })
    const result = await trainRun(shipyard, trainableSynthetic(train), {
      experiment: 'churn',
      target: 'target',
      params: { num_trees: 5, num_leaves: 7 },
      validFraction: 0.25,
      tags: { 'mlflow.source.git.commit': COMMIT },
    })
    const run = await shipyard.store.getRun(result.runId)
    const version = await registerRunModel(shipyard.registry, shipyard.store, shipyard.artifacts, {
      runId: result.runId,
      name: 'churn',
      description: 'first try',
      tags: { team: 'risk' },
    })
    assert.equal(version.version, 1)
    assert.equal(version.description, 'first try')
    assert.deepEqual(version.tags, { team: 'risk' })
    assert.equal(version.signature.task, 'binary')
    assert.equal(version.signature.target, 'target')
    assert.deepEqual(version.lineage, {
      runId: result.runId,
      datasetFingerprints: { train: run.data.params['data.fingerprint'] },
      params: run.data.params,
      gitCommit: COMMIT,
      trainingProfile: 'data/profile.json',
      source: `runs:/${result.runId}/model`,
    })
    assert.equal(version.metrics.valid_roc_auc, result.metrics.valid_roc_auc)
    assert.equal(version.metrics.best_iteration, result.metrics.best_iteration)
    const logged = await shipyard.artifacts.read(run.info, 'model/model.onnx')
    const stored = await shipyard.registry.readModel('churn', 1)
    assert.deepEqual(Buffer.from(stored), logged)
    const model = await OnnxModel.load(stored)
    await model.release()
  })

  it('refuses a run without a model.onnx, naming the run and the path', async () => {
    const run = await shipyard.startRun({ experimentName: 'churn' })
    await run.end()
    await rejectsWith(
      registerRunModel(shipyard.registry, shipyard.store, shipyard.artifacts, {
        runId: run.runId,
        name: 'churn',
      }),
      'INVALID_PARAMETER_VALUE',
      new RegExp(`^artifact_path: run '${run.runId}' has no model/model.onnx`),
    )
    await rejectsWith(
      registerRunModel(shipyard.registry, shipyard.store, shipyard.artifacts, {
        runId: 'f'.repeat(32),
        name: 'churn',
      }),
      'RESOURCE_DOES_NOT_EXIST',
    )
  })
})

describe('datasetFingerprints', () => {
  it('takes the role from params ending in fingerprint; data.fingerprint is the training data', () => {
    assert.deepEqual(
      datasetFingerprints({
        'data.fingerprint': 'a',
        'data.valid_fingerprint': 'b',
        'data.test.fingerprint': 'c',
        lr: '0.1',
      }),
      { train: 'a', valid: 'b', test: 'c' },
    )
  })
})
