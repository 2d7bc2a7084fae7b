import { isAbsolute, join, resolve } from 'node:path'
import { ShipyardError } from './errors.js'

/** Where metadata lives: an embedded SQLite file or a PostgreSQL server. */
export type DatabaseTarget =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string }

/** Shipyard's whole configuration, resolved once at start. */
export interface ShipyardConfig {
  /** Root of everything embedded: the SQLite file and the artifact folder. */
  readonly home: string
  readonly database: DatabaseTarget
  /** Root folder of the local artifact store. */
  readonly artifactRoot: string
  /** When set, the SDK and CLI talk to this server instead of opening the stores themselves. */
  readonly trackingUri: string | null
  /** Redis for the shared prediction cache, alias-change notifications and job queues; null: in-process only. */
  readonly redisUrl: string | null
}

/** Values given on a command line; each overrides its environment variable. */
export interface ConfigFlags {
  readonly home?: string | undefined
  readonly databaseUrl?: string | undefined
  readonly trackingUri?: string | undefined
  readonly redisUrl?: string | undefined
}

/**
 * Resolves the configuration from flags, then `SHIPYARD_*` variables, then defaults:
 * `SHIPYARD_HOME` (default `./.shipyard`), `SHIPYARD_DATABASE_URL` (default `$SHIPYARD_HOME/shipyard.db`;
 * `postgres://` or `postgresql://` selects PostgreSQL; `sqlite:` prefix or a plain path selects SQLite),
 * `SHIPYARD_TRACKING_URI` (`http(s)://host:port`), `SHIPYARD_REDIS_URL` (`redis://host:port[/db]`). Throws `SHIPYARD_CONFIG_INVALID` naming the variable.
 */
export function loadConfig(
  flags: ConfigFlags = {},
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd: string = process.cwd(),
): ShipyardConfig {
  const home = resolve(cwd, pick(flags.home, env.SHIPYARD_HOME, '--home', 'SHIPYARD_HOME') ?? '.shipyard')
  const databaseUrl = pick(
    flags.databaseUrl,
    env.SHIPYARD_DATABASE_URL,
    '--database-url',
    'SHIPYARD_DATABASE_URL',
  )
  const trackingUri = pick(
    flags.trackingUri,
    env.SHIPYARD_TRACKING_URI,
    '--tracking-uri',
    'SHIPYARD_TRACKING_URI',
  )
  const redisUrl = pick(flags.redisUrl, env.SHIPYARD_REDIS_URL, '--redis-url', 'SHIPYARD_REDIS_URL')
  return {
    home,
    database: parseDatabaseUrl(
      databaseUrl ?? join(home, 'shipyard.db'),
      cwd,
      sourceName(flags.databaseUrl, '--database-url', 'SHIPYARD_DATABASE_URL'),
    ),
    artifactRoot: join(home, 'artifacts'),
    trackingUri:
      trackingUri === undefined
        ? null
        : parseTrackingUri(
            trackingUri,
            sourceName(flags.trackingUri, '--tracking-uri', 'SHIPYARD_TRACKING_URI'),
          ),
    redisUrl:
      redisUrl === undefined
        ? null
        : parseRedisUrl(redisUrl, sourceName(flags.redisUrl, '--redis-url', 'SHIPYARD_REDIS_URL')),
  }
}

function sourceName(flag: string | undefined, flagName: string, envName: string): string {
  return flag === undefined ? envName : flagName
}

function pick(flag: string | undefined, envValue: string | undefined, flagName: string, envName: string) {
  const value = flag ?? envValue
  if (value === undefined) return undefined
  if (value.trim() === '') {
    throw invalidConfig(sourceName(flag, flagName, envName), 'is set but empty; unset it or give a value')
  }
  return value.trim()
}

/** Parses a database URL or path; a relative SQLite path is taken from `cwd`. */
export function parseDatabaseUrl(
  value: string,
  cwd: string,
  source = 'SHIPYARD_DATABASE_URL',
): DatabaseTarget {
  if (/^postgres(ql)?:\/\//i.test(value)) {
    try {
      const url = new URL(value)
      if (!url.hostname && !url.searchParams.get('host')) throw new Error('no host')
    } catch {
      throw invalidConfig(
        source,
        `'${value}' is not a valid PostgreSQL URL (expected postgres://user@host:5432/db)`,
      )
    }
    return { kind: 'postgres', url: value }
  }
  const path = value.replace(/^sqlite:(\/\/)?/i, '')
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    throw invalidConfig(
      source,
      `'${value}' has an unsupported scheme; use postgres://…, sqlite:PATH or a file path`,
    )
  }
  if (path === '') throw invalidConfig(source, 'names no SQLite file')
  return { kind: 'sqlite', path: isAbsolute(path) ? path : resolve(cwd, path) }
}

function parseTrackingUri(value: string, source: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw invalidConfig(source, `'${value}' is not a URL (expected http://host:port)`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalidConfig(source, `'${value}' must use http:// or https://`)
  }
  return value.replace(/\/+$/, '')
}

function invalidConfig(name: string, message: string): ShipyardError {
  return new ShipyardError('SHIPYARD_CONFIG_INVALID', `${name} ${message}`, { details: { variable: name } })
}

function parseRedisUrl(value: string, source: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw invalidConfig(source, `is not a URL: '${value}' (expected redis://host:port)`)
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw invalidConfig(source, `must start with redis:// or rediss://, got '${value}'`)
  }
  return value
}
