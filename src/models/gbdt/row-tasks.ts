import type { Objective } from './objectives/objective.js'
import { LOSS_CHUNK } from './worker-protocol.js'

/** The row-parallel work of a round, on the workspace's scores. */
export interface RowTasks {
  /** Writes the workspace's gradients and hessians from its scores, for every row. */
  gradients(): void
  /** The weighted training loss over every row, summed by fixed chunks (the same for any thread count). */
  lossSum(): number
}

/** Loss partial sums of chunks `[chunkBegin, chunkEnd)` of `LOSS_CHUNK` rows into `partials`. */
export function chunkLosses(
  objective: Objective,
  scores: Float64Array,
  labels: Float64Array,
  weights: Float64Array | undefined,
  partials: Float64Array,
  chunkBegin: number,
  chunkEnd: number,
): void {
  const rows = labels.length
  for (let c = chunkBegin; c < chunkEnd; c++) {
    partials[c] = objective.lossSum(
      scores,
      labels,
      weights,
      c * LOSS_CHUNK,
      Math.min(rows, (c + 1) * LOSS_CHUNK),
    )
  }
}

/** The sum of `partials`, in order. */
export function sumPartials(partials: Float64Array): number {
  let sum = 0
  for (let c = 0; c < partials.length; c++) sum += partials[c]!
  return sum
}
