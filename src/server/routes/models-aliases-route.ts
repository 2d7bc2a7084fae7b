import type { AliasChange, ModelRegistry } from '../../registry/index.js'
import { ShipyardError } from '../../shared/index.js'
import { defineRoute, type NativeRoute } from '../native-route.js'
import {
  aliasChangeBodySchema,
  aliasChangeQuerySchema,
  aliasEventSchema,
  aliasHistorySchema,
  modelAliasParamsSchema,
  modelVersionSchema,
  resolveAliasQuerySchema,
  setAliasBodySchema,
} from '../schemas/model-schemas.js'
import { json, ok } from './json-responses.js'
import { encodeVersion, instantFromQuery } from './models-wire.js'

type ByAlias = { Params: { name: string; alias: string } }

/**
 * `/models/{name}/aliases/{alias}`: set or move, delete, resolve (now or at a past time), history
 * and rollback. Every change answers the `AliasEvent` it recorded; `user` and `reason` go into it.
 */
export function modelAliasRoutes(registry: ModelRegistry): readonly NativeRoute[] {
  const tag = 'model aliases'
  const params = modelAliasParamsSchema
  return [
    defineRoute<ByAlias & { Body: AliasChange & { version: number } }>({
      method: 'PUT',
      url: '/models/:name/aliases/:alias',
      operationId: 'setAlias',
      summary: 'Points an alias at a version (sets it, or moves it atomically).',
      tag,
      params,
      body: json(setAliasBodySchema),
      responses: ok('The change, as recorded in the history.', aliasEventSchema),
      handler: async ({ params: { name, alias }, body: { version, ...change } }) =>
        registry.setAlias(name, alias, version, change),
    }),
    defineRoute<ByAlias & { Querystring: AliasChange }>({
      method: 'DELETE',
      url: '/models/:name/aliases/:alias',
      operationId: 'deleteAlias',
      summary: 'Deletes an alias; the deletion is kept in its history.',
      tag,
      params,
      querystring: aliasChangeQuerySchema,
      responses: ok('The change, as recorded in the history.', aliasEventSchema),
      handler: async ({ params: { name, alias }, query }) => registry.deleteAlias(name, alias, query),
    }),
    defineRoute<ByAlias & { Querystring: { at?: string } }>({
      method: 'GET',
      url: '/models/:name/aliases/:alias',
      operationId: 'resolveAlias',
      summary:
        'The version an alias names now (`latest` and `v<N>` too), or with `at` the version it named at that time.',
      tag,
      params,
      querystring: resolveAliasQuerySchema,
      responses: ok('The version.', modelVersionSchema),
      handler: async ({ params: { name, alias }, query }) => {
        if (query.at === undefined) return encodeVersion(await registry.resolve(name, alias))
        const time = instantFromQuery(query.at)
        const version = await registry.aliasAt(name, alias, time)
        if (version === null) throw pointedNowhere(name, alias, time)
        return encodeVersion(await registry.getVersion(name, version))
      },
    }),
    defineRoute<ByAlias>({
      method: 'GET',
      url: '/models/:name/aliases/:alias/history',
      operationId: 'aliasHistory',
      summary:
        'Every change of an alias, oldest first: who moved it, when, from which version to which, why.',
      tag,
      params,
      responses: ok('The changes.', aliasHistorySchema),
      handler: async ({ params: { name, alias } }) => ({ events: await registry.aliasHistory(name, alias) }),
    }),
    defineRoute<ByAlias & { Body: AliasChange }>({
      method: 'POST',
      url: '/models/:name/aliases/:alias/rollback',
      operationId: 'rollbackAlias',
      summary: 'Moves an alias back to the version it pointed at before its last change.',
      tag,
      params,
      body: json(aliasChangeBodySchema),
      responses: ok('The change, as recorded in the history (reason `rollback`).', aliasEventSchema),
      handler: async ({ params: { name, alias }, body }) => registry.rollback(name, alias, body),
    }),
  ]
}

function pointedNowhere(name: string, alias: string, time: number): ShipyardError {
  const at = new Date(time).toISOString()
  return new ShipyardError(
    'RESOURCE_DOES_NOT_EXIST',
    `alias '${alias}' of registered model '${name}' pointed at no version at ${at}`,
    { details: { model: name, alias, at: time } },
  )
}
