import type { FastifyInstance } from 'fastify'
import { registerRunModel } from '../../registry/index.js'
import { searchFiltered } from './filtered-search.js'
import { parseVersionFilter } from './registry-filter.js'
import type { RegistryRouteDeps } from './registry-model-routes.js'
import {
  maxResultsFromWire,
  REGISTRY_LARGEST_PAGE,
  REGISTRY_SEARCH_SCHEMA,
  type RegistrySearchParams,
} from './registry-search.js'
import { runModelSource } from './registry-source.js'
import { modelVersionToWire, versionFromWire } from './registry-wire.js'
import { invalidWireValue, recordFromWire, type WireInt64, type WireKeyValue } from './wire-mapping.js'
import { INT64, KEY_VALUE_LIST, requestSchema, STRING } from './wire-schemas.js'

interface ByVersion {
  readonly name: string
  readonly version: WireInt64
}

interface CreateBody {
  readonly name: string
  readonly source: string
  readonly run_id?: string
  readonly tags?: readonly WireKeyValue[]
  readonly run_link?: string
  readonly description?: string
}

const byVersion = requestSchema({ name: STRING, version: INT64 }, ['name', 'version'])

/** MLflow's default and largest `max_results` of `model-versions/search`: every match, in one page. */
const SEARCH_LIMIT = 200_000

/**
 * `model-versions/*`: create (from a tracked run), get, update, delete, search, get-download-uri and
 * tags, with MLflow's shapes. A version's number travels as a string and is taken as a string or a
 * number.
 */
export function registerRegistryVersionRoutes(app: FastifyInstance, deps: RegistryRouteDeps): void {
  const { registry, store } = deps

  app.post<{ Body: CreateBody }>(
    '/model-versions/create',
    {
      schema: {
        body: requestSchema(
          {
            name: STRING,
            source: STRING,
            run_id: STRING,
            tags: KEY_VALUE_LIST,
            run_link: STRING,
            description: STRING,
          },
          ['name', 'source'],
        ),
      },
    },
    async ({ body }) => {
      const { runId, artifactPath } = await runModelSource(store, body.source, body.run_id)
      const version = await registerRunModel(registry, store, deps.artifacts, {
        name: body.name,
        runId,
        ...(artifactPath === undefined ? {} : { artifactPath }),
        ...(body.description ? { description: body.description } : {}),
        tags: recordFromWire(body.tags),
      })
      return { model_version: modelVersionToWire(version) }
    },
  )

  app.get<{ Querystring: ByVersion }>(
    '/model-versions/get',
    { schema: { querystring: byVersion } },
    async ({ query }) => ({
      model_version: modelVersionToWire(
        await registry.getVersion(query.name, versionFromWire(query.version)),
      ),
    }),
  )

  app.patch<{ Body: ByVersion & { description?: string } }>(
    '/model-versions/update',
    {
      schema: {
        body: requestSchema({ name: STRING, version: INT64, description: STRING }, ['name', 'version']),
      },
    },
    async ({ body }) => {
      const version = versionFromWire(body.version)
      const updated =
        body.description === undefined
          ? await registry.getVersion(body.name, version)
          : await registry.updateVersion(body.name, version, { description: body.description })
      return { model_version: modelVersionToWire(updated) }
    },
  )

  app.delete<{ Body: ByVersion }>(
    '/model-versions/delete',
    { schema: { body: byVersion } },
    async ({ body }) => {
      await registry.deleteVersion(body.name, versionFromWire(body.version))
      return {}
    },
  )

  app.get<{ Querystring: RegistrySearchParams }>(
    '/model-versions/search',
    { schema: { querystring: REGISTRY_SEARCH_SCHEMA } },
    async ({ query }) => {
      checkVersionOrder(query.order_by)
      const maxResults = maxResultsFromWire(query.max_results, SEARCH_LIMIT, SEARCH_LIMIT)
      const filter = parseVersionFilter(query.filter)
      const page = await searchFiltered(
        (chunk) => registry.searchVersions({ ...filter.narrow, ...chunk }),
        filter.matches,
        { maxResults, pageToken: query.page_token || undefined, largestPage: REGISTRY_LARGEST_PAGE },
      )
      const model_versions = page.items.map(modelVersionToWire)
      return page.nextPageToken === undefined
        ? { model_versions }
        : { model_versions, next_page_token: page.nextPageToken }
    },
  )

  app.get<{ Querystring: ByVersion }>(
    '/model-versions/get-download-uri',
    { schema: { querystring: byVersion } },
    async ({ query }) => ({
      artifact_uri: (await registry.getVersion(query.name, versionFromWire(query.version))).artifactUri,
    }),
  )

  app.post<{ Body: ByVersion & WireKeyValue }>(
    '/model-versions/set-tag',
    {
      schema: {
        body: requestSchema({ name: STRING, version: INT64, key: STRING, value: STRING }, [
          'name',
          'version',
          'key',
          'value',
        ]),
      },
    },
    async ({ body }) => {
      await registry.setVersionTag(body.name, versionFromWire(body.version), body.key, body.value)
      return {}
    },
  )

  app.delete<{ Body: ByVersion & { key: string } }>(
    '/model-versions/delete-tag',
    {
      schema: {
        body: requestSchema({ name: STRING, version: INT64, key: STRING }, ['name', 'version', 'key']),
      },
    },
    async ({ body }) => {
      await registry.deleteVersionTag(body.name, versionFromWire(body.version), body.key)
      return {}
    },
  )
}

/**
 * Versions come newest first: within one model that is `version_number DESC`, which the MLflow UI
 * asks for, so that and `creation_timestamp DESC` are accepted; other orders are refused, not ignored.
 */
function checkVersionOrder(orderBy: readonly string[] | undefined): void {
  for (const clause of orderBy ?? []) {
    if (!/^\s*(version_number|creation_timestamp)\s+DESC\s*$/i.test(clause)) {
      throw invalidWireValue(
        'order_by',
        orderBy,
        `only 'version_number DESC' or 'creation_timestamp DESC' is supported (versions come newest first); got '${clause}'`,
      )
    }
  }
}
