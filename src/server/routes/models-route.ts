import type { CreateModelInput, ModelRegistry } from '../../registry/index.js'
import { defineRoute, type NativeRoute } from '../native-route.js'
import { keyValueSchema } from '../schemas/common-schemas.js'
import {
  createModelBodySchema,
  modelDetailSchema,
  modelNameParamsSchema,
  registeredModelPageSchema,
  registeredModelSchema,
  searchModelsQuerySchema,
  updateModelBodySchema,
} from '../schemas/model-schemas.js'
import { keyQuerySchema } from '../schemas/run-schemas.js'
import { created, json, NO_CONTENT, ok } from './json-responses.js'
import { modelDetail, tagsFromQuery } from './models-wire.js'

type ByName = { Params: { name: string } }

interface SearchModelsParams {
  readonly nameLike?: string
  readonly tag?: readonly string[]
  readonly maxResults?: number
  readonly pageToken?: string
}

/** How many versions `GET /models/{name}` summarises; the rest page through `/versions`. */
const DETAIL_VERSIONS = 100

/**
 * `/models`: search, create, read, update, delete and tag registered models, one route per
 * `ModelRegistry` method. The name is a path segment (URL-encode it); registry names cannot hold
 * `/`, but `.` and `..` would not survive URL normalisation, so such names are reachable only
 * through the MLflow API, which carries names in bodies and query strings.
 */
export function modelRoutes(registry: ModelRegistry): readonly NativeRoute[] {
  const tag = 'models'
  const params = modelNameParamsSchema
  return [
    defineRoute<{ Querystring: SearchModelsParams }>({
      method: 'GET',
      url: '/models',
      operationId: 'searchModels',
      summary: 'Lists registered models by name, filtered by a LIKE pattern and tags.',
      tag,
      querystring: searchModelsQuerySchema,
      responses: ok('A page of registered models.', registeredModelPageSchema),
      handler: async ({ query }) => {
        const tags = tagsFromQuery(query.tag)
        return registry.searchModels({
          ...(query.nameLike === undefined ? {} : { nameLike: query.nameLike }),
          ...(tags === undefined ? {} : { tags }),
          ...(query.maxResults === undefined ? {} : { maxResults: query.maxResults }),
          ...(query.pageToken === undefined ? {} : { pageToken: query.pageToken }),
        })
      },
    }),
    defineRoute<{ Body: CreateModelInput }>({
      method: 'POST',
      url: '/models',
      operationId: 'createModel',
      summary: 'Creates a registered model without versions; its name must be unused.',
      tag,
      body: json(createModelBodySchema),
      responses: created('The new registered model.', registeredModelSchema),
      handler: async (request, reply) => reply.code(201).send(await registry.createModel(request.body)),
    }),
    defineRoute<ByName>({
      method: 'GET',
      url: '/models/:name',
      operationId: 'getModel',
      summary: 'Reads a registered model with its aliases and a summary of its newest versions.',
      tag,
      params,
      responses: ok('The registered model.', modelDetailSchema),
      handler: async ({ params: { name } }) => {
        const model = await registry.getModel(name)
        return modelDetail(model, await registry.searchVersions({ name, maxResults: DETAIL_VERSIONS }))
      },
    }),
    defineRoute<ByName & { Body: { name?: string; description?: string } }>({
      method: 'PATCH',
      url: '/models/:name',
      operationId: 'updateModel',
      summary: 'Renames a registered model, sets its description, or both (renamed first).',
      tag,
      params,
      body: json(updateModelBodySchema),
      responses: ok('The updated registered model.', registeredModelSchema),
      handler: async ({ params: { name }, body }) => {
        const current = body.name === undefined ? name : (await registry.renameModel(name, body.name)).name
        return body.description === undefined
          ? registry.getModel(current)
          : registry.updateModel(current, { description: body.description })
      },
    }),
    defineRoute<ByName>({
      method: 'DELETE',
      url: '/models/:name',
      operationId: 'deleteModel',
      summary: 'Deletes a registered model with its versions, aliases and alias history.',
      tag,
      params,
      responses: NO_CONTENT,
      handler: async (request, reply) => {
        await registry.deleteModel(request.params.name)
        return reply.code(204).send()
      },
    }),
    defineRoute<ByName & { Body: { key: string; value: string } }>({
      method: 'PUT',
      url: '/models/:name/tags',
      operationId: 'setModelTag',
      summary: 'Sets (or replaces) one tag of a registered model.',
      tag,
      params,
      body: json(keyValueSchema),
      responses: NO_CONTENT,
      handler: async ({ params: { name }, body }, reply) => {
        await registry.setModelTag(name, body.key, body.value)
        return reply.code(204).send()
      },
    }),
    defineRoute<ByName & { Querystring: { key: string } }>({
      method: 'DELETE',
      url: '/models/:name/tags',
      operationId: 'deleteModelTag',
      summary: 'Deletes one tag of a registered model.',
      tag,
      params,
      querystring: keyQuerySchema,
      responses: NO_CONTENT,
      handler: async ({ params: { name }, query }, reply) => {
        await registry.deleteModelTag(name, query.key)
        return reply.code(204).send()
      },
    }),
  ]
}
