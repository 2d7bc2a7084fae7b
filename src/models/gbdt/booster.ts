import type { FeatureMatrix } from '../../features/index.js'
import { Random } from '../../shared/index.js'
import type { IterationReport, TrainerOptions, TrainingMatrix } from '../training-data.js'
import type { GbdtModel, GbdtParams, GbdtTree } from './gbdt-model.js'
import { leafValue } from './gbdt-predict.js'
import { featureImportance, toGbdtTree } from './grown-tree-model.js'
import { leafOutput } from './leaf-math.js'
import type { Objective } from './objectives/objective.js'
import { sampleBag, sampleFeatures } from './row-sampling.js'
import type { RowTasks } from './row-tasks.js'
import type { TrainingWorkspace } from './training-workspace.js'
import type { GrownTree, TreeLearner } from './tree-learner.js'

/** Everything one boosting run needs, set up by `trainGbdt`. */
export interface BoosterSetup {
  readonly train: TrainingMatrix
  readonly params: GbdtParams
  readonly options: TrainerOptions & { readonly categoricalFeatures: readonly number[] }
  readonly objective: Objective
  readonly workspace: TrainingWorkspace
  readonly learner: TreeLearner
  readonly rowTasks: RowTasks
}

/**
 * Runs the boosting rounds and assembles the model. Base scores are rounded to float32 like leaf
 * values (ONNX stores both as float). Scores of training rows are maintained in place by adding each
 * tree's stored (float32, learning-rate-scaled) leaf values in tree order, which is exactly what
 * `predictGbdtRaw` sums, so the two agree bit for bit. Validation scores are updated per tree the
 * same way; metrics come from these maintained scores. Yields to the event loop once per round.
 */
export async function boost(setup: BoosterSetup): Promise<GbdtModel> {
  const { train, params, options, objective, workspace, learner, rowTasks } = setup
  const outputs = objective.outputs
  const rows = workspace.rows
  const baseScores = objective.initScores(train.labels, train.weights).map((s) => Math.fround(s))
  const scores = workspace.scores
  fillScores(scores, baseScores)
  const valid = options.valid
  const validScores = valid === undefined ? null : new Float64Array(valid.features.rowCount * outputs)
  if (validScores !== null) fillScores(validScores, baseScores)
  const trainWeight = totalWeight(train)
  const validWeight = valid === undefined ? 0 : totalWeight(valid)
  const root = new Random(params.seed)
  const bagRng = root.fork('bagging')
  const featureRng = root.fork('features')
  const trees: GbdtTree[] = []
  let bestLoss = Number.POSITIVE_INFINITY
  let bestRound = -1
  let rounds = 0
  for (let round = 0; round < params.numTrees; round++) {
    rowTasks.gradients()
    const bagCount = sampleBag(workspace.order, params.baggingFraction, bagRng)
    for (let k = 0; k < outputs; k++) {
      const featureCount = sampleFeatures(workspace.features, params.featureFraction, featureRng)
      const grown = learner.grow(bagCount, 2 * rows * k, featureCount)
      const values = leafValues(grown, setup, scores)
      addTree(grown, values, workspace, bagCount, scores, outputs, k)
      const tree = toGbdtTree(grown, values)
      if (valid !== undefined && validScores !== null)
        addTreeTo(tree, valid.features, validScores, outputs, k)
      trees.push(tree)
    }
    rounds = round + 1
    const report: { iteration: number; train: Record<string, number>; valid?: Record<string, number> } = {
      iteration: round,
      train: {},
    }
    if (options.onIteration !== undefined) {
      report.train[objective.metric] = objective.metricValue(rowTasks.lossSum(), trainWeight)
    }
    if (valid !== undefined && validScores !== null) {
      const loss = objective.metricValue(
        objective.lossSum(validScores, valid.labels, valid.weights, 0, valid.features.rowCount),
        validWeight,
      )
      report.valid = { [objective.metric]: loss }
      if (loss < bestLoss) {
        bestLoss = loss
        bestRound = round
      }
    }
    options.onIteration?.(report satisfies IterationReport)
    if (params.earlyStoppingRounds > 0 && bestRound >= 0 && round - bestRound >= params.earlyStoppingRounds)
      break
    await new Promise((resolve) => setImmediate(resolve))
  }
  const kept = params.earlyStoppingRounds > 0 && bestRound >= 0 ? bestRound + 1 : rounds
  const keptTrees = trees.slice(0, kept * outputs)
  return {
    format: 'shipyard.gbdt',
    version: 1,
    objective: params.objective,
    outputs,
    baseScores,
    trees: keptTrees,
    treeOutputs: keptTrees.map((_, t) => t % outputs),
    featureNames: [...train.features.names],
    categoricalFeatures: [...options.categoricalFeatures].sort((a, b) => a - b),
    bestIteration: kept,
    importance: featureImportance(keptTrees, workspace.width),
    params,
  }
}

function fillScores(scores: Float64Array, baseScores: readonly number[]): void {
  const outputs = baseScores.length
  for (let i = 0; i < scores.length; i++) scores[i] = baseScores[i % outputs]!
}

function totalWeight(data: TrainingMatrix): number {
  if (data.weights === undefined) return data.labels.length
  let sum = 0
  for (let r = 0; r < data.weights.length; r++) sum += data.weights[r]!
  return sum
}

// The stored value of each leaf: its output (Newton step, or the objective's refit) times the
// learning rate, rounded to float32 as ONNX stores it.
function leafValues(grown: GrownTree, setup: BoosterSetup, scores: Float64Array): Float64Array {
  const { objective, params, train, workspace } = setup
  const values = new Float64Array(grown.leaves.length)
  grown.leaves.forEach((leaf, i) => {
    const output =
      objective.renewLeaf === undefined || leaf.count === 0
        ? leafOutput(leaf.totals.g, leaf.totals.h, params)
        : objective.renewLeaf(
            workspace.order,
            leaf.begin,
            leaf.begin + leaf.count,
            scores,
            train.labels,
            train.weights,
          )
    values[i] = Math.fround(params.learningRate * output)
  })
  return values
}

// Adds the tree to the training scores of output k: bagged rows by leaf range, out-of-bag rows by
// walking the tree over their bins.
function addTree(
  grown: GrownTree,
  values: Float64Array,
  ws: TrainingWorkspace,
  bagCount: number,
  scores: Float64Array,
  outputs: number,
  k: number,
): void {
  const order = ws.order
  grown.leaves.forEach((leaf, i) => {
    const value = values[i]!
    for (let j = leaf.begin, end = leaf.begin + leaf.count; j < end; j++)
      scores[order[j]! * outputs + k]! += value
  })
  const { bins, stride } = ws
  for (let j = bagCount; j < ws.rows; j++) {
    const row = order[j]!
    let node = grown.nodes[0]!
    while (typeof node !== 'number') {
      const split = node.split
      node = grown.nodes[split.goesLeft[bins[row * stride + split.feature]!] === 1 ? node.left : node.right]!
    }
    scores[row * outputs + k]! += values[node]!
  }
}

function addTreeTo(
  tree: GbdtTree,
  features: FeatureMatrix,
  scores: Float64Array,
  outputs: number,
  k: number,
) {
  const width = features.names.length
  for (let r = 0; r < features.rowCount; r++) {
    scores[r * outputs + k]! += leafValue(tree.nodes, features.values, r * width)
  }
}
