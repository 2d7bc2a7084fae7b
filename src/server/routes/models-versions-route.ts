import type { ModelRegistry } from '../../registry/index.js'
import { registerRunModel } from '../../registry/index.js'
import type { RunArtifacts, TrackingStore } from '../../tracking/index.js'
import { defineRoute, type NativeRoute } from '../native-route.js'
import { keyValueSchema } from '../schemas/common-schemas.js'
import {
  modelNameParamsSchema,
  modelVersionPageSchema,
  modelVersionParamsSchema,
  modelVersionSchema,
  registerVersionBodySchema,
  searchVersionsQuerySchema,
  updateVersionBodySchema,
} from '../schemas/model-schemas.js'
import { keyQuerySchema } from '../schemas/run-schemas.js'
import { created, json, NO_CONTENT, ok } from './json-responses.js'
import { encodeVersion, encodeVersionPage, metricConditionsFromQuery } from './models-wire.js'

/** What the version routes read and write through: registration reads the run's artifacts. */
export interface ModelVersionRouteDeps {
  readonly registry: ModelRegistry
  readonly store: TrackingStore
  readonly artifacts: RunArtifacts
}

type ByName = { Params: { name: string } }
type ByVersion = { Params: { name: string; version: number } }

interface SearchVersionsParams {
  readonly runId?: string
  readonly metric?: readonly string[]
  readonly maxResults?: number
  readonly pageToken?: string
}

interface RegisterBody {
  readonly runId: string
  readonly artifactPath?: string
  readonly description?: string
  readonly tags?: Readonly<Record<string, string>>
}

/**
 * `/models/{name}/versions`: register a run's model, search, read, describe, delete and tag versions,
 * and download a version's `model.onnx`. A version is immutable but for its description and tags.
 */
export function modelVersionRoutes(deps: ModelVersionRouteDeps): readonly NativeRoute[] {
  const { registry } = deps
  const tag = 'model versions'
  const params = modelVersionParamsSchema
  return [
    defineRoute<ByName & { Querystring: SearchVersionsParams }>({
      method: 'GET',
      url: '/models/:name/versions',
      operationId: 'searchVersions',
      summary: "Lists a model's versions, newest first, filtered by source run and metric conditions.",
      tag,
      params: modelNameParamsSchema,
      querystring: searchVersionsQuerySchema,
      responses: ok('A page of versions.', modelVersionPageSchema),
      handler: async ({ params: { name }, query }) => {
        // An unknown model is a 404, not an empty page.
        await registry.getModel(name)
        const metrics = metricConditionsFromQuery(query.metric)
        const page = await registry.searchVersions({
          name,
          ...(query.runId === undefined ? {} : { runId: query.runId }),
          ...(metrics === undefined ? {} : { metrics }),
          ...(query.maxResults === undefined ? {} : { maxResults: query.maxResults }),
          ...(query.pageToken === undefined ? {} : { pageToken: query.pageToken }),
        })
        return encodeVersionPage(page)
      },
    }),
    defineRoute<ByName & { Body: RegisterBody }>({
      method: 'POST',
      url: '/models/:name/versions',
      operationId: 'registerRunModel',
      summary:
        "Registers the ONNX model a tracked run logged as the model's next version (creating the model when new).",
      tag,
      params: modelNameParamsSchema,
      body: json(registerVersionBodySchema),
      responses: created('The new version.', modelVersionSchema),
      handler: async ({ params: { name }, body }, reply) => {
        const version = await registerRunModel(registry, deps.store, deps.artifacts, { name, ...body })
        return reply.code(201).send(encodeVersion(version))
      },
    }),
    defineRoute<ByVersion>({
      method: 'GET',
      url: '/models/:name/versions/:version',
      operationId: 'getVersion',
      summary: 'Reads one version: signature, metrics, lineage, aliases.',
      tag,
      params,
      responses: ok('The version.', modelVersionSchema),
      handler: async ({ params: { name, version } }) =>
        encodeVersion(await registry.getVersion(name, version)),
    }),
    defineRoute<ByVersion & { Body: { description: string } }>({
      method: 'PATCH',
      url: '/models/:name/versions/:version',
      operationId: 'updateVersion',
      summary: "Sets a version's description.",
      tag,
      params,
      body: json(updateVersionBodySchema),
      responses: ok('The updated version.', modelVersionSchema),
      handler: async ({ params: { name, version }, body }) =>
        encodeVersion(await registry.updateVersion(name, version, body)),
    }),
    defineRoute<ByVersion>({
      method: 'DELETE',
      url: '/models/:name/versions/:version',
      operationId: 'deleteVersion',
      summary: 'Deletes a version; refused while an alias points at it. Its number is never reused.',
      tag,
      params,
      responses: NO_CONTENT,
      handler: async ({ params: { name, version } }, reply) => {
        await registry.deleteVersion(name, version)
        return reply.code(204).send()
      },
    }),
    defineRoute<ByVersion & { Body: { key: string; value: string } }>({
      method: 'PUT',
      url: '/models/:name/versions/:version/tags',
      operationId: 'setVersionTag',
      summary: 'Sets (or replaces) one tag of a version.',
      tag,
      params,
      body: json(keyValueSchema),
      responses: NO_CONTENT,
      handler: async ({ params: { name, version }, body }, reply) => {
        await registry.setVersionTag(name, version, body.key, body.value)
        return reply.code(204).send()
      },
    }),
    defineRoute<ByVersion & { Querystring: { key: string } }>({
      method: 'DELETE',
      url: '/models/:name/versions/:version/tags',
      operationId: 'deleteVersionTag',
      summary: 'Deletes one tag of a version.',
      tag,
      params,
      querystring: keyQuerySchema,
      responses: NO_CONTENT,
      handler: async ({ params: { name, version }, query }, reply) => {
        await registry.deleteVersionTag(name, version, query.key)
        return reply.code(204).send()
      },
    }),
    defineRoute<ByVersion>({
      method: 'GET',
      url: '/models/:name/versions/:version/model.onnx',
      operationId: 'readModel',
      summary: "Downloads a version's model.onnx, checked against its sha256 (the ETag) before it is sent.",
      tag,
      params,
      responses: {
        200: {
          description: 'The ONNX model.',
          body: { contentType: 'application/octet-stream', description: 'The bytes of model.onnx.' },
        },
      },
      handler: async ({ params: { name, version } }, reply) => {
        const { sha256 } = await registry.getVersion(name, version)
        const bytes = await registry.readModel(name, version)
        return reply
          .type('application/octet-stream')
          .header('etag', `"${sha256}"`)
          .header('content-disposition', 'attachment; filename="model.onnx"')
          .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
      },
    }),
  ]
}
