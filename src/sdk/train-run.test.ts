import assert from 'node:assert/strict'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, test } from 'node:test'
import { syntheticData, trainableSynthetic } from '../features/testing/synthetic-data.js'
import { OnnxModel } from '../models/index.js'
import { ShipyardError } from '../shared/index.js'
import { ERROR_TAG, Shipyard } from './shipyard.js'
import { TRAIN_RUN_ARTIFACTS, trainRun } from './train-run.js'

const { train, apply } = syntheticData({ rows: 2000, seed: 9 })
const data = trainableSynthetic(train)
const test_ = trainableSynthetic(apply)

let shipyard: Shipyard

before(async () => {
  shipyard = await Shipyard.open({ home: await mkdtemp(join(tmpdir(), 'shipyard-train-run-')) })
})
after(() => shipyard.close())

test('one run holds params, per-iteration losses, final metrics and every artifact', async () => {
  const result = await trainRun(shipyard, data, {
    experiment: 'churn',
    runName: 'gbdt-small',
    target: 'target',
    params: { num_trees: 12, num_leaves: 7 },
    validFraction: 0.25,
    test: test_,
    sources: { train: 'train.parquet', test: 'test.parquet' },
  })
  const run = await shipyard.store.getRun(result.runId)
  assert.equal(run.info.status, 'FINISHED')
  assert.equal(run.info.runName, 'gbdt-small')
  const params = run.data.params
  assert.equal(params.model, 'gbdt')
  assert.equal(params.task, 'binary')
  assert.equal(params.num_trees, '12')
  assert.equal(params.num_leaves, '7')
  assert.equal(params['data.train'], 'train.parquet')
  assert.equal(params['data.valid_rows'], '500')
  assert.match(params['data.fingerprint']!, /^[0-9a-f]{64}$/)

  const history = await shipyard.store.getMetricHistory(result.runId, 'valid_logloss')
  assert.deepEqual(
    history.map((m) => m.step),
    [...Array.from({ length: 12 }, (_, i) => i), 12],
    'one point per round, then the kept model at step 12',
  )
  assert.equal((await shipyard.store.getMetricHistory(result.runId, 'train_logloss')).length, 12)
  for (const key of ['valid_roc_auc', 'test_roc_auc', 'test_accuracy', 'best_iteration']) {
    assert.equal(typeof result.metrics[key], 'number', key)
  }
  assert.ok(result.metrics.test_roc_auc! > 0.6, String(result.metrics.test_roc_auc))

  const listed = await shipyard.artifacts.list(run.info, 'model')
  assert.deepEqual(
    listed.map((a) => a.path),
    ['model/model.json', 'model/model.onnx', 'model/pipeline.json', 'model/signature.json'],
  )
  const html = (await shipyard.artifacts.read(run.info, TRAIN_RUN_ARTIFACTS.report)).toString('utf8')
  assert.match(html, /Learning curve/)
  assert.match(html, /ROC curve/)
  const profile = JSON.parse(
    (await shipyard.artifacts.read(run.info, TRAIN_RUN_ARTIFACTS.profile)).toString(),
  )
  assert.equal(profile.rowCount, 1500)
  assert.equal(profile.fingerprint, params['data.fingerprint'])

  // The logged graph is the served artifact: it scores the test data as the model does in process.
  const onnx = await OnnxModel.load(await shipyard.artifacts.read(run.info, 'model/model.onnx'))
  const evaluation = await onnx.evaluate(test_, 'target')
  assert.ok(Math.abs(evaluation.metrics.roc_auc! - result.metrics.test_roc_auc!) < 1e-6)
  await onnx.release()
})

test('a training that fails marks its run FAILED with the reason', async () => {
  await assert.rejects(
    trainRun(shipyard, data, {
      experiment: 'churn',
      runName: 'broken',
      target: 'target',
      params: { num_leafs: 3 },
    }),
    (error: unknown) => error instanceof ShipyardError && /did you mean 'num_leaves'/.test(error.message),
  )
  const experiment = await shipyard.getOrCreateExperiment('churn')
  const { items: runs } = await shipyard.store.searchRuns({
    experimentIds: [experiment.experimentId],
    filter: "attributes.run_name = 'broken'",
  })
  assert.equal(runs[0]?.info.status, 'FAILED')
  assert.match(runs[0]!.data.tags[ERROR_TAG]!, /num_leafs/)
})
