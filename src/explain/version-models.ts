import { createHash } from 'node:crypto'
import { MODEL_FILES, type ModelDocument, TrainedModel } from '../models/index.js'
import type { ModelVersion } from '../registry/index.js'
import { ShipyardError } from '../shared/index.js'
import type { Run, RunArtifacts, TrackingStore } from '../tracking/index.js'

/** Where `VersionModels` reads training runs from, and how many models it keeps. */
export interface VersionModelsOptions {
  readonly tracking: Pick<TrackingStore, 'getRun'>
  readonly artifacts: Pick<RunArtifacts, 'read'>
  /** Models kept, the least recently asked for dropped first; default 8. */
  readonly cacheSize?: number
}

// The folder `registerRunModel` records as a version's source, `runs:/<runId>/<folder>`.
const RUN_SOURCE = /^runs:\/[^/]+\/(.+)$/

/**
 * The `TrainedModel` behind each registered version, for explaining it: the registry keeps only a
 * version's ONNX graph, so the trees or coefficients are read back from the `model.json` its training
 * run logged beside `model.onnx` (`trainRun` logs both under `model/`). Versions are immutable, so each
 * is read once and kept (up to `cacheSize`); concurrent asks for one version share one read. Safe to
 * share between requests.
 *
 * `INVALID_PARAMETER_VALUE` (details: `field: 'model'`, model, version) for a version that cannot be
 * explained: imported ONNX (no run: its graph carries no trees Shipyard can read), a training run that
 * no longer exists, no `model.json` in the run, or a run whose `model.onnx` is no longer the version's
 * bytes (its files were logged again after registration, so `model.json` may describe another model).
 *
 * @example
 * const models = new VersionModels({ tracking: shipyard.store, artifacts: shipyard.artifacts })
 * const model = await models.trainedModel(await shipyard.registry.resolve('churn', 'production'))
 * const explanation = explainRows(model, rows)
 */
export class VersionModels {
  readonly #tracking: VersionModelsOptions['tracking']
  readonly #artifacts: VersionModelsOptions['artifacts']
  readonly #cacheSize: number
  // Insertion order is recency: a hit is moved to the end, the first entry is the one to drop.
  readonly #models = new Map<string, Promise<TrainedModel>>()

  constructor(options: VersionModelsOptions) {
    this.#tracking = options.tracking
    this.#artifacts = options.artifacts
    this.#cacheSize = Math.max(1, options.cacheSize ?? 8)
  }

  /** The version's trained model; see the class for what is refused. A failed read is not kept. */
  trainedModel(version: ModelVersion): Promise<TrainedModel> {
    // The hash too: a model deleted and registered again reuses its version numbers.
    const key = `${version.name}\u0000${version.version}\u0000${version.sha256}`
    let model = this.#models.get(key)
    if (model !== undefined) {
      this.#models.delete(key)
    } else {
      model = this.#read(version)
      model.catch(() => {
        if (this.#models.get(key) === model) this.#models.delete(key)
      })
      if (this.#models.size >= this.#cacheSize) this.#models.delete(this.#models.keys().next().value!)
    }
    this.#models.set(key, model)
    return model
  }

  async #read(version: ModelVersion): Promise<TrainedModel> {
    const { runId, source } = version.lineage
    if (runId === null) {
      throw unexplainable(
        version,
        `it was imported (${source}), and an imported ONNX graph carries no trees or coefficients Shipyard can read; only versions trained by Shipyard (trainRun, shipyard train) can be explained`,
      )
    }
    const run = await this.#run(version, runId)
    const folder = RUN_SOURCE.exec(source)?.[1] ?? 'model'
    const [onnx, document] = await Promise.all([
      this.#file(run, `${folder}/${MODEL_FILES.onnx}`),
      this.#file(run, `${folder}/${MODEL_FILES.document}`),
    ])
    if (document === null) {
      throw unexplainable(
        version,
        `its training run '${runId}' has no ${folder}/${MODEL_FILES.document} (the trees or coefficients behind the ONNX graph); only models logged by trainRun or shipyard train have one`,
      )
    }
    if (onnx === null || createHash('sha256').update(onnx).digest('hex') !== version.sha256) {
      throw unexplainable(
        version,
        `the model in its training run '${runId}' (${folder}/) is no longer the one registered (its ${MODEL_FILES.onnx} differs from the version's sha256 ${version.sha256}): the run's files were logged again`,
      )
    }
    try {
      return new TrainedModel(JSON.parse(document.toString('utf8')) as ModelDocument)
    } catch (error) {
      throw unexplainable(
        version,
        `${folder}/${MODEL_FILES.document} of run '${runId}' cannot be read: ${(error as Error).message}`,
        error,
      )
    }
  }

  async #run(version: ModelVersion, runId: string): Promise<Run> {
    try {
      return await this.#tracking.getRun(runId)
    } catch (error) {
      if (!isMissing(error)) throw error
      throw unexplainable(version, `its training run '${runId}' no longer exists`, error)
    }
  }

  async #file(run: Run, path: string): Promise<Buffer | null> {
    try {
      return await this.#artifacts.read(run.info, path)
    } catch (error) {
      if (isMissing(error)) return null
      throw error
    }
  }
}

function isMissing(error: unknown): boolean {
  return error instanceof ShipyardError && error.code === 'RESOURCE_DOES_NOT_EXIST'
}

function unexplainable(version: ModelVersion, why: string, cause?: unknown): ShipyardError {
  return new ShipyardError(
    'INVALID_PARAMETER_VALUE',
    `version ${version.version} of model '${version.name}' cannot be explained: ${why}`,
    {
      details: { field: 'model', model: version.name, version: version.version },
      ...(cause === undefined ? {} : { cause }),
    },
  )
}
