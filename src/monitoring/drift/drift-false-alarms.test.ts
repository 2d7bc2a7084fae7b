import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Random } from '../../shared/index.js'
import type { ColumnValues, DriftColumn } from './drift-columns.js'
import { driftReport } from './drift-report.js'
import { buildReferenceProfile } from './reference-profile.js'
import { categoryValues, normalValues } from './testing/drift-fixtures.js'

/**
 * Windows drawn from the reference distribution must not raise drift: the defaults' false-alarm
 * rate, measured over 100 seeds. 10 numeric features of assorted shapes (skewed, bounded, with
 * missing values, few-valued) and 3 categorical ones.
 */
const SEEDS = 100

function features(rng: Random, n: number): DriftColumn[] {
  const numbers = (name: string, values: Float64Array): DriftColumn => ({ name, kind: 'numeric', values })
  const withMissing = normalValues(rng, n, 5, 2)
  for (let i = 0; i < n; i++) if (rng.nextFloat() < 0.05) withMissing[i] = Number.NaN
  return [
    numbers('normal', normalValues(rng, n)),
    numbers('wide', normalValues(rng, n, 1e6, 1e5)),
    numbers('lognormal', normalValues(rng, n).map(Math.exp)),
    numbers(
      'uniform',
      Float64Array.from({ length: n }, () => rng.nextFloat()),
    ),
    numbers(
      'exponential',
      Float64Array.from({ length: n }, () => -Math.log(1 - rng.nextFloat())),
    ),
    numbers('missing', withMissing),
    numbers(
      'integers',
      Float64Array.from({ length: n }, () => rng.nextInt(30)),
    ),
    numbers(
      'dice',
      Float64Array.from({ length: n }, () => 1 + rng.nextInt(6)),
    ),
    numbers(
      'flag',
      Float64Array.from({ length: n }, () => (rng.nextFloat() < 0.2 ? 1 : 0)),
    ),
    numbers(
      'bimodal',
      normalValues(rng, n).map((v) => v + (rng.nextFloat() < 0.5 ? 6 : 0)),
    ),
    { name: 'city', kind: 'categorical', values: categoryValues(rng, n, ['a', 'b', 'c'], [0.5, 0.3, 0.2]) },
    {
      name: 'product',
      kind: 'categorical',
      values: categoryValues(
        rng,
        n,
        'abcdefghij'.split(''),
        [0.3, 0.2, 0.1, 0.1, 0.1, 0.05, 0.05, 0.04, 0.03, 0.03],
      ),
    },
    { name: 'member', kind: 'categorical', values: categoryValues(rng, n, ['yes', 'no'], [0.1, 0.9]) },
  ]
}

const reference = buildReferenceProfile({ features: features(new Random(1000), 50_000) })

/** Per feature (and for the dataset), the share of seeds whose window of `n` rows is reported `drift`. */
function falseAlarmRates(n: number): { perFeature: Map<string, number>; dataset: number } {
  const perFeature = new Map(reference.features.map((f) => [f.name, 0]))
  let dataset = 0
  for (let seed = 0; seed < SEEDS; seed++) {
    const live = new Map<string, ColumnValues>(features(new Random(seed), n).map((c) => [c.name, c.values]))
    const report = driftReport(reference, live)
    if (report.drifted) dataset++
    for (const f of report.features)
      if (f.status === 'drift') perFeature.set(f.name, perFeature.get(f.name)! + 1)
  }
  return {
    perFeature: new Map([...perFeature].map(([name, count]) => [name, count / SEEDS])),
    dataset: dataset / SEEDS,
  }
}

describe('drift false alarms at the default thresholds', () => {
  it('fire in fewer than 5 % of same-distribution windows of 5,000 rows, per feature and for the dataset', () => {
    const { perFeature, dataset } = falseAlarmRates(5000)
    assert.ok(dataset < 0.05, `dataset drift in ${dataset * 100} % of windows`)
    for (const [name, rate] of perFeature)
      assert.ok(rate < 0.05, `${name} drifted in ${rate * 100} % of windows`)
  })

  it('match the p-value threshold on windows of 500 rows, where the tests are KS, chi-square and Z', () => {
    // Under no drift a p-value test fires at its level (5 %) or, with ties, less: over 1,300 tests
    // the rate must stay near 5 % (binomial sd 0.6 %), and the dataset (half the features) never drifts.
    const { perFeature, dataset } = falseAlarmRates(500)
    const overall = [...perFeature.values()].reduce((a, b) => a + b) / perFeature.size
    assert.ok(overall > 0.01 && overall < 0.08, `overall rate ${overall * 100} %`)
    for (const [name, rate] of perFeature)
      assert.ok(rate < 0.15, `${name} drifted in ${rate * 100} % of windows`)
    assert.equal(dataset, 0)
  })
})
