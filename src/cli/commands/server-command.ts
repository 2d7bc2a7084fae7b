import type { Command } from 'commander'
import type { FastifyInstance } from 'fastify'
import type { CliIo } from '../cli-io.js'
import { integerIn } from '../flag-values.js'
import { configFor, describeTarget, globalOptions } from '../global-options.js'
import { listenOn, nextSignal } from '../http-listening.js'
import { printJson } from '../output/json-output.js'

/**
 * `shipyard server`: serves the configured store and model registry (the Shipyard API and the MLflow
 * REST API, registry routes included) until SIGINT or SIGTERM, then closes gracefully: stops
 * listening, lets requests in flight finish, and closes the store and the registry. Prints the URL once listening (`{ url, store }` with `--json`). A second signal
 * during shutdown ends the process at once (the default action, as the handler is gone).
 */
export function registerServerCommand(program: Command, io: CliIo): void {
  program
    .command('server')
    .description('serve the tracking store and model registry over HTTP (Shipyard API and MLflow REST API)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0: any free port)', integerIn('port', 0, 65_535), 5000)
    .action(async (options: { host: string; port: number }, command: Command) => {
      const global = globalOptions(command)
      const loaded = configFor(global)
      if (loaded.trackingUri !== null) {
        // A server in front of another server would also loop forever if the URI named itself.
        io.stderr.write(
          `note: ignoring the tracking URI ${loaded.trackingUri}; the server serves the local store\n`,
        )
      }
      const config = { ...loaded, trackingUri: null }
      // Loaded on use, so that the other commands do not pay for Fastify at start-up.
      const [{ openBackend }, { buildServer }, { openPredictionLog }] = await Promise.all([
        import('../../sdk/index.js'),
        import('../../server/index.js'),
        import('../../monitoring/index.js'),
      ])
      const backend = await openBackend(config)
      // Read only here: the servers that write the log compact it.
      const predictions = await openPredictionLog(config, { autoCompact: false })
      const close = async () => {
        await predictions.close()
        await backend.close()
      }
      let app: FastifyInstance
      let url: string
      try {
        app = await buildServer({
          store: backend.store,
          artifacts: backend.artifacts,
          registry: backend.registry,
          predictions,
        })
        url = await listenOn(app, options.host, options.port)
      } catch (error) {
        await close().catch(() => undefined)
        throw error
      }
      if (global.json) printJson(io.stdout, { url, store: describeTarget(config) })
      else {
        io.stdout.write(`Shipyard server listening on ${url}\n`)
        io.stderr.write(
          `store: ${describeTarget(config)}\nMLflow clients: MLFLOW_TRACKING_URI=${url}\nstop with Ctrl+C\n`,
        )
      }
      const signal = await nextSignal()
      io.stderr.write(`${signal}: shutting down\n`)
      try {
        await app.close()
      } finally {
        await close()
      }
    })
}
