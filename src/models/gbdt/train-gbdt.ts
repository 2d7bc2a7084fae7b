import { availableParallelism } from 'node:os'
import type { TrainerOptions, TrainingMatrix } from '../training-data.js'
import { boost } from './booster.js'
import { checkGbdtInputs } from './check-gbdt-inputs.js'
import { binRowStride, finishBins, sampleRows } from './feature-bins.js'
import type { GbdtModel, GbdtParams } from './gbdt-model.js'
import { acquireWorkers, releaseWorkers } from './gbdt-worker-pool.js'
import type { Objective } from './objectives/objective.js'
import { OBJECTIVES } from './objectives/objective-table.js'
import { ThreadTeam } from './thread-team.js'
import { allocate, createWorkspace } from './training-workspace.js'
import { TreeLearner } from './tree-learner.js'
import { LOSS_CHUNK } from './worker-protocol.js'

/** LightGBM's defaults, except `threads` 0 (one per core) and `seed` 0. */
export const GBDT_DEFAULTS: GbdtParams = {
  objective: 'binary',
  numClasses: 1,
  numTrees: 100,
  learningRate: 0.1,
  numLeaves: 31,
  maxDepth: -1,
  minDataInLeaf: 20,
  minSumHessianInLeaf: 1e-3,
  lambdaL1: 0,
  lambdaL2: 0,
  minGainToSplit: 0,
  baggingFraction: 1,
  featureFraction: 1,
  maxBins: 255,
  huberDelta: 1,
  maxCatToOnehot: 4,
  earlyStoppingRounds: 0,
  threads: 0,
  seed: 0,
}

/** Options of `trainGbdt`: the common trainer options plus the categorical features. */
export interface GbdtTrainerOptions extends TrainerOptions {
  /** Features holding ordinal category codes (0..k-1; -1 unseen; NaN missing), split as category sets. */
  readonly categoricalFeatures?: readonly number[]
}

/**
 * Trains a histogram gradient-boosted tree ensemble (LightGBM's algorithm: quantile-binned features,
 * leaf-wise growth, histogram subtraction) and returns it as a `GbdtModel`.
 *
 * - `params` are resolved (every field set; see `GBDT_DEFAULTS`); their ranges are the caller's
 *   job. `threads` counts the main thread: 1 trains on it alone, 0 uses every core.
 * - `options.valid` is scored every round (and drives early stopping when `earlyStoppingRounds` > 0:
 *   the model keeps the best round's trees); `options.onIteration` receives the training and
 *   validation metric every round.
 * - Deterministic: the same data, parameters and seed give the same model whatever `threads` is
 *   (work is shared out by feature, row or fixed chunk, never summed in thread order).
 * - While a round runs the main thread is busy (and waits on its workers synchronously); it yields to
 *   the event loop between rounds.
 *
 * Throws `INVALID_PARAMETER_VALUE` for data it cannot learn from (see `checkGbdtInputs`).
 */
export async function trainGbdt(
  train: TrainingMatrix,
  params: GbdtParams,
  options: GbdtTrainerOptions = {},
): Promise<GbdtModel> {
  const objective = OBJECTIVES[params.objective](params)
  const categoricalFeatures = options.categoricalFeatures ?? []
  checkGbdtInputs(train, params, objective, categoricalFeatures, options.valid)
  const threads = params.threads === 0 ? availableParallelism() : params.threads
  const workers = acquireWorkers(Math.max(0, threads - 1))
  const team = new ThreadTeam(workers)
  try {
    return await trainOn(team, train, params, { ...options, categoricalFeatures }, objective)
  } finally {
    team.end()
    releaseWorkers(workers)
  }
}

async function trainOn(
  team: ThreadTeam,
  train: TrainingMatrix,
  params: GbdtParams,
  options: GbdtTrainerOptions & { readonly categoricalFeatures: readonly number[] },
  objective: Objective,
): Promise<GbdtModel> {
  const shared = team.size > 1
  const { rowCount: rows, names } = train.features
  const width = names.length
  const values = sharedCopy(train.features.values, shared)
  const categorical = new Set(options.categoricalFeatures)
  const featureBins = await team.binFeatures(
    values,
    width,
    sampleRows(rows, params.seed),
    params.maxBins,
    categorical,
  )
  const stride = binRowStride(width)
  const bins = new Uint8Array(allocate(rows * stride, shared))
  const columns = new Uint8Array(allocate(rows * width, shared))
  const ws = createWorkspace(
    bins,
    stride,
    columns,
    rows,
    width,
    featureBins,
    objective.outputs,
    params.numLeaves + team.histogramParts - 1,
    shared,
  )
  const session = {
    params,
    rows,
    width,
    values,
    featureBins,
    positiveInfinity: new Uint8Array(allocate(width, shared)),
    bins,
    columns,
    offsets: ws.offsets,
    features: ws.features,
    order: ws.order,
    scratch: ws.scratch,
    sides: new Uint8Array(allocate(256, shared)),
    gh: ws.gh,
    hist: ws.hist,
    scores: ws.scores,
    labels: sharedCopy(train.labels, shared),
    weights: train.weights === undefined ? undefined : sharedCopy(train.weights, shared),
    partials: new Float64Array(allocate(8 * Math.ceil(rows / LOSS_CHUNK), shared)),
  }
  team.startSession(session)
  team.fillBins(session)
  finishBins(featureBins, session.positiveInfinity)
  const learner = new TreeLearner(
    ws,
    params,
    team.histogramBuilder(ws, params.numLeaves * ws.histLength),
    team.partitioner(ws, session.sides),
  )
  const rowTasks = team.rowTasks(objective, ws, session)
  return boost({ train, params, options, objective, workspace: ws, learner, rowTasks })
}

// Workers can only read shared memory; without them the caller's array serves as is.
function sharedCopy<T extends Float32Array | Float64Array>(array: T, shared: boolean): T {
  if (!shared) return array
  const copy = new (array.constructor as new (buffer: ArrayBufferLike) => T)(allocate(array.byteLength, true))
  copy.set(array)
  return copy
}
