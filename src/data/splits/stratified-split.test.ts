import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Random } from '../../shared/index.js'
import type { Column } from '../column.js'
import { Dataset } from '../dataset.js'
import { stratifiedSplit } from './stratified-split.js'
import { assertHoldoutPartition, shipyardError } from './testing/split-assertions.js'

const DICTIONARY = ['a', 'b', 'c', 'd', 'e']
// Stratum sizes: a 50, b 30, c 7, d 2, e 1 (a singleton), missing 10; shuffled so strata interleave.
function labelled(seed = 3): Dataset {
  const codes: number[] = []
  ;[50, 30, 7, 2, 1].forEach((size, code) => {
    for (let i = 0; i < size; i++) codes.push(code)
  })
  for (let i = 0; i < 10; i++) codes.push(-1)
  const shuffled = new Random(seed).shuffleInPlace(Int32Array.from(codes))
  return Dataset.fromColumns([
    { name: 'label', type: 'categorical', codes: shuffled, dictionary: DICTIONARY },
    { name: 'note', type: 'text', values: Array.from(shuffled, (c) => `n${c}`) },
  ])
}

function testCountsByCode(data: Dataset, test: Int32Array): Map<number, number> {
  const column = data.column('label') as Extract<Column, { type: 'categorical' }>
  const counts = new Map<number, number>()
  for (const row of test) counts.set(column.codes[row]!, (counts.get(column.codes[row]!) ?? 0) + 1)
  return counts
}

describe('stratifiedSplit', () => {
  it('keeps every stratum within one row of its share, missing labels included', () => {
    const data = labelled()
    for (const testFraction of [0.1, 0.2, 0.35, 0.5, 0.8]) {
      const split = stratifiedSplit(data, { kind: 'stratified', column: 'label', testFraction, seed: 9 })
      assertHoldoutPartition(split, data.rowCount)
      assert.equal(split.test.length, Math.round(testFraction * data.rowCount))
      const counts = testCountsByCode(data, split.test)
      const sizes = new Map([
        [0, 50],
        [1, 30],
        [2, 7],
        [3, 2],
        [4, 1],
        [-1, 10],
      ])
      for (const [code, size] of sizes) {
        const got = counts.get(code) ?? 0
        assert.ok(
          Math.abs(got - testFraction * size) < 1,
          `code ${code}: ${got} of ${size} at ${testFraction}`,
        )
      }
      assert.equal(split.report.strata, 6)
      assert.equal(split.report.singletonStrata, 1)
    }
  })

  it('puts every stratum of two rows or more on both sides when the budget allows', () => {
    const data = labelled()
    const split = stratifiedSplit(data, { kind: 'stratified', column: 'label', testFraction: 0.15, seed: 1 })
    // floors 7 + 4 + 1 + 0 + 0 + 1 = 13 of 15: 'd' (2 rows, share 0.3) gets a leftover row before
    // the strata with remainder 0.5 do
    assert.equal(testCountsByCode(data, split.test).get(3), 1)
  })

  it('sends a one-row stratum wholly to one side, by a seeded draw near the fraction', () => {
    const data = labelled()
    let inTest = 0
    for (let seed = 0; seed < 200; seed++) {
      const split = stratifiedSplit(data, { kind: 'stratified', column: 'label', testFraction: 0.5, seed })
      inTest += testCountsByCode(data, split.test).get(4) ?? 0
    }
    // share 0.5 of one row competes for a leftover row with the 7-row stratum (share 3.5)
    assert.ok(inTest > 60 && inTest < 140, `singleton in test ${inTest} of 200 times`)
  })

  it('is reproducible, and a different seed picks different rows', () => {
    const data = labelled()
    const spec = { kind: 'stratified', column: 'label', testFraction: 0.3, seed: 4 } as const
    assert.deepEqual(stratifiedSplit(data, spec).test, stratifiedSplit(data, spec).test)
    assert.notDeepEqual(stratifiedSplit(data, spec).test, stratifiedSplit(data, { ...spec, seed: 5 }).test)
  })

  it('stratifies on boolean and numeric labels (NaN is its own stratum)', () => {
    const n = 103
    const flag = Int8Array.from({ length: n }, (_, i) => (i % 10 === 0 ? -1 : i % 3 === 0 ? 1 : 0))
    const grade = Float64Array.from({ length: n }, (_, i) => (i % 17 === 0 ? Number.NaN : i % 4))
    const data = Dataset.fromColumns([
      { name: 'flag', type: 'boolean', values: flag },
      { name: 'grade', type: 'numeric', values: grade },
    ])
    const bySide = (values: ArrayLike<number>, test: Int32Array, key: (v: number) => string) => {
      const m = new Map<string, number>()
      for (const row of test) m.set(key(values[row]!), (m.get(key(values[row]!)) ?? 0) + 1)
      return m
    }
    for (const [column, values] of [
      ['flag', flag],
      ['grade', grade],
    ] as const) {
      const split = stratifiedSplit(data, { kind: 'stratified', column, testFraction: 0.25, seed: 2 })
      assertHoldoutPartition(split, n)
      const all = bySide(
        values,
        Int32Array.from({ length: n }, (_, i) => i),
        String,
      )
      const test = bySide(values, split.test, String)
      for (const [key, size] of all)
        assert.ok(Math.abs((test.get(key) ?? 0) - 0.25 * size) < 1, `${column}=${key}`)
      assert.equal(split.report.strata, all.size)
    }
  })

  it('refuses an unknown column, naming it and the columns there are', () => {
    assert.throws(
      () => stratifiedSplit(labelled(), { kind: 'stratified', column: 'lable', testFraction: 0.2, seed: 1 }),
      shipyardError('INVALID_PARAMETER_VALUE', /column: no column 'lable'; the dataset has 'label', 'note'/),
    )
  })

  it('refuses a text column', () => {
    assert.throws(
      () => stratifiedSplit(labelled(), { kind: 'stratified', column: 'note', testFraction: 0.2, seed: 1 }),
      shipyardError(
        'INVALID_PARAMETER_VALUE',
        /column 'note' is text; stratified split needs a categorical or boolean or numeric/,
      ),
    )
  })

  it('refuses a fraction that leaves a side empty', () => {
    assert.throws(
      () =>
        stratifiedSplit(labelled(), { kind: 'stratified', column: 'label', testFraction: 0.001, seed: 1 }),
      shipyardError('INVALID_PARAMETER_VALUE', /test side would be empty/),
    )
  })
})
