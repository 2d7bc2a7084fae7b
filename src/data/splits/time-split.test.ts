import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Random } from '../../shared/index.js'
import { Dataset } from '../dataset.js'
import { assertHoldoutPartition, shipyardError } from './testing/split-assertions.js'
import { timeSplit } from './time-split.js'

const DAY = 86_400_000
const START = Date.UTC(2024, 0, 1)

// 500 rows over 100 days in random order, many rows sharing a day (ties), plus a numeric step column.
function timeline(missingAt: number[] = []): Dataset {
  const rng = new Random(12)
  const ts = Float64Array.from({ length: 500 }, () => START + rng.nextInt(100) * DAY)
  for (const row of missingAt) ts[row] = Number.NaN
  return Dataset.fromColumns([
    { name: 'ts', type: 'datetime', values: ts },
    { name: 'step', type: 'numeric', values: Float32Array.from(ts, (t) => (t - START) / DAY) },
    { name: 'city', type: 'categorical', codes: new Int32Array(500), dictionary: ['x'] },
  ])
}

function range(values: ArrayLike<number>, rows: Int32Array): [number, number] {
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  for (const row of rows) {
    min = Math.min(min, values[row]!)
    max = Math.max(max, values[row]!)
  }
  return [min, max]
}

describe('timeSplit', () => {
  it('puts every train row strictly before the cutoff and every test row at or after it', () => {
    const data = timeline()
    const ts = (data.column('ts') as { values: Float64Array }).values
    const cutoff = START + 70 * DAY
    for (const spec of [
      { cutoff: '2024-03-11' },
      { cutoff: '2024-03-11T00:00:00Z' },
      { cutoff: '2024-03-11T01:00:00+01:00' },
      { cutoff },
    ]) {
      const split = timeSplit(data, { kind: 'time', column: 'ts', ...spec })
      assertHoldoutPartition(split, 500)
      assert.equal(split.report.cutoff, cutoff)
      assert.ok(range(ts, split.train)[1] < cutoff)
      assert.equal(range(ts, split.test)[0], cutoff)
    }
  })

  it('takes the latest rows for a test fraction, keeping ties on the test side', () => {
    const data = timeline()
    const ts = (data.column('ts') as { values: Float64Array }).values
    const split = timeSplit(data, { kind: 'time', column: 'ts', testFraction: 0.2 })
    assertHoldoutPartition(split, 500)
    assert.ok(range(ts, split.train)[1] < range(ts, split.test)[0])
    assert.equal(range(ts, split.test)[0], split.report.cutoff)
    assert.ok(split.test.length >= 100 && split.test.length < 115, `test rows ${split.test.length}`)
  })

  it('splits a numeric time column the same way', () => {
    const data = timeline()
    const byDate = timeSplit(data, { kind: 'time', column: 'ts', cutoff: START + 30 * DAY })
    const byStep = timeSplit(data, { kind: 'time', column: 'step', cutoff: 30 })
    assert.deepEqual(byStep.test, byDate.test)
    assert.throws(
      () => timeSplit(data, { kind: 'time', column: 'step', cutoff: '2024-02-01' }),
      shipyardError('INVALID_PARAMETER_VALUE', /cutoff: column 'step' is numeric: give a number/),
    )
  })

  it('refuses missing times by default, naming the column, the count and the first row', () => {
    assert.throws(
      () => timeSplit(timeline([41, 7, 300]), { kind: 'time', column: 'ts', testFraction: 0.2 }),
      shipyardError(
        'INVALID_PARAMETER_VALUE',
        /column: 'ts' has 3 missing values \(first at row 7\); set missing: 'drop'/,
      ),
    )
  })

  it("with missing: 'drop', leaves rows without a time out of both parts and reports them", () => {
    const split = timeSplit(timeline([41, 7, 300]), {
      kind: 'time',
      column: 'ts',
      cutoff: '2024-02-15',
      missing: 'drop',
    })
    assertHoldoutPartition(split, 500)
    assert.deepEqual(Array.from(split.excluded), [7, 41, 300])
    assert.equal(split.report.excluded, 3)
  })

  it('names the empty side, the cutoff and the range', () => {
    assert.throws(
      () => timeSplit(timeline(), { kind: 'time', column: 'ts', cutoff: '2023-06-01' }),
      shipyardError(
        'INVALID_PARAMETER_VALUE',
        /cutoff 2023-06-01T00:00:00.000Z \(values run from 2024-01-01T00:00:00.000Z to 2024-04-09T00:00:00.000Z\): the train side would be empty/,
      ),
    )
    assert.throws(
      () => timeSplit(timeline(), { kind: 'time', column: 'step', cutoff: 1000 }),
      shipyardError('INVALID_PARAMETER_VALUE', /the test side would be empty/),
    )
    const sameTime = Dataset.fromColumns([
      { name: 't', type: 'numeric', values: new Float64Array(10).fill(5) },
    ])
    assert.throws(
      () => timeSplit(sameTime, { kind: 'time', column: 't', testFraction: 0.3 }),
      shipyardError('INVALID_PARAMETER_VALUE', /at cutoff 5 .*the train side would be empty/),
    )
  })

  it('refuses a wrong column, both or neither of cutoff and fraction, and a zone-less time', () => {
    const data = timeline()
    assert.throws(
      () => timeSplit(data, { kind: 'time', column: 'city', cutoff: 1 }),
      shipyardError(
        'INVALID_PARAMETER_VALUE',
        /column 'city' is categorical; time split needs a datetime or numeric/,
      ),
    )
    assert.throws(
      () => timeSplit(data, { kind: 'time', column: 'when', cutoff: 1 }),
      shipyardError('INVALID_PARAMETER_VALUE', /no column 'when'/),
    )
    assert.throws(
      () => timeSplit(data, { kind: 'time', column: 'ts' }),
      shipyardError('INVALID_PARAMETER_VALUE', /exactly one of cutoff and testFraction/),
    )
    assert.throws(
      () => timeSplit(data, { kind: 'time', column: 'ts', cutoff: 1, testFraction: 0.2 }),
      shipyardError('INVALID_PARAMETER_VALUE', /exactly one of cutoff and testFraction/),
    )
    assert.throws(
      () => timeSplit(data, { kind: 'time', column: 'ts', cutoff: '2024-03-01T00:00:00' }),
      shipyardError('INVALID_PARAMETER_VALUE', /cutoff: must be an ISO-8601 date .* with a zone/),
    )
  })
})
