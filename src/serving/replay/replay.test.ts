// Replay on a real registry: tiny models of the serving fixtures registered as versions, logged
// records built in memory (the store is not needed to replay), replayed in-process.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { PredictionRecord } from '../../monitoring/index.js'
import {
  openServingFixture,
  registerClassifier,
  registerForeignClassifier,
  registerRegressor,
  type ServingFixture,
} from '../../serving/testing/serving-fixtures.js'
import { replayRecords } from './replay.js'
import { spendRecord as record, registerAmountOnlyRegressor } from './testing/replay-fixtures.js'

describe('replayRecords', () => {
  let fixture: ServingFixture
  let logged: PredictionRecord[]
  before(async () => {
    fixture = await openServingFixture()
    await registerRegressor(fixture.registry, 'spend', 2)
    await registerRegressor(fixture.registry, 'spend', 3)
    await registerAmountOnlyRegressor(fixture.registry, 'spend')
    // What v1 answered, as the server would have logged it: the replay of v1 on itself.
    const asked = [record('r1', 0), record('r1', 1)]
    const self = await replayRecords(asked, fixture.registry, { target: { kind: 'version', version: 1 } })
    logged = asked.map((r, i) => ({ ...r, outputs: self.requests[0]!.rows[i]!.replayed }))
  })
  after(() => fixture.close())

  it('replays on the logged version with no difference when no alias is set, and on another with the difference', async () => {
    const same = await replayRecords(logged, fixture.registry)
    assert.equal(same.requests[0]!.replayedVersion, 1, 'no production alias: the logged version')
    assert.equal(same.requests[0]!.status, 'answered')
    assert.deepEqual(
      same.requests[0]!.rows.map((r) => r.differences),
      [{ prediction: 0 }, { prediction: 0 }],
    )
    const v2 = await replayRecords(logged, fixture.registry, { target: { kind: 'version', version: 2 } })
    const [request] = v2.requests
    assert.equal(request!.replayedVersion, 2)
    // spend ≈ slope × amount: one more per unit of amount, amounts 10 and 11.
    const differences = request!.rows.map((r) => r.differences.prediction!)
    assert.ok(Math.abs(differences[0]! - 10) < 0.5 && Math.abs(differences[1]! - 11) < 0.5, `${differences}`)
    assert.deepEqual(
      request!.rows.map((r) => r.labelChanged),
      [null, null],
    )
    assert.equal(v2.summary.rows, 2)
    assert.equal(v2.summary.maxAbsDifference, Math.abs(differences[1]!))
    assert.equal(v2.summary.maxAbsDifferenceOutput, 'prediction')
  })

  it('defaults to the production alias, and follows a named alias', async () => {
    await fixture.registry.setAlias('spend', 'production', 2)
    await fixture.registry.setAlias('spend', 'staging', 1)
    try {
      assert.equal((await replayRecords(logged, fixture.registry)).requests[0]!.replayedVersion, 2)
      const staging = await replayRecords(logged, fixture.registry, {
        target: { kind: 'alias', alias: 'staging' },
      })
      assert.equal(staging.requests[0]!.replayedVersion, 1)
    } finally {
      await fixture.registry.deleteAlias('spend', 'production')
      await fixture.registry.deleteAlias('spend', 'staging')
    }
  })

  it('tells a request that errored whether the version still errors or now answers', async () => {
    const failed = record('bad', 0, {
      inputs: { amount: 3 },
      errorCode: 'INVALID_PARAMETER_VALUE',
      errorMessage: "missing column 'city'; the model takes amount, city",
    })
    const still = (await replayRecords([failed], fixture.registry)).requests[0]!
    assert.equal(still.status, 'still-errors')
    assert.deepEqual(still.loggedError, { code: 'INVALID_PARAMETER_VALUE', message: failed.errorMessage })
    assert.equal(still.replayedError?.code, 'INVALID_PARAMETER_VALUE')
    assert.match(still.replayedError!.message, /missing column 'city'/)
    const now = await replayRecords([failed], fixture.registry, { target: { kind: 'version', version: 3 } })
    const [answered] = now.requests
    assert.equal(answered!.status, 'now-answers')
    assert.equal(answered!.replayedError, null)
    assert.ok(Math.abs((answered!.rows[0]!.replayed.prediction as number) - 12) < 0.5)
    assert.deepEqual(answered!.rows[0]!.differences, {}, 'nothing logged to compare with')
    assert.deepEqual(now.summary.statuses, {
      answered: 0,
      'now-answers': 1,
      'still-errors': 0,
      'now-errors': 0,
      'no-inputs': 0,
    })
  })

  it('reports a request that now fails, unless unknown columns are ignored', async () => {
    const refused = await replayRecords(logged, fixture.registry, { target: { kind: 'version', version: 3 } })
    assert.equal(refused.requests[0]!.status, 'now-errors')
    assert.match(refused.requests[0]!.replayedError!.message, /unknown column 'city'/)
    assert.deepEqual(refused.requests[0]!.rows[0]!.replayed, {})
    const ignored = await replayRecords(logged, fixture.registry, {
      target: { kind: 'version', version: 3 },
      unknownColumns: 'ignore',
    })
    assert.equal(ignored.requests[0]!.status, 'answered')
  })

  it('replays nothing for a request that failed before its rows were read', async () => {
    const empty = record('early', 0, {
      inputs: {},
      version: null,
      errorCode: 'BAD_REQUEST',
      errorMessage: 'not JSON',
    })
    const report = await replayRecords([empty], fixture.registry)
    assert.equal(report.requests[0]!.status, 'no-inputs')
    assert.equal(report.requests[0]!.replayedVersion, null)
    assert.equal(report.summary.rows, 0)
  })

  it('groups records by request and arm, newest first as given, and refuses an unknown target', async () => {
    const shadow = logged.map((r) => ({ ...r, arm: 'shadow' as const, version: 2 }))
    const other = record('r0', 0, { time: logged[0]!.time - 1000 })
    const report = await replayRecords(
      [logged[1]!, shadow[0]!, logged[0]!, other, shadow[1]!],
      fixture.registry,
    )
    assert.deepEqual(
      report.requests.map((r) => [r.requestId, r.arm, r.replayedVersion, r.rows.map((row) => row.row)]),
      [
        ['r1', 'primary', 1, [0, 1]],
        ['r1', 'shadow', 2, [0, 1]],
        ['r0', 'primary', 1, [0]],
      ],
    )
    await assert.rejects(
      replayRecords(logged, fixture.registry, { target: { kind: 'version', version: 9 } }),
      {
        code: 'RESOURCE_DOES_NOT_EXIST',
      },
    )
    await assert.rejects(
      replayRecords(logged, fixture.registry, { target: { kind: 'alias', alias: 'nope' } }),
      {
        code: 'RESOURCE_DOES_NOT_EXIST',
      },
    )
  })

  it('shows a changed label, and puts a matrix input logged cell by cell back together', async () => {
    await registerClassifier(fixture.registry, 'big')
    const small = { requestId: 'c', model: 'big', inputs: { amount: 3, city: 'oslo' } }
    const claimed = record('c', 0, { ...small, outputs: { label: 'yes', probability: 0.75 } })
    const [row] = (await replayRecords([claimed], fixture.registry)).requests[0]!.rows
    assert.equal(row!.replayed.label, 'no')
    assert.equal(row!.labelChanged, true)
    assert.ok((row!.replayed.probability as number) < 0.5)
    assert.equal(row!.differences.probability, (row!.replayed.probability as number) - 0.75)
    assert.deepEqual(Object.keys(row!.differences), ['probability'], 'only outputs logged and answered')
    assert.deepEqual(Object.keys(row!.replayed).sort(), [
      'label',
      'probabilities.no',
      'probabilities.yes',
      'probability',
    ])

    await registerForeignClassifier(fixture.registry, 'iris')
    const cells = { 'float_input.0': 5.1, 'float_input.1': 3.5, 'float_input.2': 1.4, 'float_input.3': 0.2 }
    const iris = record('i', 0, { model: 'iris', inputs: cells, outputs: { label: 0 } })
    const replayed = (await replayRecords([iris], fixture.registry)).requests[0]!
    assert.equal(replayed.status, 'answered', JSON.stringify(replayed.replayedError))
    assert.equal(replayed.rows[0]!.labelChanged, false)
  })
})
