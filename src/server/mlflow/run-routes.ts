import type { FastifyInstance } from 'fastify'
import { RUN_STATUSES, type RunStatus, type ViewType } from '../../tracking/index.js'
import type { MlflowRouteDeps } from './mlflow-routes.js'
import {
  optionalInt64FromWire,
  recordFromWire,
  runIdFromWire,
  runInfoToWire,
  runToWire,
  type WireInt64,
  type WireKeyValue,
} from './wire-mapping.js'
import {
  INT64,
  KEY_VALUE_LIST,
  RUN_ID_PROPERTIES,
  requestSchema,
  STRING,
  STRING_LIST,
  VIEW_TYPE,
} from './wire-schemas.js'

interface RunIdBody {
  readonly run_id?: string
  readonly run_uuid?: string
}

interface CreateBody {
  readonly experiment_id?: string
  readonly user_id?: string
  readonly run_name?: string
  readonly start_time?: WireInt64
  readonly tags?: readonly WireKeyValue[]
}

interface UpdateBody extends RunIdBody {
  readonly status?: RunStatus
  readonly end_time?: WireInt64
  readonly run_name?: string
}

interface SearchBody {
  readonly experiment_ids?: readonly string[]
  readonly filter?: string
  readonly run_view_type?: ViewType
  readonly max_results?: WireInt64
  readonly order_by?: readonly string[]
  readonly page_token?: string
}

const STATUS = {
  type: 'string',
  enum: RUN_STATUSES,
  description: `expected one of ${RUN_STATUSES.join(', ')}`,
}
const runIdSchema = requestSchema(RUN_ID_PROPERTIES)

/** `runs/*` lifecycle: create, get, update, delete, restore, search. Logging is in `run-logging-routes.ts`. */
export function registerRunRoutes(app: FastifyInstance, { store }: MlflowRouteDeps): void {
  app.post<{ Body: CreateBody }>(
    '/runs/create',
    {
      schema: {
        body: requestSchema({
          experiment_id: STRING,
          user_id: STRING,
          run_name: STRING,
          start_time: INT64,
          tags: KEY_VALUE_LIST,
        }),
      },
    },
    async ({ body }) => {
      const tags = recordFromWire(body.tags)
      const startTime = optionalInt64FromWire('start_time', body.start_time)
      // MLflow clients name the parent of a nested run with this tag; the store keeps it as a link too.
      const parentRunId = tags['mlflow.parentRunId']
      const run = await store.createRun({
        ...(body.experiment_id ? { experimentId: body.experiment_id } : {}),
        ...(body.user_id ? { userId: body.user_id } : {}),
        ...(body.run_name ? { runName: body.run_name } : {}),
        ...(startTime === undefined ? {} : { startTime }),
        ...(parentRunId ? { parentRunId } : {}),
        tags,
      })
      return { run: runToWire(run) }
    },
  )

  app.get<{ Querystring: RunIdBody }>(
    '/runs/get',
    { schema: { querystring: runIdSchema } },
    async ({ query }) => ({
      run: runToWire(await store.getRun(runIdFromWire(query))),
    }),
  )

  app.post<{ Body: UpdateBody }>(
    '/runs/update',
    {
      schema: {
        body: requestSchema({ ...RUN_ID_PROPERTIES, status: STATUS, end_time: INT64, run_name: STRING }),
      },
    },
    async ({ body }) => {
      const endTime = optionalInt64FromWire('end_time', body.end_time)
      const info = await store.updateRun(runIdFromWire(body), {
        ...(body.status === undefined ? {} : { status: body.status }),
        ...(endTime === undefined ? {} : { endTime }),
        ...(body.run_name ? { runName: body.run_name } : {}),
      })
      return { run_info: runInfoToWire(info) }
    },
  )

  app.post<{ Body: RunIdBody }>('/runs/delete', { schema: { body: runIdSchema } }, async ({ body }) => {
    await store.deleteRun(runIdFromWire(body))
    return {}
  })

  app.post<{ Body: RunIdBody }>('/runs/restore', { schema: { body: runIdSchema } }, async ({ body }) => {
    await store.restoreRun(runIdFromWire(body))
    return {}
  })

  app.post<{ Body: SearchBody }>(
    '/runs/search',
    {
      schema: {
        body: requestSchema({
          experiment_ids: STRING_LIST,
          filter: STRING,
          run_view_type: VIEW_TYPE,
          max_results: INT64,
          order_by: STRING_LIST,
          page_token: STRING,
        }),
      },
    },
    async ({ body }) => {
      const maxResults = optionalInt64FromWire('max_results', body.max_results)
      const page = await store.searchRuns({
        ...(body.experiment_ids === undefined ? {} : { experimentIds: body.experiment_ids }),
        ...(body.filter ? { filter: body.filter } : {}),
        ...(body.order_by === undefined ? {} : { orderBy: body.order_by }),
        ...(body.run_view_type === undefined ? {} : { viewType: body.run_view_type }),
        ...(maxResults === undefined ? {} : { maxResults }),
        ...(body.page_token ? { pageToken: body.page_token } : {}),
      })
      const runs = page.items.map(runToWire)
      return page.nextPageToken === undefined ? { runs } : { runs, next_page_token: page.nextPageToken }
    },
  )
}
