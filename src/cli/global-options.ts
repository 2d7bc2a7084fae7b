import type { Command } from 'commander'
import type { Shipyard } from '../sdk/index.js'
import { type ConfigFlags, loadConfig, type ShipyardConfig, ShipyardError } from '../shared/index.js'
import type { Experiment, TrackingStore } from '../tracking/index.js'

/** The options every command accepts: where the data is, and whether output is for machines. */
export interface GlobalOptions extends ConfigFlags {
  /** Machine output: one JSON document on stdout, JSON errors on stderr. */
  readonly json: boolean
}

/** Declares the global options on the root command; commander accepts them before or after a subcommand. */
export function addGlobalOptions(program: Command): Command {
  return program
    .option(
      '--home <dir>',
      'Shipyard home: SQLite file and artifacts (env SHIPYARD_HOME; default ./.shipyard)',
    )
    .option(
      '--database-url <url>',
      'metadata database: a SQLite path or postgres://... (env SHIPYARD_DATABASE_URL)',
    )
    .option(
      '--tracking-uri <uri>',
      'talk to a Shipyard server instead of the local store (env SHIPYARD_TRACKING_URI)',
    )
    .option('--json', 'print machine-readable JSON on stdout')
}

/** The global options as seen from `command` (a subcommand sees its ancestors' options). */
export function globalOptions(command: Command): GlobalOptions {
  const all = command.optsWithGlobals<{
    home?: string
    databaseUrl?: string
    trackingUri?: string
    json?: boolean
  }>()
  return {
    home: all.home,
    databaseUrl: all.databaseUrl,
    trackingUri: all.trackingUri,
    json: all.json === true,
  }
}

/** The configuration the global options and `SHIPYARD_*` variables resolve to (see `loadConfig`). */
export function configFor(options: GlobalOptions): ShipyardConfig {
  return loadConfig({
    home: options.home,
    databaseUrl: options.databaseUrl,
    trackingUri: options.trackingUri,
  })
}

/**
 * Opens the SDK on the configured backend, runs `work`, and closes it whatever happens. When `work`
 * fails, its error is the one reported: a failure to close after it would only hide the cause.
 */
export async function withShipyard<T>(
  options: GlobalOptions,
  work: (shipyard: Shipyard) => Promise<T>,
): Promise<T> {
  // Loaded on use: the SDK pulls in the database drivers, which `--help` and usage errors do not need.
  const { Shipyard } = await import('../sdk/index.js')
  const shipyard = await Shipyard.open({
    home: options.home,
    databaseUrl: options.databaseUrl,
    trackingUri: options.trackingUri,
  })
  let result: T
  try {
    result = await work(shipyard)
  } catch (error) {
    await shipyard.close().catch(() => undefined)
    throw error
  }
  await shipyard.close()
  return result
}

/**
 * The experiment a user named on the command line: by id when the text is an id that exists,
 * otherwise by name. Throws `RESOURCE_DOES_NOT_EXIST` naming the text when neither matches.
 */
export async function resolveExperiment(store: TrackingStore, idOrName: string): Promise<Experiment> {
  if (/^\d+$/.test(idOrName)) {
    const byId = await orMissing(store.getExperiment(idOrName))
    if (byId) return byId
  }
  const byName = await orMissing(store.getExperimentByName(idOrName))
  if (byName) return byName
  throw new ShipyardError(
    'RESOURCE_DOES_NOT_EXIST',
    `experiment '${idOrName}' does not exist (no experiment has that id or name; see \`shipyard experiments list\`)`,
    { details: { experiment: idOrName } },
  )
}

async function orMissing<T>(lookup: Promise<T>): Promise<T | undefined> {
  try {
    return await lookup
  } catch (error) {
    if (error instanceof ShipyardError && error.code === 'RESOURCE_DOES_NOT_EXIST') return undefined
    throw error
  }
}

/** Where the configuration points, for people: `SQLite /path`, `PostgreSQL postgres://u:***@h/db` or a server URL. */
export function describeTarget(config: ShipyardConfig): string {
  if (config.trackingUri !== null) return `server ${config.trackingUri}`
  if (config.database.kind === 'sqlite') return `SQLite ${config.database.path}`
  return `PostgreSQL ${config.database.url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')}`
}
