// The worker thread behind `WorkerAppender`: owns a prediction log store and appends what it is sent.
import { parentPort, workerData } from 'node:worker_threads'
import { openPredictionLog } from './open-prediction-log.js'
import type { AppenderReply, AppenderRequest, AppenderSetup } from './worker-appender.js'

const port = parentPort!
const setup = workerData as AppenderSetup
const opened = openPredictionLog(setup.config, setup.embedded)
const answer = (reply: AppenderReply) => port.postMessage(reply)

port.on('message', (request: AppenderRequest) => {
  opened
    .then(async (store) => {
      if (request.kind === 'append') await store.append(request.records)
      else await store.close()
      answer({ id: request.id })
      if (request.kind === 'close') port.close()
    })
    .catch((error: unknown) =>
      answer({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
    )
})
