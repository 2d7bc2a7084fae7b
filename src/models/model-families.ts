import type { FeatureMatrix } from '../features/index.js'
import type { OnnxGraphBuilder } from '../onnx/index.js'
import { invalidValue } from '../shared/index.js'
import type { GbdtModel, GbdtParams } from './gbdt/gbdt-model.js'
import { appendGbdtToGraph } from './gbdt/gbdt-onnx.js'
import { predictGbdtRaw } from './gbdt/gbdt-predict.js'
import { GBDT_DEFAULTS, trainGbdt } from './gbdt/train-gbdt.js'
import type { LinearModel, LinearParams } from './linear/linear-model.js'
import { appendLinearToGraph } from './linear/linear-onnx.js'
import { predictLinearRaw } from './linear/predict-linear.js'
import { LINEAR_DEFAULTS, trainLinear } from './linear/train-linear.js'
import { GBDT_PARAMS } from './params/gbdt-params.js'
import { LINEAR_PARAMS } from './params/linear-params.js'
import { type ParamTable, parseParams } from './params/param-table.js'
import type { ClassLabels, Task, TrainerOptions, TrainingMatrix } from './training-data.js'

/** The model families Shipyard trains. */
export const MODEL_KINDS = ['gbdt', 'linear'] as const
export type ModelKind = (typeof MODEL_KINDS)[number]

/** A trained model's own part (trees or coefficients), tagged with its family. */
export type ModelBody =
  | { readonly kind: 'gbdt'; readonly model: GbdtModel }
  | { readonly kind: 'linear'; readonly model: LinearModel }

/** A feature's weight in a model, for reports: gain and split counts (trees), |coefficient| (linear). */
export interface FeatureImportance {
  readonly feature: string
  readonly gain: number
  readonly split: number
}

/** What the rest of the code needs of a model family; one entry per kind in `MODEL_FAMILIES`. */
interface ModelFamily<M, P> {
  readonly params: ParamTable<P>
  /** Every parameter's default. */
  readonly defaults: P
  /** Resolved parameters for a task with `classes` classes (0 for regression), from user values. */
  resolveParams(task: Task, classes: number, given: Readonly<Record<string, unknown>>, seed: number): P
  train(
    matrix: TrainingMatrix,
    params: P,
    options: TrainerOptions & { categoricalFeatures: readonly number[] },
  ): Promise<M>
  predictRaw(model: M, features: FeatureMatrix): Float64Array
  appendToGraph(model: M, graph: OnnxGraphBuilder, features: string, labels: ClassLabels | null): void
  importance(model: M): FeatureImportance[]
  outputs(model: M): number
}

const gbdt: ModelFamily<GbdtModel, GbdtParams> = {
  params: GBDT_PARAMS,
  defaults: GBDT_DEFAULTS,
  resolveParams(task, classes, given, seed) {
    const params = parseParams(GBDT_PARAMS, { ...GBDT_DEFAULTS, seed }, given, 'gbdt')
    const objective = objectiveFor(task, params.objective, given.objective !== undefined)
    return { ...params, objective, numClasses: task === 'multiclass' ? classes : 1 }
  },
  train: (matrix, params, options) => trainGbdt(matrix, params, options),
  predictRaw: predictGbdtRaw,
  appendToGraph: appendGbdtToGraph,
  importance: (model) =>
    model.featureNames.map((feature, f) => ({
      feature,
      gain: model.importance.gain[f]!,
      split: model.importance.split[f]!,
    })),
  outputs: (model) => model.outputs,
}

const linear: ModelFamily<LinearModel, LinearParams> = {
  params: LINEAR_PARAMS,
  defaults: LINEAR_DEFAULTS,
  resolveParams(task, classes, given) {
    const params = parseParams(LINEAR_PARAMS, LINEAR_DEFAULTS, given, 'linear')
    const objective = task === 'binary' ? 'logistic' : task === 'multiclass' ? 'softmax' : 'regression'
    return { ...params, objective, numClasses: task === 'multiclass' ? classes : 1 }
  },
  train: async (matrix, params, options) => trainLinear(matrix, params, options),
  predictRaw: predictLinearRaw,
  appendToGraph: appendLinearToGraph,
  importance: (model) => {
    const width = model.featureNames.length
    return model.featureNames.map((feature, f) => {
      let gain = 0
      for (let k = 0; k < model.outputs; k++) gain += Math.abs(model.coefficients[k * width + f]!)
      return { feature, gain, split: 0 }
    })
  },
  outputs: (model) => model.outputs,
}

/** Every family by kind; a new kind does not compile until it is here. */
export const MODEL_FAMILIES: {
  readonly [K in ModelKind]: ModelFamily<
    Extract<ModelBody, { kind: K }>['model'],
    K extends 'gbdt' ? GbdtParams : LinearParams
  >
} = {
  gbdt,
  linear,
}

/** The family of a model body, with its model, for calls that work on any kind. */
export function familyOf(body: ModelBody): { family: ModelFamily<unknown, unknown>; model: unknown } {
  return { family: MODEL_FAMILIES[body.kind] as ModelFamily<unknown, unknown>, model: body.model }
}

// The task fixes the objective of classifiers; regression chooses its loss.
function objectiveFor(task: Task, asked: GbdtParams['objective'], given: boolean): GbdtParams['objective'] {
  const regression = asked === 'regression_l2' || asked === 'regression_l1' || asked === 'huber'
  if (task === 'regression') {
    if (!given) return 'regression_l2'
    if (regression) return asked
    throw invalidValue(
      'params.objective',
      `'${asked}' does not fit a regression target; use regression_l2, regression_l1 or huber`,
    )
  }
  if (given && asked !== task) {
    throw invalidValue(
      'params.objective',
      `'${asked}' does not fit a ${task} target; leave it out or use '${task}'`,
    )
  }
  return task
}
