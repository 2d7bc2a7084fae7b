import assert from 'node:assert/strict'
import { ShipyardError } from '../../../shared/index.js'
import type { Fold, HoldoutSplit, KFoldSplit } from '../split.js'

/** Asserts the `HoldoutSplit` contract: each part strictly ascending, disjoint, together all `rows`. */
export function assertHoldoutPartition(split: HoldoutSplit, rows: number): void {
  const seen = new Uint8Array(rows)
  for (const part of [split.train, split.test, split.excluded]) {
    for (let i = 0; i < part.length; i++) {
      if (i > 0) assert.ok(part[i - 1]! < part[i]!, `part not strictly ascending at ${i}`)
      assert.equal(seen[part[i]!], 0, `row ${part[i]} is in two parts`)
      seen[part[i]!] = 1
    }
  }
  assert.equal(split.train.length + split.test.length + split.excluded.length, rows)
  assert.ok(split.train.length > 0 && split.test.length > 0)
  assert.deepEqual(
    [split.report.rows, split.report.train, split.report.test, split.report.excluded],
    [rows, split.train.length, split.test.length, split.excluded.length],
  )
}

/** Asserts the `KFoldSplit` contract: validation folds partition the rows; train is the complement. */
export function assertKFoldPartition(split: KFoldSplit, rows: number): void {
  assert.equal(split.folds.length, split.k)
  const count = new Int32Array(rows)
  split.folds.forEach((fold: Fold, f) => {
    assert.ok(fold.validation.length > 0 && fold.train.length > 0)
    assert.equal(fold.train.length + fold.validation.length, rows)
    const inValidation = new Uint8Array(rows)
    for (let i = 0; i < fold.validation.length; i++) {
      const row = fold.validation[i]!
      if (i > 0) assert.ok(fold.validation[i - 1]! < row)
      assert.equal(split.foldOf[row], f)
      inValidation[row] = 1
      count[row]!++
    }
    for (let i = 0; i < fold.train.length; i++) {
      if (i > 0) assert.ok(fold.train[i - 1]! < fold.train[i]!)
      assert.equal(
        inValidation[fold.train[i]!],
        0,
        `row ${fold.train[i]} in train and validation of fold ${f}`,
      )
    }
  })
  assert.ok(
    count.every((c) => c === 1),
    'every row is in exactly one validation fold',
  )
}

/** A matcher for `assert.throws`: a `ShipyardError` with `code` whose message matches every pattern. */
export function shipyardError(code: string, ...patterns: RegExp[]): (e: unknown) => boolean {
  return (e) => {
    assert.ok(e instanceof ShipyardError, `expected a ShipyardError, got ${String(e)}`)
    assert.equal(e.code, code)
    for (const p of patterns) assert.match(e.message, p)
    return true
  }
}
