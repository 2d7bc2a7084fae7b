import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { syntheticData, trainableSynthetic } from '../features/testing/synthetic-data.js'
import { registerRunModel } from '../registry/index.js'
import { ShipyardError } from '../shared/index.js'
import { PROMOTION_OUTCOME_TAG, promote } from './promote.js'
import { Shipyard } from './shipyard.js'
import { trainRun } from './train-run.js'

const { train, apply } = syntheticData({ rows: 800, seed: 5 })
const holdout = trainableSynthetic(apply)
const GATE = 'auc >= production.auc - 0.002'

describe('promote', () => {
  let home: string
  let shipyard: Shipyard
  /** Version 1 learns the signal; version 2 is one stump, clearly worse. */
  before(async () => {
    home = await mkdtemp(join(tmpdir(), 'shipyard-promote-'))
    shipyard = await Shipyard.open({ home })
    const data = trainableSynthetic(train)
    for (const params of [{ num_trees: 20 }, { num_trees: 1, num_leaves: 2 }]) {
      const { runId } = await trainRun(shipyard, data, { target: 'target', params, experiment: 'train' })
      await registerRunModel(shipyard.registry, shipyard.store, shipyard.artifacts, { runId, name: 'churn' })
    }
  })
  after(async () => {
    await shipyard.close()
    await rm(home, { recursive: true, force: true })
  })

  const run = (from: string, requirements: string[]) =>
    promote(shipyard, {
      name: 'churn',
      from,
      to: 'production',
      data: holdout,
      requirements,
      experiment: 'gate',
    })

  it('a first promotion passes only on requirements about the candidate alone', async () => {
    await shipyard.registry.setAlias('churn', 'staging', 1)
    const refused = await run('staging', [GATE])
    assert.equal(refused.passed, false)
    assert.equal(refused.moved, false)
    assert.equal(refused.metrics.to, null)
    assert.deepEqual(refused.versions, { from: 1, to: null })
    assert.equal(refused.failed[0]?.right, null)
    assert.match(refused.failed[0]?.reason ?? '', /'production' points at no version yet/)
    await assert.rejects(shipyard.registry.resolve('churn', 'production'), /no alias 'production'/)

    const passed = await run('staging', ['auc >= 0.6', 'logloss < 1'])
    assert.deepEqual([passed.passed, passed.moved, passed.failed], [true, true, []])
    assert.equal((await shipyard.registry.resolve('churn', 'production')).version, 1)
  })

  it('refuses a worse candidate, leaves the alias, and logs the run with both metrics', async () => {
    await shipyard.registry.setAlias('churn', 'staging', 2)
    const result = await run('staging', [GATE, 'logloss <= production.logloss * 1.5'])
    assert.equal(result.passed, false)
    assert.equal(result.moved, false)
    assert.deepEqual(result.versions, { from: 2, to: 1 })
    const auc = result.requirements[0]!
    assert.equal(auc.passed, false)
    assert.equal(auc.left, result.metrics.from.metrics.roc_auc)
    assert.equal(auc.right, result.metrics.to!.metrics.roc_auc! - 0.002)
    assert.ok(auc.left! < auc.right!, JSON.stringify(auc))
    assert.deepEqual(result.failed[0], auc)
    assert.equal(result.metrics.from.rowCount, holdout.rowCount)
    assert.equal((await shipyard.registry.resolve('churn', 'production')).version, 1)

    const logged = await shipyard.store.getRun(result.runId)
    assert.equal(logged.info.status, 'FINISHED')
    assert.equal(logged.data.tags[PROMOTION_OUTCOME_TAG], 'refused')
    assert.deepEqual(
      [logged.data.params.model, logged.data.params.from, logged.data.params.to],
      ['churn', 'staging', 'production'],
    )
    assert.deepEqual([logged.data.params.from_version, logged.data.params.to_version], ['2', '1'])
    assert.equal(logged.data.params['requirement.1'], GATE)
    assert.equal(logged.data.params['data.fingerprint'], result.dataFingerprint)
    assert.equal(logged.data.params.target, 'target')
    assert.equal(logged.data.metrics.candidate_roc_auc?.value, result.metrics.from.metrics.roc_auc)
    assert.equal(logged.data.metrics.incumbent_roc_auc?.value, result.metrics.to!.metrics.roc_auc)
    const experiment = await shipyard.store.getExperiment(logged.info.experimentId)
    assert.equal(experiment.name, 'gate')
    const saved = JSON.parse(String(await shipyard.artifacts.read(logged.info, 'promotion.json')))
    assert.deepEqual(saved.failed, JSON.parse(JSON.stringify(result.failed)))
  })

  it('moves the alias when every requirement holds, with the requirements as the reason', async () => {
    await shipyard.registry.setAlias('churn', 'production', 2)
    await shipyard.registry.setAlias('churn', 'staging', 1)
    const result = await run('staging', [GATE, 'accuracy > production.accuracy'])
    assert.deepEqual([result.passed, result.moved, result.versions], [true, true, { from: 1, to: 2 }])
    assert.equal((await shipyard.registry.resolve('churn', 'production')).version, 1)
    const last = (await shipyard.registry.aliasHistory('churn', 'production')).at(-1)!
    assert.deepEqual([last.fromVersion, last.toVersion], [2, 1])
    assert.equal(last.reason, `promote: ${GATE}; accuracy > production.accuracy`)
    const logged = await shipyard.store.getRun(result.runId)
    assert.equal(logged.data.tags[PROMOTION_OUTCOME_TAG], 'passed')

    const events = (await shipyard.registry.aliasHistory('churn')).length
    const again = await run('staging', [GATE])
    assert.deepEqual([again.passed, again.moved], [true, false], 'production already points there')
    assert.equal((await shipyard.registry.aliasHistory('churn')).length, events, 'no event for a non-move')
  })

  it('refuses bad input before evaluating anything', async () => {
    const cases: [() => Promise<unknown>, RegExp][] = [
      [() => run('staging', []), /requirements: give at least one/],
      [() => run('staging', ['acu >= 0.8']), /unknown metric 'acu' \(did you mean 'auc'\?\)/],
      [() => run('staging', ['auc >= champion.auc']), /'champion' is not an alias compared here/],
      [() => run('staging', ['rmse <= production.rmse']), /'rmse' is a regressor metric, and version 1/],
      [
        () =>
          promote(shipyard, {
            name: 'churn',
            from: 'staging',
            to: 'latest',
            data: holdout,
            requirements: [GATE],
          }),
        /to: 'latest' is reserved/,
      ],
      [
        () =>
          promote(shipyard, {
            name: 'churn',
            from: 'staging',
            to: 'Staging',
            data: holdout,
            requirements: [GATE],
          }),
        /to: must differ from from/,
      ],
      [
        () =>
          promote(shipyard, {
            name: 'nope',
            from: 'staging',
            to: 'production',
            data: holdout,
            requirements: [GATE],
          }),
        /registered model 'nope' does not exist/,
      ],
      [
        () =>
          promote(shipyard, {
            name: 'churn',
            from: 'canary',
            to: 'production',
            data: holdout,
            requirements: [GATE],
          }),
        /no alias 'canary'/,
      ],
    ]
    for (const [attempt, message] of cases) {
      await assert.rejects(attempt, (error: unknown) => {
        assert.ok(error instanceof ShipyardError, String(error))
        assert.match(error.message, message)
        return true
      })
    }
  })
})
