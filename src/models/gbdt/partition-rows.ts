/**
 * Stable partitioning of a leaf's rows by a split, LightGBM's DataPartition: rows going left are
 * compacted in place at the start of the range, rows going right are written to `scratch` at the same
 * offsets; `joinPartition` then lays the pieces out as [left rows..., right rows...]. Threads may
 * partition disjoint sub-ranges; the joined result is the same as one thread's.
 */

/** Whether each bin of the split feature goes left (1) or right (0), missing bin included. */
export type BinSides = Uint8Array

/**
 * Partitions `order[begin..end)` by `goesLeft[column[row]]`: left rows to `order[begin..)`, right rows
 * to `scratch[begin..)`. Returns the left count. Each row is written to both sides and only one cursor
 * advances, so there is no branch on the (unpredictable) direction.
 */
export function partitionRange(
  order: Int32Array,
  scratch: Int32Array,
  column: Uint8Array,
  goesLeft: BinSides,
  begin: number,
  end: number,
): number {
  let l = begin
  let r = begin
  for (let i = begin; i < end; i++) {
    const row = order[i]!
    const left = goesLeft[column[row]!]!
    order[l] = row
    scratch[r] = row
    l += left
    r += 1 - left
  }
  return l - begin
}

/**
 * Joins sub-ranges partitioned by `partitionRange`: range t starts at `starts[t]` (ranges are
 * contiguous, ending at `end`) with `lefts[t]` left rows. Returns the total left count.
 */
export function joinPartition(
  order: Int32Array,
  scratch: Int32Array,
  starts: readonly number[],
  lefts: readonly number[],
  end: number,
): number {
  let at = starts[0]!
  for (let t = 0; t < starts.length; t++) {
    order.copyWithin(at, starts[t]!, starts[t]! + lefts[t]!)
    at += lefts[t]!
  }
  const leftCount = at - starts[0]!
  for (let t = 0; t < starts.length; t++) {
    const rightStart = starts[t]!
    const rightEnd = (t + 1 < starts.length ? starts[t + 1]! : end) - lefts[t]!
    order.set(scratch.subarray(rightStart, rightEnd), at)
    at += rightEnd - rightStart
  }
  return leftCount
}
