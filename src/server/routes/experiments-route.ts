import type { CreateExperimentInput, SearchExperimentsQuery, TrackingStore } from '../../tracking/index.js'
import { defineRoute, type NativeRoute } from '../native-route.js'
import { keyValueSchema } from '../schemas/common-schemas.js'
import {
  createExperimentBodySchema,
  experimentByNameQuerySchema,
  experimentIdParamsSchema,
  experimentPageSchema,
  experimentSchema,
  renameExperimentBodySchema,
  searchExperimentsQuerySchema,
} from '../schemas/experiment-schemas.js'
import { created, json, NO_CONTENT, ok } from './json-responses.js'

type ById = { Params: { experimentId: string } }

/**
 * `/experiments`: create, read, search, rename, delete, restore and tag experiments, one route per
 * `TrackingStore` method. Names travel in query strings and bodies, never as path segments, since
 * a name such as `..` would not survive URL normalisation.
 */
export function experimentRoutes(store: TrackingStore): readonly NativeRoute[] {
  const tag = 'experiments'
  return [
    defineRoute<{ Body: CreateExperimentInput }>({
      method: 'POST',
      url: '/experiments',
      operationId: 'createExperiment',
      summary: 'Creates an experiment; its name must be unused.',
      tag,
      body: json(createExperimentBodySchema),
      responses: created('The new experiment.', experimentSchema),
      handler: async (request, reply) => reply.code(201).send(await store.createExperiment(request.body)),
    }),
    defineRoute<{ Querystring: SearchExperimentsQuery }>({
      method: 'GET',
      url: '/experiments',
      operationId: 'searchExperiments',
      summary: 'Lists experiments, newest first.',
      tag,
      querystring: searchExperimentsQuerySchema,
      responses: ok('A page of experiments.', experimentPageSchema),
      handler: async (request) => store.searchExperiments(request.query),
    }),
    defineRoute<{ Querystring: { name: string } }>({
      method: 'GET',
      url: '/experiment-by-name',
      operationId: 'getExperimentByName',
      summary: 'Reads an experiment by its exact name.',
      tag,
      querystring: experimentByNameQuerySchema,
      responses: ok('The experiment.', experimentSchema),
      handler: async (request) => store.getExperimentByName(request.query.name),
    }),
    defineRoute<ById>({
      method: 'GET',
      url: '/experiments/:experimentId',
      operationId: 'getExperiment',
      summary: 'Reads an experiment.',
      tag,
      params: experimentIdParamsSchema,
      responses: ok('The experiment.', experimentSchema),
      handler: async (request) => store.getExperiment(request.params.experimentId),
    }),
    defineRoute<ById & { Body: { name: string } }>({
      method: 'PATCH',
      url: '/experiments/:experimentId',
      operationId: 'renameExperiment',
      summary: 'Renames an experiment; the new name must be unused.',
      tag,
      params: experimentIdParamsSchema,
      body: json(renameExperimentBodySchema),
      responses: NO_CONTENT,
      handler: async (request, reply) => {
        await store.renameExperiment(request.params.experimentId, request.body.name)
        return reply.code(204).send()
      },
    }),
    defineRoute<ById>({
      method: 'DELETE',
      url: '/experiments/:experimentId',
      operationId: 'deleteExperiment',
      summary: 'Soft-deletes an experiment and its runs.',
      tag,
      params: experimentIdParamsSchema,
      responses: NO_CONTENT,
      handler: async (request, reply) => {
        await store.deleteExperiment(request.params.experimentId)
        return reply.code(204).send()
      },
    }),
    defineRoute<ById>({
      method: 'POST',
      url: '/experiments/:experimentId/restore',
      operationId: 'restoreExperiment',
      summary: 'Restores a deleted experiment.',
      tag,
      params: experimentIdParamsSchema,
      responses: NO_CONTENT,
      handler: async (request, reply) => {
        await store.restoreExperiment(request.params.experimentId)
        return reply.code(204).send()
      },
    }),
    defineRoute<ById & { Body: { key: string; value: string } }>({
      method: 'PUT',
      url: '/experiments/:experimentId/tags',
      operationId: 'setExperimentTag',
      summary: 'Sets (or replaces) one tag of an experiment.',
      tag,
      params: experimentIdParamsSchema,
      body: json(keyValueSchema),
      responses: NO_CONTENT,
      handler: async (request, reply) => {
        await store.setExperimentTag(request.params.experimentId, request.body.key, request.body.value)
        return reply.code(204).send()
      },
    }),
  ]
}
