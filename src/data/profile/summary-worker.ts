/**
 * The worker side of `SummaryPool`: summarises numeric columns that the main thread copied into this
 * worker's SharedArrayBuffer, with the same `summariseNumbers` as the in-process path, so results are
 * bit for bit the same.
 */
import { parentPort } from 'node:worker_threads'
import { summariseNumbers } from './numeric-summary.js'
import { SortScratch } from './sort-float64.js'
import type { SummaryRequest, SummaryResponse } from './summary-pool.js'

const scratch = new SortScratch()
const port = parentPort
if (port === null) throw new Error('summary-worker must run in a worker thread')
port.on('message', (request: SummaryRequest) => {
  let response: SummaryResponse
  try {
    const values = request.float32
      ? new Float32Array(request.buffer, 0, request.length)
      : new Float64Array(request.buffer, 0, request.length)
    response = { summary: summariseNumbers(values, scratch, request.bins) }
  } catch (error) {
    response = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) }
  }
  port.postMessage(response)
})
