import pg from 'pg'
import { ALIAS_CHANNEL } from '../registry/index.js'
import type { AliasSubscription } from './redis-alias-subscription.js'
import type { ServingLog } from './serving-log.js'

/** Waits between reconnection attempts once the LISTEN connection is lost. */
const RECONNECT_DELAY_MS = 2000

/**
 * LISTENs on the registry's `ALIAS_CHANNEL` (the store sends a NOTIFY with every alias change) on its
 * own connection, and calls `onNotice` for every notification. A lost connection is logged and
 * reopened every few seconds until `close`; meanwhile the caller's poll carries on. Resolves once
 * listening, or, when the database cannot be reached, at once (it keeps trying behind).
 */
export async function listenPostgresAliases(
  url: string,
  onNotice: () => void,
  log: ServingLog,
): Promise<AliasSubscription> {
  let client: pg.Client | null = null
  let closed = false
  let listenedBefore = false
  let retry: NodeJS.Timeout | undefined

  const reconnectLater = (error: unknown) => {
    if (closed || retry) return
    log.warn(
      { err: error, channel: ALIAS_CHANNEL },
      'PostgreSQL alias notifications lost; polling carries on',
    )
    retry = setTimeout(() => {
      retry = undefined
      void connect()
    }, RECONNECT_DELAY_MS)
    retry.unref()
  }

  // Only the connection in use may start a reconnection: a dropped one's late events are ignored.
  const lost = (from: pg.Client, error: unknown) => {
    if (client !== from) return
    client = null
    from.end().catch(() => undefined)
    reconnectLater(error)
  }

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url })
    next.on('notification', (message) => {
      if (message.channel === ALIAS_CHANNEL) onNotice()
    })
    next.on('error', (error) => lost(next, error))
    next.on('end', () => lost(next, new Error('the LISTEN connection ended')))
    try {
      await next.connect()
      await next.query(`LISTEN ${ALIAS_CHANNEL}`)
    } catch (error) {
      await next.end().catch(() => undefined)
      reconnectLater(error)
      return
    }
    if (closed) {
      await next.end()
      return
    }
    client = next
    // A change may have slipped by while no connection listened: look once.
    if (listenedBefore) onNotice()
    listenedBefore = true
  }

  await connect()
  return {
    close: async () => {
      closed = true
      clearTimeout(retry)
      const last = client
      client = null
      await last?.end().catch(() => undefined)
    },
  }
}
