import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Random } from '../../shared/index.js'
import type { ColumnValues } from './drift-columns.js'
import { driftReport } from './drift-report.js'
import type { CategoricalFeatureDrift, NumericFeatureDrift } from './feature-drift.js'
import { buildReferenceProfile } from './reference-profile.js'
import { assertNear, categoryValues, normalValues } from './testing/drift-fixtures.js'

const CITIES = ['oslo', 'lima', 'pune', 'kyiv']
const CITY_SHARES = [0.4, 0.3, 0.2, 0.1]

const rng = new Random(7)
const reference = buildReferenceProfile({
  features: [
    { name: 'age', kind: 'numeric', values: normalValues(rng, 20_000, 40, 10) },
    { name: 'income', kind: 'numeric', values: normalValues(rng, 20_000, 3, 1) },
    { name: 'city', kind: 'categorical', values: categoryValues(rng, 20_000, CITIES, CITY_SHARES) },
    { name: 'member', kind: 'categorical', values: categoryValues(rng, 20_000, ['yes', 'no'], [0.3, 0.7]) },
    {
      name: 'children',
      kind: 'numeric',
      values: Float64Array.from({ length: 20_000 }, () => rng.nextInt(3)),
    },
  ],
  prediction: {
    name: 'probability',
    kind: 'numeric',
    values: Float64Array.from({ length: 20_000 }, () => rng.nextFloat()),
  },
})

/** A live window from the reference distributions, with `age` moved by `ageShift` std and city shares replaced. */
function window(seed: number, n: number, ageShift = 0, cityShares = CITY_SHARES): Map<string, ColumnValues> {
  const r = new Random(seed)
  return new Map<string, ColumnValues>([
    ['age', normalValues(r, n, 40 + 10 * ageShift, 10)],
    ['income', normalValues(r, n, 3, 1)],
    ['city', categoryValues(r, n, CITIES, cityShares)],
    ['member', categoryValues(r, n, ['yes', 'no'], [0.3, 0.7])],
    ['children', Float64Array.from({ length: n }, () => r.nextInt(3))],
    ['probability', Float64Array.from({ length: n }, () => r.nextFloat())],
  ])
}

const byName = (report: ReturnType<typeof driftReport>, name: string) =>
  report.features.find((f) => f.name === name)!

describe('driftReport', () => {
  it('detects a mean shift of half a standard deviation and moved category shares, on small and large windows', () => {
    for (const [n, numericMethod, categoryMethod] of [
      [500, 'ks', 'chisquare'],
      [5000, 'wasserstein', 'jensenshannon'],
    ] as const) {
      const report = driftReport(reference, window(1, n, 0.5, [0.2, 0.3, 0.2, 0.3]))
      const age = byName(report, 'age')
      const city = byName(report, 'city')
      assert.deepEqual(
        [age.status, age.method, city.status, city.method],
        ['drift', numericMethod, 'drift', categoryMethod],
      )
      for (const name of ['income', 'member', 'children'])
        assert.equal(byName(report, name).status, 'ok', `${name} at ${n}`)
      assert.deepEqual([report.driftedFeatures, report.share, report.drifted], [2, 0.4, false])
      if (n === 5000) assertNear(age.statistic!, 0.5, 0.06) // normed Wasserstein ≈ the shift in std
    }
  })

  it('chooses as Evidently: Z for binary, chi-square for few-valued numbers, JS above 1000 rows', () => {
    const small = driftReport(reference, window(2, 800))
    assert.deepEqual(
      small.features.map((f) => f.method),
      ['ks', 'ks', 'chisquare', 'ztest', 'chisquare'],
    )
    const large = driftReport(reference, window(2, 1001))
    assert.deepEqual(
      large.features.map((f) => f.method),
      ['wasserstein', 'wasserstein', 'jensenshannon', 'jensenshannon', 'jensenshannon'],
    )
  })

  it('reports histograms on the reference bins, missing rates, moments and unseen categories', () => {
    const live = window(3, 2000)
    const age = live.get('age') as Float64Array
    for (let i = 0; i < 500; i++) age[i] = Number.NaN
    live.set('city', [...(live.get('city') as string[]).slice(0, 1900), ...new Array(100).fill('rome')])
    const report = driftReport(reference, live)
    const ageDrift = byName(report, 'age') as NumericFeatureDrift
    assert.equal(ageDrift.kind, 'numeric')
    assert.equal(ageDrift.cuts.length, 9)
    assert.equal(ageDrift.reference.proportions.length, 10)
    assert.equal(ageDrift.live.proportions.length, 10)
    assertNear(
      ageDrift.live.proportions.reduce((a, b) => a + b),
      1,
      1e-12,
    )
    assert.deepEqual(
      [ageDrift.live.rows, ageDrift.live.missingRate, ageDrift.reference.missingRate],
      [2000, 0.25, 0],
    )
    assertNear(ageDrift.live.mean!, 40, 1)
    assertNear(ageDrift.live.std!, 10, 1)
    const city = byName(report, 'city') as CategoricalFeatureDrift
    assert.deepEqual(city.categories, ['oslo', 'lima', 'pune', 'kyiv'])
    assert.equal(city.unseenRate, 0.05)
    assertNear(city.live.proportions[4]!, 0.05, 1e-15) // "other"
    assert.equal(city.status, 'drift') // 5 % of values where the reference had none
    assert.deepEqual(JSON.parse(JSON.stringify(report)), report)
  })

  it('warns on PSI alone when the test sees no drift, and PSI never declares drift under auto', () => {
    // 40 rows from the reference distribution: PSI's chance level is about (bins − 1)/n ≈ 0.2.
    const report = driftReport(reference, window(4, 40))
    const age = byName(report, 'age')
    assert.ok(age.psi! >= 0.1, `psi ${age.psi}`)
    assert.deepEqual([age.method, age.drifted, age.status], ['ks', false, 'warn'])
    const calm = driftReport(reference, window(4, 40), { features: { age: { psiWarn: age.psi! + 0.01 } } })
    assert.equal(byName(calm, 'age').status, 'ok')
  })

  it('takes per-feature methods and thresholds, over defaults', () => {
    const live = window(5, 3000, 0.5)
    const report = driftReport(reference, live, {
      defaults: { method: 'psi' },
      features: { age: { method: 'ks', threshold: 1e-50 }, city: { method: 'unseen' } },
    })
    assert.deepEqual(
      report.features.map((f) => [f.method, f.threshold]),
      [
        ['ks', 1e-50],
        ['psi', 0.2],
        ['unseen', 0.05],
        ['psi', 0.2],
        ['psi', 0.2],
      ],
    )
    // KS of a 0.5 std shift on 3000 vs 10,000 values: D ≈ 0.2, p ≈ 1e-78.
    assert.equal(report.features[0]!.drifted, true)
    const strict = driftReport(reference, live, { features: { age: { method: 'ks', threshold: 1e-100 } } })
    assert.equal(strict.features[0]!.drifted, false)
    assert.equal(report.features[2]!.statistic, 0)
  })

  it('tests the prediction without counting it in the dataset share', () => {
    const live = window(6, 3000)
    live.set(
      'probability',
      Float64Array.from({ length: 3000 }, () => 0.5 + new Random(1).nextFloat() / 2),
    )
    const report = driftReport(reference, live, { driftShare: 0.2 })
    assert.equal(report.prediction?.status, 'drift')
    assert.deepEqual([report.driftedFeatures, report.drifted], [0, false])
    const shifted = driftReport(reference, window(6, 3000, 0.5), { driftShare: 0.2 })
    assert.deepEqual([shifted.share, shifted.drifted], [0.2, true])
  })

  it('samples large windows reproducibly, and each seed differently', () => {
    const live = window(8, 30_000, 0.1)
    const a = byName(driftReport(reference, live, { sampleSize: 2000 }), 'age').statistic
    assert.equal(byName(driftReport(reference, live, { sampleSize: 2000 }), 'age').statistic, a)
    assert.notEqual(byName(driftReport(reference, live, { sampleSize: 2000, seed: 1 }), 'age').statistic, a)
  })

  it('has no statistic when a side holds no present value', () => {
    const live = window(9, 100)
    live.set('income', new Float64Array(100).fill(Number.NaN))
    const income = byName(driftReport(reference, live), 'income') as NumericFeatureDrift
    assert.deepEqual(
      [income.status, income.statistic, income.psi, income.live.mean],
      ['ok', null, null, null],
    )
    assert.equal(income.live.missingRate, 1)
  })

  it('refuses missing columns, wrong value types, unknown features and methods, and bad thresholds', () => {
    const live = window(10, 50)
    const code = { code: 'INVALID_PARAMETER_VALUE' }
    const without = new Map(live)
    without.delete('income')
    assert.throws(() => driftReport(reference, without), /live: has no column 'income'/)
    assert.throws(
      () => driftReport(reference, new Map(live).set('age', ['1', '2'])),
      /age: is a numeric feature/,
    )
    assert.throws(() => driftReport(reference, live, { features: { agee: {} } }), /did you mean 'age'/)
    assert.throws(
      () => driftReport(reference, live, { features: { city: { method: 'ks' } } }),
      /'ks' does not apply to a categorical feature; use 'auto' or one of psi, chisquare, ztest, jensenshannon, unseen/,
    )
    assert.throws(() => driftReport(reference, live, { defaults: { method: 'kl' as 'ks' } }), code)
    assert.throws(
      () => driftReport(reference, live, { defaults: { threshold: 0 } }),
      /threshold: must be a positive number/,
    )
    assert.throws(() => driftReport(reference, live, { driftShare: 0 }), code)
    assert.throws(() => driftReport(reference, live, { sampleSize: 0 }), code)
  })
})
