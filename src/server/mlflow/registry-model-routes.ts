import type { FastifyInstance } from 'fastify'
import type { ModelRegistry, ModelVersion, RegisteredModel } from '../../registry/index.js'
import { searchFiltered } from './filtered-search.js'
import type { MlflowRouteDeps } from './mlflow-routes.js'
import { parseModelFilter } from './registry-filter.js'
import {
  maxResultsFromWire,
  REGISTRY_LARGEST_PAGE,
  REGISTRY_SEARCH_SCHEMA,
  type RegistrySearchParams,
} from './registry-search.js'
import {
  modelVersionToWire,
  NONE_STAGE,
  registeredModelToWire,
  versionFromWire,
  type WireRegisteredModel,
} from './registry-wire.js'
import { invalidWireValue, recordFromWire, type WireInt64, type WireKeyValue } from './wire-mapping.js'
import { INT64, KEY_VALUE_LIST, requestSchema, STRING, STRING_LIST } from './wire-schemas.js'

/** The MLflow routes' dependencies, with the registry they need. */
export type RegistryRouteDeps = MlflowRouteDeps & { readonly registry: ModelRegistry }

interface ByName {
  readonly name: string
}

const byName = requestSchema({ name: STRING }, ['name'])
const byAlias = requestSchema({ name: STRING, alias: STRING }, ['name', 'alias'])
const latestVersionsSchema = requestSchema({ name: STRING, stages: STRING_LIST }, ['name'])

/** MLflow's default and largest `max_results` of `registered-models/search`. */
const SEARCH_DEFAULT = 100
const SEARCH_LIMIT = 1000

/**
 * `registered-models/*`: create, get, rename, update, delete, search, get-latest-versions, tags and
 * aliases (`registered-models/alias`: POST sets, DELETE deletes, GET resolves), with MLflow's shapes.
 * Stages do not exist in Shipyard (aliases replace them): every version is in stage `None`.
 */
export function registerRegistryModelRoutes(app: FastifyInstance, { registry }: RegistryRouteDeps): void {
  const wire = async (model: RegisteredModel): Promise<WireRegisteredModel> =>
    registeredModelToWire(model, await latestVersion(registry, model.name))

  app.post<{ Body: ByName & { tags?: readonly WireKeyValue[]; description?: string } }>(
    '/registered-models/create',
    {
      schema: { body: requestSchema({ name: STRING, tags: KEY_VALUE_LIST, description: STRING }, ['name']) },
    },
    async ({ body }) => {
      const model = await registry.createModel({
        name: body.name,
        tags: recordFromWire(body.tags),
        ...(body.description === undefined ? {} : { description: body.description }),
      })
      return { registered_model: registeredModelToWire(model, undefined) }
    },
  )

  app.get<{ Querystring: ByName }>(
    '/registered-models/get',
    { schema: { querystring: byName } },
    async ({ query }) => ({
      registered_model: await wire(await registry.getModel(query.name)),
    }),
  )

  app.post<{ Body: ByName & { new_name: string } }>(
    '/registered-models/rename',
    { schema: { body: requestSchema({ name: STRING, new_name: STRING }, ['name', 'new_name']) } },
    async ({ body }) => ({
      registered_model: await wire(await registry.renameModel(body.name, body.new_name)),
    }),
  )

  app.patch<{ Body: ByName & { description?: string } }>(
    '/registered-models/update',
    { schema: { body: requestSchema({ name: STRING, description: STRING }, ['name']) } },
    async ({ body }) => {
      // An absent description leaves it as it is (MLflow would clear it).
      const model =
        body.description === undefined
          ? await registry.getModel(body.name)
          : await registry.updateModel(body.name, { description: body.description })
      return { registered_model: await wire(model) }
    },
  )

  app.delete<{ Body: ByName }>(
    '/registered-models/delete',
    { schema: { body: byName } },
    async ({ body }) => {
      await registry.deleteModel(body.name)
      return {}
    },
  )

  app.get<{ Querystring: RegistrySearchParams }>(
    '/registered-models/search',
    { schema: { querystring: REGISTRY_SEARCH_SCHEMA } },
    async ({ query }) => {
      checkModelOrder(query.order_by)
      const maxResults = maxResultsFromWire(query.max_results, SEARCH_DEFAULT, SEARCH_LIMIT)
      const filter = parseModelFilter(query.filter)
      const page = await searchFiltered(
        (chunk) => registry.searchModels({ ...filter.narrow, ...chunk }),
        filter.matches,
        // An empty token is what some clients send for the first page.
        { maxResults, pageToken: query.page_token || undefined, largestPage: REGISTRY_LARGEST_PAGE },
      )
      const registered_models = await Promise.all(page.items.map(wire))
      return page.nextPageToken === undefined
        ? { registered_models }
        : { registered_models, next_page_token: page.nextPageToken }
    },
  )

  const latestVersions = async (params: ByName & { stages?: readonly string[] }) => {
    await registry.getModel(params.name)
    const wanted = params.stages ?? []
    const inNone =
      wanted.length === 0 || wanted.some((stage) => stage.toLowerCase() === NONE_STAGE.toLowerCase())
    const latest = inNone ? await latestVersion(registry, params.name) : undefined
    return { model_versions: latest === undefined ? [] : [modelVersionToWire(latest)] }
  }
  app.post<{ Body: ByName & { stages?: readonly string[] } }>(
    '/registered-models/get-latest-versions',
    { schema: { body: latestVersionsSchema } },
    ({ body }) => latestVersions(body),
  )
  app.get<{ Querystring: ByName & { stages?: readonly string[] } }>(
    '/registered-models/get-latest-versions',
    { schema: { querystring: latestVersionsSchema } },
    ({ query }) => latestVersions(query),
  )

  app.post<{ Body: ByName & WireKeyValue }>(
    '/registered-models/set-tag',
    {
      schema: { body: requestSchema({ name: STRING, key: STRING, value: STRING }, ['name', 'key', 'value']) },
    },
    async ({ body }) => {
      await registry.setModelTag(body.name, body.key, body.value)
      return {}
    },
  )

  app.delete<{ Body: ByName & { key: string } }>(
    '/registered-models/delete-tag',
    { schema: { body: requestSchema({ name: STRING, key: STRING }, ['name', 'key']) } },
    async ({ body }) => {
      await registry.deleteModelTag(body.name, body.key)
      return {}
    },
  )

  app.post<{ Body: ByName & { alias: string; version: WireInt64 } }>(
    '/registered-models/alias',
    {
      schema: {
        body: requestSchema({ name: STRING, alias: STRING, version: INT64 }, ['name', 'alias', 'version']),
      },
    },
    async ({ body }) => {
      await registry.setAlias(body.name, body.alias, versionFromWire(body.version))
      return {}
    },
  )

  app.delete<{ Body: ByName & { alias: string } }>(
    '/registered-models/alias',
    { schema: { body: byAlias } },
    async ({ body }) => {
      await registry.deleteAlias(body.name, body.alias)
      return {}
    },
  )

  app.get<{ Querystring: ByName & { alias: string } }>(
    '/registered-models/alias',
    { schema: { querystring: byAlias } },
    async ({ query }) => ({
      model_version: modelVersionToWire(await registry.resolve(query.name, query.alias)),
    }),
  )
}

/** The newest version of a model that still exists, if any. */
async function latestVersion(registry: ModelRegistry, name: string): Promise<ModelVersion | undefined> {
  return (await registry.searchVersions({ name, maxResults: 1 })).items[0]
}

/** Models come by name, as the MLflow UI asks by default; other orders are refused, not ignored. */
function checkModelOrder(orderBy: readonly string[] | undefined): void {
  for (const clause of orderBy ?? []) {
    if (!/^\s*name(\s+ASC)?\s*$/i.test(clause)) {
      throw invalidWireValue(
        'order_by',
        orderBy,
        `only 'name ASC' is supported (models come by name); got '${clause}'`,
      )
    }
  }
}
