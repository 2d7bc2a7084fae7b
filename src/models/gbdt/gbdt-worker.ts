/**
 * A GBDT worker thread: bins features on request, and during a training session runs the jobs the main
 * thread posts in its shared control block (see `worker-protocol.ts`) with the same functions the main
 * thread uses, so results do not depend on which thread computed them.
 */
import { parentPort } from 'node:worker_threads'
import { binRowStride, featureBins, fillBins } from './feature-bins.js'
import { buildHistogram, type HistogramData } from './histogram.js'
import { OBJECTIVES } from './objectives/objective-table.js'
import { partitionRange } from './partition-rows.js'
import { chunkLosses } from './row-tasks.js'
import {
  type BinRequest,
  JOB,
  type SessionRequest,
  SLOT,
  type WorkerReply,
  type WorkerRequest,
} from './worker-protocol.js'

const port = parentPort
if (port === null) throw new Error('gbdt-worker must run in a worker thread')
port.on('message', (request: WorkerRequest) => {
  if (request.type === 'bin') port.postMessage(reply(() => bin(request)))
  else runSession(request)
})

function reply<T>(work: () => T): WorkerReply<T> {
  try {
    return { ok: work() }
  } catch (error) {
    return { error: error instanceof Error ? (error.stack ?? error.message) : String(error) }
  }
}

function bin(request: BinRequest) {
  const categorical = new Set(request.categorical)
  return request.features.map((f) =>
    featureBins(request.values, request.width, f, request.sample, request.maxBins, categorical.has(f)),
  )
}

// Blocks this thread until the END job: the main thread is blocked on us meanwhile, so waiting on the
// control block is cheaper than a message round trip per job.
function runSession(s: SessionRequest): void {
  const control = s.control
  const objective = OBJECTIVES[s.params.objective](s.params)
  const data: HistogramData = {
    ...s,
    words: new Uint32Array(s.bins.buffer, s.bins.byteOffset, s.bins.length >>> 2),
    stride: binRowStride(s.width),
  }
  // Each session has a fresh control block, whose sequence starts at 0.
  let seq = 0
  for (;;) {
    Atomics.wait(control, SLOT.SEQ, seq)
    seq = Atomics.load(control, SLOT.SEQ)
    const job = control[SLOT.JOB]!
    const a = (i: number) => control[SLOT.ARGS + i]!
    try {
      switch (job) {
        case JOB.FILL_BINS:
          fillBins(
            s.values,
            s.rows,
            s.width,
            s.featureBins,
            a(0),
            a(1),
            s.bins,
            s.columns,
            s.positiveInfinity,
          )
          break
        case JOB.HISTOGRAM:
          buildHistogram(data, a(0), a(1), a(2), a(3), a(4), a(5), a(6), a(7))
          break
        case JOB.GRADIENTS:
          objective.gradients(s.scores, s.labels, s.weights, s.gh, a(0), a(1))
          break
        case JOB.PARTITION: {
          const column = s.columns.subarray(a(2) * s.rows, (a(2) + 1) * s.rows)
          control[SLOT.RESULT] = partitionRange(s.order, s.scratch, column, s.sides, a(0), a(1))
          break
        }
        case JOB.LOSS:
          chunkLosses(objective, s.scores, s.labels, s.weights, s.partials, a(0), a(1))
          break
      }
    } catch (error) {
      control[SLOT.FAILED] = 1
      port!.postMessage({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) })
    }
    Atomics.store(control, SLOT.DONE, seq)
    Atomics.notify(control, SLOT.DONE)
    if (job === JOB.END) return
  }
}
