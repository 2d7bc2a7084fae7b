import type { Task, TrainedModel } from '../models/index.js'
import type { Explanation } from './explain-rows.js'

/**
 * What a raw score is: `log_odds` of the positive class (binary), `raw` per-class scores before the
 * softmax (multiclass), or the predicted `value` itself (regression).
 */
export type ScoreSpace = 'log_odds' | 'raw' | 'value'

const SPACES: { readonly [T in Task]: ScoreSpace } = {
  binary: 'log_odds',
  multiclass: 'raw',
  regression: 'value',
}

/** One row's explanation of one output, as JSON: `base_value + Σ contributions = raw_score`. */
export interface OutputExplanationJson {
  /** Multiclass only: the class this output scores. */
  readonly class?: number | string
  readonly base_value: number
  readonly raw_score: number
  /** Raw input column → contribution, in the model's input order. */
  readonly contributions: Readonly<Record<string, number>>
  /** Transformed feature → contribution, in the model's feature order. */
  readonly feature_contributions: Readonly<Record<string, number>>
}

/** An `Explanation` as the explain endpoint and `shipyard explain --json` give it. */
export interface ExplanationJson {
  readonly space: ScoreSpace
  /** Binary only: the class whose log-odds the raw score is. */
  readonly positive_class?: number | string
  /** One entry per row: one output's explanation, or, for multiclass, one per class in class order. */
  readonly explanations: readonly (OutputExplanationJson | readonly OutputExplanationJson[])[]
}

/**
 * The JSON form of `explanation`, which `explainRows` made for `model`: numbers at full precision, the
 * space the raw scores are in stated once.
 */
export function explanationJson(model: TrainedModel, explanation: Explanation): ExplanationJson {
  const { rowCount, outputs } = explanation
  const multiclass = model.task === 'multiclass'
  const explanations = Array.from({ length: rowCount }, (_, row) => {
    const perOutput = outputs.map((_output, k) => outputJson(explanation, row * outputs.length + k))
    return multiclass ? perOutput.map((json, k) => ({ class: outputs[k]!, ...json })) : perOutput[0]!
  })
  return {
    space: SPACES[model.task],
    ...(model.task === 'binary' ? { positive_class: outputs[0]! } : {}),
    explanations,
  }
}

// `group` is row * outputs + output, the index of one raw score.
function outputJson(e: Explanation, group: number): OutputExplanationJson {
  return {
    base_value: e.baseValues[group % e.outputs.length]!,
    raw_score: e.rawScores[group]!,
    contributions: named(e.columns, e.columnContributions, group),
    feature_contributions: named(e.features, e.featureContributions, group),
  }
}

function named(names: readonly string[], values: Float64Array, group: number): Record<string, number> {
  const start = group * names.length
  // fromEntries defines own properties, so a column named `__proto__` is kept like any other.
  return Object.fromEntries(names.map((name, j) => [name, values[start + j]!]))
}
