import type { FastifyInstance } from 'fastify'
import { ShipyardError } from '../shared/index.js'

/**
 * Starts `app` listening and returns its URL; a port already taken is a clear
 * `INVALID_PARAMETER_VALUE` naming the port and `--port`, not Node's EADDRINUSE. Shared by
 * `shipyard server` and `shipyard serve`.
 */
export async function listenOn(app: FastifyInstance, host: string, port: number): Promise<string> {
  try {
    return await app.listen({ host, port })
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EADDRINUSE') throw error
    throw new ShipyardError(
      'INVALID_PARAMETER_VALUE',
      `port ${port} on ${host} is already in use; stop what holds it or pick another with --port`,
      { details: { field: 'port', port }, cause: error },
    )
  }
}

/**
 * The next SIGINT or SIGTERM. The handlers are removed once it arrives, so a second signal during
 * shutdown ends the process at once (the default action).
 */
export function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve(signal)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}
