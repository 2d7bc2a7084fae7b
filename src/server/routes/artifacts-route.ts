import type { ArtifactInfo, RunArtifacts, TrackingStore } from '../../tracking/index.js'
import { defineRoute, type NativeRoute } from '../native-route.js'
import {
  artifactFileQuerySchema,
  artifactFolderQuerySchema,
  artifactInfoSchema,
  artifactListSchema,
} from '../schemas/artifact-schemas.js'
import { runIdParamsSchema } from '../schemas/run-schemas.js'
import { withUploadedFile } from './artifact-upload.js'
import { json, NO_CONTENT, ok } from './json-responses.js'

type ById = { Params: { runId: string } }

/**
 * A run's artifacts: list, download and upload bytes (`RunArtifacts`), and the tracking store's
 * records of what was written (`recordArtifacts`, `listArtifactRecords`). Artifact paths travel in
 * the `path` query parameter: in the URL path, `.` and `..` segments would be resolved by the
 * client's URL parser before the store could refuse them.
 *
 * Uploads are raw bytes (`application/octet-stream`), streamed to a temp file and then logged
 * through `RunArtifacts.log`, so a large model never sits in the server's memory.
 */
export function artifactRoutes(store: TrackingStore, artifacts: RunArtifacts): readonly NativeRoute[] {
  const tag = 'artifacts'
  const params = runIdParamsSchema
  const runInfo = async (runId: string) => (await store.getRun(runId)).info
  return [
    defineRoute<ById & { Querystring: { path?: string } }>({
      method: 'GET',
      url: '/runs/:runId/artifacts',
      operationId: 'listArtifacts',
      summary: 'Lists the direct children of a folder of the run, with sha256 where recorded.',
      tag,
      params,
      querystring: artifactFolderQuerySchema,
      responses: ok(
        'The children, sorted by path; empty for a missing folder or a file.',
        artifactListSchema,
      ),
      handler: async (request) => ({
        files: await artifacts.list(await runInfo(request.params.runId), request.query.path ?? ''),
      }),
    }),
    defineRoute<ById & { Querystring: { path: string } }>({
      method: 'GET',
      url: '/runs/:runId/artifacts/content',
      operationId: 'readArtifact',
      summary: 'Downloads the bytes of one file.',
      tag,
      params,
      querystring: artifactFileQuerySchema,
      responses: {
        200: {
          description: 'The file.',
          body: { contentType: 'application/octet-stream', description: 'The bytes of the file.' },
        },
      },
      handler: async (request, reply) => {
        const bytes = await artifacts.read(await runInfo(request.params.runId), request.query.path)
        return reply.type('application/octet-stream').send(bytes)
      },
    }),
    defineRoute<ById & { Querystring: { path: string } }>({
      method: 'PUT',
      url: '/runs/:runId/artifacts/content',
      operationId: 'logArtifact',
      summary: 'Uploads one file (at most 1 GiB), replacing any file at that path, and records its sha256.',
      tag,
      params,
      querystring: artifactFileQuerySchema,
      body: { contentType: 'application/octet-stream', description: 'The bytes of the file.' },
      responses: ok('The file written, with its size and sha256.', artifactInfoSchema),
      handler: async (request) => {
        const run = await runInfo(request.params.runId)
        const written = await withUploadedFile(request.body, request.headers['content-length'], (localPath) =>
          artifacts.log(run, localPath, request.query.path),
        )
        return written[0]
      },
    }),
    defineRoute<ById & { Body: { files: readonly ArtifactInfo[] } }>({
      method: 'POST',
      url: '/runs/:runId/artifact-records',
      operationId: 'recordArtifacts',
      summary: 'Records files an artifact store wrote (path, size, sha256); folders are ignored.',
      tag,
      params,
      body: json(artifactListSchema),
      responses: NO_CONTENT,
      handler: async (request, reply) => {
        await store.recordArtifacts(request.params.runId, request.body.files)
        return reply.code(204).send()
      },
    }),
    defineRoute<ById>({
      method: 'GET',
      url: '/runs/:runId/artifact-records',
      operationId: 'listArtifactRecords',
      summary: 'The recorded files of a run, by path.',
      tag,
      params,
      responses: ok('The recorded files.', artifactListSchema),
      handler: async (request) => ({ files: await store.listArtifactRecords(request.params.runId) }),
    }),
  ]
}
