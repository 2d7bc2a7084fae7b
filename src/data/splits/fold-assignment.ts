import { invalidValue, Random, ShipyardError } from '../../shared/index.js'
import { type Column, columnLength } from '../column.js'
import { denseCodes, rowsByCode } from './dense-codes.js'
import { checkColumnType, checkSeed, iota } from './partition.js'

const WHAT = 'k-fold split'

/** What `assignFolds` needs: no dataset, so feature steps can call it on a frame's columns. */
export interface FoldAssignmentOptions {
  readonly rowCount: number
  readonly k: number
  readonly seed: number
  /** Keep each stratum's share in every fold (categorical, boolean or numeric label). */
  readonly stratify?: Column
  /** Keep each group in one fold (categorical, numeric or text id). */
  readonly group?: Column
}

/**
 * Each row's fold, 0..k-1, seeded and reproducible (the same options give the same array on any
 * machine). Every fold gets at least one row.
 *
 * - Plain: rows in a seeded random order are dealt round-robin; fold sizes differ by at most one.
 * - Stratified: each stratum's rows, shuffled, are dealt round-robin, continuing from where the
 *   previous stratum stopped: every stratum's count per fold differs by at most one, and so do the
 *   fold sizes. A stratum with fewer than k rows is simply absent from some folds. Missing labels
 *   form one stratum.
 * - Grouped: groups, largest first (equal sizes in seeded order), each go to the fold with fewest
 *   rows so far (lowest index on ties); no group spans two folds. Missing ids form one group.
 *
 * Errors (`INVALID_PARAMETER_VALUE`): k not an integer in [2, rows] (naming both); both `stratify`
 * and `group`; a column of the wrong type or length; fewer groups than k.
 */
export function assignFolds(options: FoldAssignmentOptions): Int32Array {
  const { rowCount: n, k, seed, stratify, group } = options
  checkSeed(seed)
  if (!Number.isInteger(k) || k < 2 || k > n) {
    throw new ShipyardError(
      'INVALID_PARAMETER_VALUE',
      `k: must be an integer from 2 to the row count (${n}), got ${String(k)}`,
      { details: { field: 'k', k, rows: n } },
    )
  }
  if (stratify && group) throw invalidValue('groupBy', 'give at most one of stratifyBy and groupBy')
  const rng = new Random(seed).fork(WHAT)
  if (stratify) return stratifiedFolds(checkLength(stratify, n, 'stratifyBy'), k, rng)
  if (group) return groupedFolds(checkLength(group, n, 'groupBy'), k, rng)
  const order = rng.shuffleInPlace(iota(n))
  const foldOf = new Int32Array(n)
  for (let p = 0; p < n; p++) foldOf[order[p]!] = p % k
  return foldOf
}

function stratifiedFolds(column: Column, k: number, rng: Random): Int32Array {
  const dense = denseCodes(checkColumnType(column, 'stratifyBy', ['categorical', 'boolean', 'numeric'], WHAT))
  const { rows, offsets } = rowsByCode(dense)
  const foldOf = new Int32Array(rows.length)
  let dealt = 0
  for (let s = 0; s < dense.count; s++) {
    const stratum = rng.shuffleInPlace(rows.subarray(offsets[s]!, offsets[s + 1]!))
    for (let i = 0; i < stratum.length; i++) foldOf[stratum[i]!] = dealt++ % k
  }
  return foldOf
}

function groupedFolds(column: Column, k: number, rng: Random): Int32Array {
  const { codes, count, sizes } = denseCodes(
    checkColumnType(column, 'groupBy', ['categorical', 'numeric', 'text'], WHAT),
  )
  if (count < k) {
    throw new ShipyardError(
      'INVALID_PARAMETER_VALUE',
      `groupBy: column '${column.name}' has ${count} groups; ${k} folds need at least ${k}`,
      { details: { field: 'groupBy', column: column.name, groups: count, k } },
    )
  }
  const order = bySizeDescending(rng.shuffleInPlace(iota(count)), sizes, codes.length)
  const load = new Float64Array(k)
  const groupFold = new Int32Array(count)
  for (let i = 0; i < count; i++) {
    const g = order[i]!
    let best = 0
    for (let f = 1; f < k; f++) if (load[f]! < load[best]!) best = f
    groupFold[g] = best
    load[best]! += sizes[g]!
  }
  const foldOf = new Int32Array(codes.length)
  for (let i = 0; i < codes.length; i++) foldOf[i] = groupFold[codes[i]!]!
  return foldOf
}

// A stable counting sort of `groups` by size, largest first: keeps the seeded order among equals.
function bySizeDescending(groups: Int32Array, sizes: Int32Array, maxSize: number): Int32Array {
  const starts = new Int32Array(maxSize + 2)
  for (let i = 0; i < groups.length; i++) starts[maxSize - sizes[groups[i]!]! + 1]!++
  for (let s = 1; s < starts.length; s++) starts[s]! += starts[s - 1]!
  const out = new Int32Array(groups.length)
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!
    out[starts[maxSize - sizes[g]!]!++] = g
  }
  return out
}

function checkLength(column: Column, n: number, field: string): Column {
  if (columnLength(column) !== n) {
    throw invalidValue(field, `column '${column.name}' has ${columnLength(column)} values; rowCount is ${n}`)
  }
  return column
}
