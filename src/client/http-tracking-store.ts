import type {
  ArtifactInfo,
  CreateExperimentInput,
  CreateRunInput,
  Experiment,
  LogBatchInput,
  Metric,
  Page,
  Run,
  RunInfo,
  SearchExperimentsQuery,
  SearchRunsQuery,
  TrackingStore,
  UpdateRunInput,
} from '../tracking/index.js'
import { MLFLOW_BATCH_LIMITS } from '../tracking/index.js'
import { ApiClient, type ApiClientOptions, idSegment } from './api-client.js'
import { fromWireMetric, fromWireRun, toWireMetric, type WireMetric, type WireRun } from './wire-metrics.js'

/**
 * The `TrackingStore` of a Shipyard server, over its native REST API (`/api/v1`). It keeps the
 * port's contract by deferring to the server's store: validation, atomicity, paging and error codes
 * are the server's, and each error is rebuilt on this side as the same `ShipyardError`. Only known
 * fields of each input are sent. `close` releases nothing: requests hold no connection of their own.
 *
 * @example
 * const store = new HttpTrackingStore('http://127.0.0.1:5000')
 * const run = await store.createRun({ runName: 'remote' })
 */
export class HttpTrackingStore implements TrackingStore {
  /** The server takes MLflow's per-request limits on both of its APIs. */
  readonly batchLimits = MLFLOW_BATCH_LIMITS
  readonly #api: ApiClient

  constructor(trackingUri: string, options: ApiClientOptions = {}) {
    this.#api = new ApiClient(trackingUri, options)
  }

  createExperiment(input: CreateExperimentInput): Promise<Experiment> {
    const json = pick(input, ['name', 'artifactLocation', 'tags'])
    return this.#api.json('POST', '/experiments', { json })
  }

  getExperiment(experimentId: string): Promise<Experiment> {
    return this.#api.json('GET', experimentPath(experimentId))
  }

  getExperimentByName(name: string): Promise<Experiment> {
    return this.#api.json('GET', '/experiment-by-name', { query: { name } })
  }

  searchExperiments(query: SearchExperimentsQuery = {}): Promise<Page<Experiment>> {
    return this.#api.json('GET', '/experiments', {
      query: pick(query, ['viewType', 'maxResults', 'pageToken']),
    })
  }

  renameExperiment(experimentId: string, newName: string): Promise<void> {
    return this.#api.json('PATCH', experimentPath(experimentId), { json: { name: newName } })
  }

  deleteExperiment(experimentId: string): Promise<void> {
    return this.#api.json('DELETE', experimentPath(experimentId))
  }

  restoreExperiment(experimentId: string): Promise<void> {
    return this.#api.json('POST', `${experimentPath(experimentId)}/restore`)
  }

  setExperimentTag(experimentId: string, key: string, value: string): Promise<void> {
    return this.#api.json('PUT', `${experimentPath(experimentId)}/tags`, { json: { key, value } })
  }

  async createRun(input: CreateRunInput = {}): Promise<Run> {
    const json = pick(input, ['experimentId', 'runName', 'startTime', 'userId', 'parentRunId', 'tags'])
    return fromWireRun(await this.#api.json<WireRun>('POST', '/runs', { json }))
  }

  async getRun(runId: string): Promise<Run> {
    return fromWireRun(await this.#api.json<WireRun>('GET', runPath(runId)))
  }

  updateRun(runId: string, input: UpdateRunInput): Promise<RunInfo> {
    return this.#api.json('PATCH', runPath(runId), { json: pick(input, ['status', 'endTime', 'runName']) })
  }

  deleteRun(runId: string): Promise<void> {
    return this.#api.json('DELETE', runPath(runId))
  }

  restoreRun(runId: string): Promise<void> {
    return this.#api.json('POST', `${runPath(runId)}/restore`)
  }

  logBatch(runId: string, batch: LogBatchInput): Promise<void> {
    const json = {
      ...(batch.metrics ? { metrics: batch.metrics.map(toWireMetric) } : {}),
      ...(batch.params ? { params: batch.params.map(keyValue) } : {}),
      ...(batch.tags ? { tags: batch.tags.map(keyValue) } : {}),
    }
    return this.#api.json('POST', `${runPath(runId)}/batch`, { json })
  }

  deleteTag(runId: string, key: string): Promise<void> {
    return this.#api.json('DELETE', `${runPath(runId)}/tags`, { query: { key } })
  }

  async getMetricHistory(runId: string, key: string): Promise<readonly Metric[]> {
    const path = `${runPath(runId)}/metrics/history`
    const { metrics } = await this.#api.json<{ metrics: WireMetric[] }>('GET', path, { query: { key } })
    return metrics.map(fromWireMetric)
  }

  async searchRuns(query: SearchRunsQuery = {}): Promise<Page<Run>> {
    const json = pick(query, ['experimentIds', 'filter', 'orderBy', 'viewType', 'maxResults', 'pageToken'])
    const page = await this.#api.json<{ items: WireRun[]; nextPageToken?: string }>('POST', '/runs/search', {
      json,
    })
    const items = page.items.map(fromWireRun)
    return page.nextPageToken === undefined ? { items } : { items, nextPageToken: page.nextPageToken }
  }

  recordArtifacts(runId: string, files: readonly ArtifactInfo[]): Promise<void> {
    const json = { files: files.map((file) => pick(file, ['path', 'isDir', 'fileSize', 'sha256'])) }
    return this.#api.json('POST', `${runPath(runId)}/artifact-records`, { json })
  }

  async listArtifactRecords(runId: string): Promise<readonly ArtifactInfo[]> {
    return (await this.#api.json<{ files: ArtifactInfo[] }>('GET', `${runPath(runId)}/artifact-records`))
      .files
  }

  async close(): Promise<void> {}
}

function experimentPath(experimentId: string): string {
  return `/experiments/${idSegment(experimentId, 'experiment')}`
}

function runPath(runId: string): string {
  return `/runs/${idSegment(runId, 'run')}`
}

function keyValue(entry: { readonly key: string; readonly value: string }) {
  return { key: entry.key, value: entry.value }
}

/** The listed fields of `source` that are set: the API refuses unknown fields, callers may pass wider objects. */
function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
  const picked: Partial<Pick<T, K>> = {}
  for (const key of keys) if (source[key] !== undefined) picked[key] = source[key]
  return picked as Pick<T, K>
}
