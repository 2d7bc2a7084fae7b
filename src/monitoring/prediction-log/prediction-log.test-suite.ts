import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { ShipyardError } from '../../shared/index.js'
import type { PredictionLogStore, PredictionRecord } from './prediction-log.js'

/** A fresh, empty store on the backend under test, and how to throw it away. */
export interface PredictionLogFixture {
  readonly store: PredictionLogStore
  dispose(): Promise<void>
}

/** 2024-05-01T10:00:00Z: fixed times keep the filters' expectations readable. */
export const T0 = Date.parse('2024-05-01T10:00:00Z')
const MINUTE = 60_000
const HOUR = 3_600_000

/** A successful record of `churn` v3 at `T0 + minute` minutes; `overrides` replace any field. */
export function testRecord(
  requestId: string,
  minute: number,
  overrides: Partial<PredictionRecord> = {},
): PredictionRecord {
  return {
    requestId,
    row: 0,
    time: T0 + minute * MINUTE,
    model: 'churn',
    version: 3,
    alias: 'production',
    arm: 'primary',
    inputs: { age: 30 + minute, city: 'oslo', member: true },
    outputs: { label: 'yes', probability: 0.5 },
    latencyMs: 2.5,
    cache: 'miss',
    errorCode: null,
    errorMessage: null,
    ...overrides,
  }
}

/**
 * The `PredictionLogStore` contract as tests, run by every backend's own test file:
 * `describePredictionLogConformance('duckdb', async () => ({ store, dispose }))`. `make` is called once
 * per test and must give an empty store.
 */
export function describePredictionLogConformance(name: string, make: () => Promise<PredictionLogFixture>) {
  describe(`PredictionLogStore conformance: ${name}`, () => {
    let fixture: PredictionLogFixture
    let store: PredictionLogStore
    beforeEach(async () => {
      fixture = await make()
      store = fixture.store
    })
    afterEach(async () => {
      await fixture.dispose()
    })

    const ids = (records: readonly PredictionRecord[]) => records.map((r) => `${r.requestId}/${r.row}`)

    it('round-trips every field: numbers, strings with quotes, booleans, nulls, an error with no outputs', async () => {
      const plain = testRecord('a', 1, {
        inputs: { age: 41.25, city: `o'brien "the" \\ ø 🚢`, member: false, gone: null, big: 1e300 },
        outputs: { label: 'no', probability: 0.125, 'probabilities.yes': 0.875 },
        latencyMs: 0.75,
        cache: 'hit',
      })
      const failed = testRecord('b', 2, {
        version: null,
        alias: null,
        arm: 'canary',
        inputs: { age: 'not a number' },
        outputs: {},
        cache: 'off',
        errorCode: 'INVALID_PARAMETER_VALUE',
        errorMessage: "column 'age': it's not a number",
      })
      await store.append([plain, failed])
      const { gone: _, ...kept } = plain.inputs
      assert.deepEqual(await store.search({}), [failed, { ...plain, inputs: kept }])
    })

    it("keeps and filters on every cache state, 'partial' included", async () => {
      const states = ['hit', 'miss', 'partial', 'off'] as const
      await store.append(states.map((cache, i) => testRecord(cache, i, { cache })))
      assert.deepEqual(
        (await store.search({})).map((r) => r.cache),
        ['off', 'partial', 'miss', 'hit'],
      )
      assert.deepEqual(ids(await store.search({ where: "cache = 'partial'" })), ['partial/0'])
      assert.equal(await store.count({ where: "cache in ('hit', 'partial')" }), 2)
      await assert.rejects(
        () => store.append([testRecord('x', 9, { cache: 'some' as 'hit' })]),
        /records\[0\]\.cache: must be hit, miss, partial, off/,
      )
    })

    it("keeps each value's type when a key's values change type, within a batch and between batches", async () => {
      await store.append([
        testRecord('a', 1, { inputs: { age: 70 } }),
        testRecord('b', 2, { inputs: { age: 'seventy' } }),
      ])
      await store.append([testRecord('c', 3, { inputs: { age: 'old' } })])
      await store.append([
        testRecord('d', 4, { inputs: { age: true } }),
        testRecord('e', 5, { inputs: { age: 66 } }),
      ])
      assert.deepEqual(
        (await store.search({})).map((r) => r.inputs.age),
        [66, true, 'old', 'seventy', 70],
      )
      const where = async (text: string) => ids(await store.search({ where: text })).join(' ')
      assert.equal(await where('inputs.age > 60'), 'e/0 a/0')
      assert.equal(await where("inputs.age in ('old', 'seventy')"), 'c/0 b/0')
      assert.equal(await where('inputs.age = true'), 'd/0')
      assert.equal(await store.count({ where: 'inputs.age is not null' }), 5)
      const { columns } = await store.columns({}, ['inputs.age', 'time'])
      const time = columns.get('time') as Float64Array
      const ages = columns.get('inputs.age') as (string | null)[]
      assert.deepEqual(
        [...time.keys()].sort((i, j) => time[i]! - time[j]!).map((i) => ages[i]),
        ['70', 'seventy', 'old', 'true', '66'],
      )
    })

    it('keeps every row of a request and a shadow record beside the primary one', async () => {
      const rows = [0, 1, 2].map((row) => testRecord('req', 1, { row }))
      const shadow = testRecord('req', 1, { arm: 'shadow', version: 4 })
      await store.append([...rows, shadow])
      assert.deepEqual(
        (await store.search({ requestId: 'req' })).map((r) => [r.row, r.arm, r.version]),
        [
          [0, 'primary', 3],
          [0, 'shadow', 4],
          [1, 'primary', 3],
          [2, 'primary', 3],
        ],
      )
    })

    it('returns records newest first, then by request id and row, at most limit; count ignores limit', async () => {
      await store.append([
        testRecord('b', 5),
        testRecord('a', 5, { row: 1 }),
        testRecord('a', 5),
        testRecord('c', 1),
      ])
      await store.append([testRecord('d', 9)])
      assert.deepEqual(ids(await store.search({})), ['d/0', 'a/0', 'a/1', 'b/0', 'c/0'])
      assert.deepEqual(ids(await store.search({ limit: 2 })), ['d/0', 'a/0'])
      assert.equal(await store.count({ limit: 2 }), 5)
    })

    it('finds the newest records across hours and models', async () => {
      const records = [0, 1, 2, 3, 4, 5].map((h) =>
        testRecord(`h${h}`, h * 60 + 1, { model: h % 2 === 0 ? 'churn' : 'fraud' }),
      )
      await store.append(records)
      assert.deepEqual(ids(await store.search({ limit: 3 })), ['h5/0', 'h4/0', 'h3/0'])
      assert.deepEqual(ids(await store.search({ model: 'fraud', limit: 2 })), ['h5/0', 'h3/0'])
      assert.deepEqual(ids(await store.search({ since: T0 + HOUR, until: T0 + 3 * HOUR })), ['h2/0', 'h1/0'])
    })

    it('narrows by model, version, time window (since inclusive, until exclusive), errors and request id', async () => {
      await store.append([
        testRecord('a', 0),
        testRecord('b', 10, { version: 4 }),
        testRecord('c', 20, { model: 'fraud' }),
        testRecord('d', 30, { errorCode: 'SHIPYARD_MODEL_NOT_READY', errorMessage: 'loading', outputs: {} }),
      ])
      assert.deepEqual(ids(await store.search({ model: 'churn' })), ['d/0', 'b/0', 'a/0'])
      assert.deepEqual(ids(await store.search({ version: 4 })), ['b/0'])
      assert.deepEqual(ids(await store.search({ since: T0 + 10 * MINUTE, until: T0 + 30 * MINUTE })), [
        'c/0',
        'b/0',
      ])
      assert.deepEqual(ids(await store.search({ since: T0 + 10 * MINUTE - 0.5 })), ['d/0', 'c/0', 'b/0'])
      assert.deepEqual(ids(await store.search({ errors: true })), ['d/0'])
      assert.deepEqual(ids(await store.search({ errors: false, model: 'churn' })), ['b/0', 'a/0'])
      assert.deepEqual(ids(await store.search({ requestId: 'c' })), ['c/0'])
      assert.equal(await store.count({ model: 'nobody' }), 0)
      assert.deepEqual(await store.search({ model: 'nobody' }), [])
    })

    describe('where', () => {
      beforeEach(async () => {
        await store.append([
          testRecord('a', 1, {
            inputs: { age: 70, city: 'oslo', member: true },
            outputs: { probability: 0.95 },
          }),
          testRecord('b', 2, {
            inputs: { age: 40, city: "o'hara", member: false },
            outputs: { probability: 0.2 },
          }),
          testRecord('c', 3, { inputs: { age: 65, city: 'bergen' }, arm: 'canary', latencyMs: 80 }),
          testRecord('d', 4, {
            inputs: { age: 'unknown', 'unit price': 12 },
            outputs: {},
            errorCode: 'INVALID_PARAMETER_VALUE',
            errorMessage: 'age',
          }),
        ])
      })
      const where = async (text: string) =>
        ids(await store.search({ where: text }))
          .map((id) => id[0])
          .join('')

      it('compares numbers, strings (with quotes) and booleans, and joins with and, or, not', async () => {
        assert.equal(await where('inputs.age > 60 and outputs.probability > 0.9'), 'a')
        assert.equal(await where("inputs.city = 'oslo' or inputs.city = 'o''hara'"), 'ba')
        assert.equal(await where('inputs.member = true'), 'a')
        assert.equal(await where('inputs.member <> true'), 'b')
        assert.equal(await where('not (inputs.age >= 65) and error_code is null'), 'b')
        assert.equal(await where("inputs.city < 'c'"), 'c')
        assert.equal(await where('inputs."unit price" >= 12'), 'd')
      })

      it('filters on the record columns', async () => {
        assert.equal(await where("arm = 'canary'"), 'c')
        assert.equal(await where('latency_ms > 50'), 'c')
        assert.equal(await where('error_code is not null'), 'd')
        assert.equal(await where("error_code = 'INVALID_PARAMETER_VALUE' or request_id = 'a'"), 'da')
        assert.equal(await where(`time >= ${T0 + 3 * MINUTE}`), 'dc')
        assert.equal(await where("time < '2024-05-01T10:02:00Z'"), 'a')
        assert.equal(await where("version = 3 and row = 0 and model = 'churn'"), 'dcba')
      })

      it('takes in, not in and is [not] null; a missing key is null', async () => {
        assert.equal(await where("inputs.city in ('oslo', 'bergen')"), 'ca')
        assert.equal(await where('inputs.age not in (70, 40)'), 'c')
        assert.equal(await where('inputs.member is null'), 'dc')
        assert.equal(await where('outputs.probability is not null'), 'cba')
        assert.equal(await where('inputs.nowhere is null'), 'dcba')
        assert.equal(await where('inputs.nowhere = 1'), '')
      })

      it('never matches a value of another type than the literal', async () => {
        assert.equal(await where('inputs.age > 0'), 'cba')
        assert.equal(await where("inputs.age = 'unknown'"), 'd')
        assert.equal(await where("inputs.city > 0 or inputs.age = '70'"), '')
      })

      it('counts what it finds', async () => {
        assert.equal(await store.count({ where: 'inputs.age > 60' }), 2)
        assert.equal(await store.count({ model: 'churn', where: "inputs.city = 'oslo'" }), 1)
      })

      it('refuses a bad where with INVALID_PARAMETER_VALUE naming the position and token', async () => {
        for (const read of [
          () => store.search({ where: 'inputs.age >> 3' }),
          () => store.count({ where: 'latncy_ms > 3' }),
        ]) {
          await assert.rejects(read, (error: unknown) => {
            assert.ok(error instanceof ShipyardError)
            assert.equal(error.code, 'INVALID_PARAMETER_VALUE')
            assert.equal(typeof error.details.position, 'number')
            assert.equal(typeof error.details.token, 'string')
            return true
          })
        }
        await assert.rejects(() => store.search({ limit: 0 }), /limit/)
      })
    })

    describe('across models with disjoint columns', () => {
      // Two models log in the same hour, each with keys the other lacks; a later batch adds a key.
      beforeEach(async () => {
        await store.append([
          testRecord('r1', 1, { model: 'spend', inputs: { amount: 120 }, outputs: { prediction: 20 } }),
          testRecord('c1', 1, { model: 'big', inputs: { text: 'hi' }, outputs: { label: 'yes' } }),
        ])
        await store.append([
          testRecord('r2', 2, {
            model: 'spend',
            inputs: { amount: 5, region: 'eu' },
            outputs: { prediction: 5 },
          }),
        ])
      })
      const where = async (text: string, model?: string) =>
        ids(await store.search({ where: text, model })).join(' ')

      it('a where on a key some records lack finds those that have it, with or without a model', async () => {
        assert.equal(await where('outputs.prediction > 10'), 'r1/0')
        assert.equal(await where('outputs.prediction > 10', 'spend'), 'r1/0')
        assert.equal(await where('outputs.prediction > 10', 'big'), '')
        assert.equal(await store.count({ where: 'outputs.prediction > 10' }), 1)
        assert.equal(await where("outputs.label = 'yes'"), 'c1/0')
        assert.equal(await where("inputs.region = 'eu'"), 'r2/0')
        assert.equal(await where("outputs.prediction >= 5 or inputs.text = 'hi'"), 'r2/0 c1/0 r1/0')
        assert.equal(await where('outputs.prediction is null'), 'c1/0')
        assert.equal(await store.count({ where: 'inputs.region is null' }), 2)
      })

      it('columns() reads each key from the records that have it, missing in the others', async () => {
        const names = ['outputs.prediction', 'outputs.label', 'inputs.region', 'inputs.amount', 'request_id']
        const { rowCount, columns } = await store.columns({}, names)
        assert.equal(rowCount, 3)
        // Rows come in no set order: sort them by request id to compare.
        const requestIds = columns.get('request_id') as (string | null)[]
        const order = [0, 1, 2].sort((i, j) => requestIds[i]!.localeCompare(requestIds[j]!))
        const pick = (name: string) => order.map((i) => columns.get(name)![i])
        assert.deepEqual(pick('request_id'), ['c1', 'r1', 'r2'])
        assert.ok(columns.get('outputs.prediction') instanceof Float64Array)
        assert.deepEqual(pick('outputs.prediction'), [Number.NaN, 20, 5])
        assert.deepEqual(pick('inputs.amount'), [Number.NaN, 120, 5])
        assert.deepEqual(pick('outputs.label'), ['yes', null, null])
        assert.deepEqual(pick('inputs.region'), [null, null, 'eu'])
        const spend = await store.columns({ where: 'outputs.prediction > 10' }, ['outputs.prediction'])
        assert.deepEqual([...(spend.columns.get('outputs.prediction') as Float64Array)], [20])
      })
    })

    it('keeps the latest label per row (by time, then arrival), counting replaced and unmatched labels', async () => {
      await store.append([testRecord('a', 1), testRecord('a', 1, { row: 1 }), testRecord('b', 2)])
      const first = await store.appendFeedback([
        { requestId: 'a', label: 'yes', time: 1000 },
        { requestId: 'a', row: 1, label: 0, time: 1000 },
        { requestId: 'nope', label: 'yes', time: 1000 },
        { requestId: 'a', row: 7, label: 'yes', time: 1000 },
      ])
      assert.deepEqual(first, { accepted: 2, replaced: 0, unmatched: 2, unmatchedIds: ['nope', 'a'] })
      const second = await store.appendFeedback([
        { requestId: 'a', label: 'late but older', time: 500 },
        { requestId: 'a', row: 1, label: 1, time: 1000 },
        { requestId: 'b', label: true, time: 3000 },
        { requestId: 'b', label: false, time: 3000 },
      ])
      assert.deepEqual(second, { accepted: 4, replaced: 3, unmatched: 0, unmatchedIds: [] })
      const labelled = await store.labelled({ model: 'churn' })
      assert.deepEqual(
        labelled.map((l) => [l.record.requestId, l.record.row, l.label, l.labelTime]),
        [
          ['a', 0, 'yes', 1000],
          ['a', 1, 1, 1000],
          ['b', 0, false, 3000],
        ],
      )
      assert.deepEqual(labelled[0]!.record, testRecord('a', 1))
      assert.deepEqual(await store.appendFeedback([]), {
        accepted: 0,
        replaced: 0,
        unmatched: 0,
        unmatchedIds: [],
      })
    })

    it('joins labels by model, version and prediction time window', async () => {
      await store.append([
        testRecord('a', 1),
        testRecord('b', 2, { version: 4 }),
        testRecord('c', 90, { model: 'fraud' }),
        testRecord('d', 120),
      ])
      await store.appendFeedback(
        ['a', 'b', 'c', 'd'].map((requestId) => ({ requestId, label: 'yes', time: T0 })),
      )
      const labelled = async (query: Parameters<PredictionLogStore['labelled']>[0]) =>
        (await store.labelled(query)).map((l) => l.record.requestId).join('')
      assert.equal(await labelled({ model: 'churn' }), 'abd')
      assert.equal(await labelled({ model: 'churn', version: 4 }), 'b')
      assert.equal(await labelled({ model: 'churn', since: T0 + 2 * MINUTE, until: T0 + 120 * MINUTE }), 'b')
      assert.equal(await labelled({ model: 'fraud' }), 'c')
      await assert.rejects(() => store.labelled({ model: '' }), /model/)
    })

    it('refuses malformed records and labels, storing nothing of the call', async () => {
      await assert.rejects(
        () => store.append([testRecord('a', 1), testRecord('b', 2, { time: Number.NaN })]),
        (error: unknown) => error instanceof ShipyardError && /records\[1\]\.time/.test(error.message),
      )
      assert.equal(await store.count({}), 0)
      await assert.rejects(
        () => store.appendFeedback([{ requestId: 'a', row: -1, label: 'x', time: 1 }]),
        /labels\[0\]\.row/,
      )
    })

    it('returns columns as typed arrays: numbers, strings, record columns, a missing key all NaN', async () => {
      await store.append([
        testRecord('a', 1, { inputs: { age: 20, city: 'oslo', member: true }, latencyMs: 1 }),
        testRecord('b', 2, { inputs: { city: 'bergen', member: false }, latencyMs: 2 }),
        testRecord('c', 3, { inputs: { age: 40 }, model: 'fraud', latencyMs: 3 }),
      ])
      const names = [
        'inputs.age',
        'inputs.city',
        'inputs.member',
        'latency_ms',
        'time',
        'model',
        'inputs.none',
      ]
      const { rowCount, columns } = await store.columns({ model: 'churn' }, names)
      assert.equal(rowCount, 2)
      assert.deepEqual([...columns.keys()], names)
      // Rows come in no set order: sort them by latency to compare.
      const latency = columns.get('latency_ms') as Float64Array
      const order = [0, 1].sort((i, j) => latency[i]! - latency[j]!)
      const pick = (name: string) => order.map((i) => columns.get(name)![i])
      assert.ok(columns.get('inputs.age') instanceof Float64Array)
      assert.deepEqual(pick('inputs.age'), [20, Number.NaN])
      assert.deepEqual(pick('inputs.city'), ['oslo', 'bergen'])
      assert.deepEqual(pick('inputs.member'), ['true', 'false'])
      assert.deepEqual(pick('time'), [T0 + MINUTE, T0 + 2 * MINUTE])
      assert.deepEqual(pick('model'), ['churn', 'churn'])
      assert.deepEqual(pick('inputs.none'), [Number.NaN, Number.NaN])
      assert.ok(columns.get('inputs.none') instanceof Float64Array)
      const newest = await store.columns({ where: 'inputs.age > 0', limit: 1 }, ['inputs.age'])
      assert.deepEqual([...(newest.columns.get('inputs.age') as Float64Array)], [40])
      const none = await store.columns({ model: 'nobody' }, ['inputs.age', 'model'])
      assert.equal(none.rowCount, 0)
      assert.deepEqual(none.columns.get('inputs.age'), new Float64Array(0))
      assert.deepEqual(none.columns.get('model'), [])
      await assert.rejects(() => store.columns({}, ['agee']), /unknown column 'agee'/)
    })

    it('removes records older than maxAgeMs', async () => {
      const now = Date.now()
      const old = [0, 1].map((row) => testRecord('old', 0, { row, time: now - 5 * HOUR }))
      const young = testRecord('young', 0, { time: now - 60_000 })
      await store.append([...old, young])
      assert.equal(await store.enforceRetention({ maxAgeMs: 3 * HOUR }), 2)
      assert.deepEqual(ids(await store.search({})), ['young/0'])
      assert.equal(await store.enforceRetention({ maxAgeMs: 3 * HOUR }), 0)
    })

    it('removes the oldest records until under maxBytes', async () => {
      const now = Date.now()
      await store.append([
        testRecord('old', 0, { time: now - 5 * HOUR }),
        testRecord('older', 0, { time: now - 6 * HOUR }),
      ])
      const oldBytes = await store.storedBytes()
      await store.append([testRecord('young', 0, { time: now - 60_000 })])
      const total = await store.storedBytes()
      assert.ok(total > oldBytes && oldBytes > 0)
      assert.equal(await store.enforceRetention({ maxBytes: total }), 0)
      assert.equal(await store.enforceRetention({ maxBytes: total - oldBytes }), 2)
      assert.deepEqual(ids(await store.search({})), ['young/0'])
      assert.ok((await store.storedBytes()) <= total - oldBytes)
      await assert.rejects(() => store.enforceRetention({ maxBytes: -1 }), /maxBytes/)
    })
  })
}
