import type { ModelSignature } from '../models/index.js'
import { invalidValue, ShipyardError } from '../shared/index.js'
import type { Run, RunArtifacts, TrackingStore } from '../tracking/index.js'
import { inferSignature, readOnnxGraph } from './infer-signature.js'
import type { ModelRegistry } from './model-registry.js'
import type { ModelVersion } from './types.js'
import { validateModelName } from './validation.js'

/**
 * MLflow's tag for the commit a run's code was at. The SDK sets it (`SYSTEM_TAGS.gitCommit` in
 * `sdk/source-tags.ts`); the registry sits below the SDK, so it names the key itself.
 */
export const GIT_COMMIT_TAG = 'mlflow.source.git.commit'

/**
 * Where a training run keeps its training-data profile (the drift reference); the SDK's `trainRun`
 * writes it there (`TRAIN_RUN_ARTIFACTS.profile`), and the registry cannot import the SDK.
 */
export const TRAINING_PROFILE_ARTIFACT = 'data/profile.json'

/** Which run's model to register, and under what name. */
export interface RegisterRunModelOptions {
  readonly runId: string
  /** The registered model; created when missing. */
  readonly name: string
  /** The run's folder holding `model.onnx` and `signature.json`. Default `model` (where `trainRun` logs). */
  readonly artifactPath?: string
  readonly description?: string
  readonly tags?: Readonly<Record<string, string>>
}

/**
 * Registers the model a tracked run logged as a new version of `name`: the bytes of
 * `<artifactPath>/model.onnx`, its `signature.json` (inferred from the graph when the run has none),
 * the run's latest metrics, and its lineage: run id, every param, the git commit tag, dataset
 * fingerprints (params whose key ends in `fingerprint`, see `datasetFingerprints`), the training-data
 * profile when the run has `data/profile.json`, and the source `runs:/<runId>/<artifactPath>`.
 * Unknown run: `RESOURCE_DOES_NOT_EXIST`; no `model.onnx` there: `INVALID_PARAMETER_VALUE` naming both.
 *
 * @example
 * const { runId } = await trainRun(shipyard, data, { target: 'churned' })
 * const v = await registerRunModel(shipyard.registry, shipyard.store, shipyard.artifacts, { runId, name: 'churn' })
 */
export async function registerRunModel(
  registry: ModelRegistry,
  tracking: TrackingStore,
  artifacts: RunArtifacts,
  options: RegisterRunModelOptions,
): Promise<ModelVersion> {
  validateModelName(options.name)
  const folder = (options.artifactPath ?? 'model').replace(/\/+$/, '')
  const run = await tracking.getRun(options.runId)
  // Loaded on use: the registry must not pay for onnxruntime and DuckDB when the SDK opens it.
  const { MODEL_FILES } = await import('../models/index.js')
  const onnx = await readRunFile(run, artifacts, `${folder}/${MODEL_FILES.onnx}`)
  if (onnx === null) {
    throw invalidValue(
      'artifact_path',
      `run '${run.info.runId}' has no ${folder}/${MODEL_FILES.onnx}; log the model there (trainRun does) or name its folder`,
    )
  }
  const signatureFile = await readRunFile(run, artifacts, `${folder}/${MODEL_FILES.signature}`)
  const signature =
    signatureFile === null
      ? await graphSignature(onnx)
      : parseSignature(signatureFile, `${folder}/${MODEL_FILES.signature}`)
  const profiles = await artifacts.list(run.info, TRAINING_PROFILE_ARTIFACT.split('/')[0])
  return registry.createVersion({
    name: options.name,
    onnx,
    signature,
    metrics: Object.fromEntries(Object.entries(run.data.metrics).map(([key, metric]) => [key, metric.value])),
    lineage: {
      runId: run.info.runId,
      datasetFingerprints: datasetFingerprints(run.data.params),
      params: run.data.params,
      gitCommit: run.data.tags[GIT_COMMIT_TAG] ?? null,
      trainingProfile: profiles.some((file) => file.path === TRAINING_PROFILE_ARTIFACT)
        ? TRAINING_PROFILE_ARTIFACT
        : null,
      source: `runs:/${run.info.runId}/${folder}`,
    },
    ...(options.description === undefined ? {} : { description: options.description }),
    ...(options.tags === undefined ? {} : { tags: options.tags }),
  })
}

/**
 * Dataset role → fingerprint, from params whose key ends in `fingerprint`: the role is what is left
 * once `data.` and the suffix are taken off (`data.valid_fingerprint` → `valid`); `trainRun`'s
 * `data.fingerprint` leaves nothing and is the training data's (`train`).
 */
export function datasetFingerprints(params: Readonly<Record<string, string>>): Record<string, string> {
  const fingerprints: Record<string, string> = {}
  for (const [key, value] of Object.entries(params)) {
    if (!key.endsWith('fingerprint')) continue
    const role = key
      .slice(0, -'fingerprint'.length)
      .replace(/^data[._]?/, '')
      .replace(/[._-]+$/, '')
    fingerprints[role || 'train'] = value
  }
  return fingerprints
}

async function readRunFile(run: Run, artifacts: RunArtifacts, path: string): Promise<Buffer | null> {
  try {
    return await artifacts.read(run.info, path)
  } catch (error) {
    if (error instanceof ShipyardError && error.code === 'RESOURCE_DOES_NOT_EXIST') return null
    throw error
  }
}

function parseSignature(bytes: Buffer, path: string): ModelSignature {
  try {
    return JSON.parse(bytes.toString('utf8')) as ModelSignature
  } catch (error) {
    throw invalidValue('artifact_path', `${path} is not valid JSON: ${(error as Error).message}`)
  }
}

async function graphSignature(onnx: Uint8Array): Promise<ModelSignature> {
  const graph = await readOnnxGraph(onnx)
  return inferSignature(graph.inputs, graph.outputs)
}
