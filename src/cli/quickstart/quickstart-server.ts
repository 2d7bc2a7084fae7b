import { VersionModels } from '../../explain/index.js'
import { type PredictionLogStore, PredictionLogWriter } from '../../monitoring/index.js'
import { parseModelRoute } from '../../registry/index.js'
import type { Shipyard } from '../../sdk/index.js'
import { buildInferenceServer } from '../../serving/index.js'
import { type ErrorBody, ShipyardError } from '../../shared/index.js'

/** POSTs a JSON body to the running server and reads its JSON answer; an error status throws the server's error, rebuilt. */
export type PostJson = <T>(path: string, body: unknown) => Promise<T>

/**
 * Serves `route` (`churn@production`) on a free local port as `shipyard serve` does: every answered
 * prediction goes to `log` through a `PredictionLogWriter`, `POST /v1/feedback` stores labels in it,
 * and `:explain` explains with the trained model behind the version. Runs `work` with a client that
 * talks to it over HTTP, then stops the server and closes the writer, which appends what it still
 * holds: when this resolves, every request `work` made is in `log`. The caller owns `log`.
 */
export async function withLoggingServer<T>(
  shipyard: Shipyard,
  log: PredictionLogStore,
  route: string,
  work: (post: PostJson) => Promise<T>,
): Promise<T> {
  const writer = new PredictionLogWriter(log)
  const server = await buildInferenceServer({
    registry: shipyard.registry,
    routes: [parseModelRoute(route, 'model')],
    versionModels: new VersionModels({ tracking: shipyard.store, artifacts: shipyard.artifacts }),
    predictionLog: writer,
    feedbackStore: log,
  })
  try {
    const url = await server.app.listen({ host: '127.0.0.1', port: 0 })
    await server.start()
    return await work(async <R>(path: string, body: unknown): Promise<R> => {
      const answer = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      const json = (await answer.json()) as unknown
      if (!answer.ok) throw ShipyardError.fromBody(json as Partial<ErrorBody>, answer.status)
      return json as R
    })
  } finally {
    await server.app.close()
    await writer.close()
  }
}
