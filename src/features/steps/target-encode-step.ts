import { type Column, columnLength } from '../../data/index.js'
import { attr } from '../../onnx/index.js'
import { Random, ShipyardError } from '../../shared/index.js'
import type { FeatureStep, FitContext, StepSpecBase } from '../feature-step.js'
import { onnxColumn, withDoubleColumns } from '../onnx-columns.js'
import type { SpecReader } from '../spec-reader.js'
import { numericColumn, stepError, withColumns } from '../step-columns.js'
import {
  codeTable,
  countCategories,
  mapCategories,
  onnxMapCategories,
  rankCategories,
  stringColumn,
} from './ordinal-step.js'

const TYPE = 'target_encode'

/**
 * `{ "type": "target_encode", "columns": ["merchant"], "smoothing": 10, "folds": 5 }`: replaces each
 * categorical or text column with the smoothed mean of the target per category.
 */
export interface TargetEncodeSpec extends StepSpecBase {
  readonly type: typeof TYPE
  readonly columns: readonly string[]
  /** The m of the m-estimate: how many rows of prior a category's mean is blended with (default 10, >= 0). */
  readonly smoothing?: number
  /** The number of folds of the out-of-fold training transform (default 5, 2..100). */
  readonly folds?: number
  /** For a categorical target: the level that counts as 1 (default: the lexically larger of exactly two). */
  readonly positive?: string
}

/** The fitted step: the serving table, fitted on all training rows. Values are float32 (see the step). */
export interface FittedTargetEncode {
  readonly spec: TargetEncodeSpec
  /** The target's mean over all training rows: the encoding of unknown and missing categories. */
  readonly prior: number
  /** Per column, every category seen in training (most frequent first)... */
  readonly categories: readonly (readonly string[])[]
  /** ...and its smoothed target mean, in the same order. */
  readonly values: readonly (readonly number[])[]
  /** The categorical target's level read as 1, or null for a numeric or boolean target. */
  readonly positiveLabel: string | null
}

/** Reads a target_encode spec (see `SpecReader` for the messages). */
export function parseTargetEncodeSpec(r: SpecReader): TargetEncodeSpec {
  const columns = r.columns()
  const smoothing = r.number('smoothing', { min: 0 }, TARGET_ENCODE_DEFAULT_SMOOTHING)
  const folds = r.number('folds', { min: 2, max: 100, integer: true }, 5)
  const positive = r.raw('positive')
  if (positive !== undefined && (typeof positive !== 'string' || positive === '')) {
    throw r.error(
      'positive',
      `must be a non-empty string (a level of the target), got ${JSON.stringify(positive)}`,
    )
  }
  return { type: TYPE, columns, smoothing, folds, ...(positive === undefined ? {} : { positive }) }
}

/** The default m: a category needs about 10 rows before its own mean outweighs the global mean. */
export const TARGET_ENCODE_DEFAULT_SMOOTHING = 10

/**
 * Target encoding (m-estimate), for high-cardinality categories in supervised models.
 *
 * - Target (`context.target`): numeric (regression: the mean of the values), boolean (the mean of 1/0),
 *   or categorical, read as 1 for `positive` and 0 otherwise; without `positive` it must have exactly two
 *   levels and the lexically larger is 1 (`no`/`yes`, `false`/`true`, `0`/`1`). A missing or non-finite
 *   target value, a text or datetime target, or no target at all is `INVALID_PARAMETER_VALUE` naming the
 *   step (and the target column and row).
 * - Fit, on all training rows: prior = mean target; per category c seen, (sum_c + m * prior) / (n_c + m)
 *   with m = `smoothing`. This table serves `transform` and the ONNX graph. Unknown and missing -> prior.
 * - `transformTraining` (the pipeline's transform of the training rows): out-of-fold, so that no row is
 *   encoded with its own label. Rows are dealt into `folds` folds by a shuffle seeded with `context.seed`
 *   (`Random(seed).fork('target_encode')`, the same folds for every column); a row's value uses the
 *   statistics and the prior of the other folds only.
 * - Values are rounded to float32 at fit time, because ai.onnx.ml `LabelEncoder` (ml opset 3) holds float32:
 *   so the TypeScript transform and the graph agree bit for bit.
 * - ONNX: `LabelEncoder` string -> float (`default_float` and `''` -> prior), `Cast` to double.
 * - Bad input: a feature column that is not categorical or text, or absent: `INVALID_PARAMETER_VALUE` naming
 *   the step, the column and the type found.
 */
export const targetEncodeStep: FeatureStep<TargetEncodeSpec, FittedTargetEncode> = {
  fit(spec, frame, context) {
    const { y, positiveLabel } = targetValues(context, spec.positive)
    const m = spec.smoothing ?? TARGET_ENCODE_DEFAULT_SMOOTHING
    const prior = mean(y)
    const categories: string[][] = []
    const values: number[][] = []
    for (const name of spec.columns) {
      const column = stringColumn(frame, TYPE, name)
      checkLength(column, y, context.target!.name)
      const kept = rankCategories(countCategories(column), 'frequency')
      const codes = mapCategories(column, codeTable(kept), -1, -1)
      const { sums, counts } = categoryTotals(codes, y, kept.length, null, 0)
      categories.push(kept)
      values.push(kept.map((_, c) => Math.fround((sums[c]! + m * prior) / (counts[c]! + m))))
    }
    return { spec, prior: Math.fround(prior), categories, values, positiveLabel }
  },

  transform(fitted, frame) {
    const columns = fitted.spec.columns.map((name, j) => {
      const table = new Map(fitted.categories[j]!.map((category, c) => [category, fitted.values[j]![c]!]))
      const encoded = mapCategories(stringColumn(frame, TYPE, name), table, fitted.prior, fitted.prior)
      return numericColumn(name, encoded)
    })
    return withColumns(frame, columns)
  },

  transformTraining(fitted, frame, context) {
    const { y } = targetValues(context, fitted.positiveLabel ?? undefined)
    const m = fitted.spec.smoothing ?? TARGET_ENCODE_DEFAULT_SMOOTHING
    const k = fitted.spec.folds ?? 5
    const fold = assignFolds(y.length, k, context.seed)
    // Every row in one category (code 0): its totals are those of the whole target, in all and per fold.
    const overall = categoryTotals(new Float64Array(y.length), y, 1, fold, k)
    // Each fold's prior: the mean target of the other folds (the global one should a fold hold every row).
    const priors = Float64Array.from({ length: k }, (_, f) => {
      const n = overall.counts[0]! - overall.foldCounts[f]!
      return n > 0 ? (overall.sums[0]! - overall.foldSums[f]!) / n : fitted.prior
    })
    const columns = fitted.spec.columns.map((name, j) => {
      const column = stringColumn(frame, TYPE, name)
      checkLength(column, y, context.target!.name)
      const c = fitted.categories[j]!.length
      const codes = mapCategories(column, codeTable(fitted.categories[j]!), -1, -1)
      const t = categoryTotals(codes, y, c, fold, k)
      const out = new Float64Array(y.length)
      for (let i = 0; i < out.length; i++) {
        const f = fold[i]!
        const code = codes[i]!
        const n = code < 0 ? 0 : t.counts[code]! - t.foldCounts[f * c + code]!
        const sum = code < 0 ? 0 : t.sums[code]! - t.foldSums[f * c + code]!
        const denominator = n + m
        out[i] = Math.fround(denominator > 0 ? (sum + m * priors[f]!) / denominator : priors[f]!)
      }
      return numericColumn(name, out)
    })
    return withColumns(frame, columns)
  },

  toOnnx(fitted, graph, frame) {
    const columns = fitted.spec.columns.map((name, j) => {
      const x = onnxColumn(frame, TYPE, name, 'string')
      const categories = fitted.categories[j]!
      const encoded = onnxMapCategories(
        graph,
        x,
        categories,
        fitted.values[j]!,
        fitted.prior,
        fitted.prior,
        name,
      )
      const [asDouble] = graph.addNode('Cast', [encoded], { to: attr.int(11) }, { name: `${name}_te` })
      return [name, asDouble!] as const
    })
    return withDoubleColumns(frame, columns)
  },
}

/**
 * The target as numbers (see the step's doc) and, for a categorical target, the level read as 1.
 * `positive` picks that level; without it a categorical target must have exactly two levels.
 */
function targetValues(
  context: FitContext,
  positive: string | undefined,
): { y: Float64Array; positiveLabel: string | null } {
  const target = context.target
  if (!target) {
    throw new ShipyardError(
      'INVALID_PARAMETER_VALUE',
      `${TYPE}: needs a target column; fit the pipeline with a target`,
      {
        details: { step: TYPE },
      },
    )
  }
  const name = target.name
  const missingAt = (i: number) => stepError(TYPE, name, `(the target) is missing or not finite at row ${i}`)
  switch (target.type) {
    case 'numeric': {
      const y = Float64Array.from(target.values)
      const bad = y.findIndex((v) => !Number.isFinite(v))
      if (bad >= 0) throw missingAt(bad)
      return { y, positiveLabel: null }
    }
    case 'boolean': {
      const bad = target.values.indexOf(-1)
      if (bad >= 0) throw missingAt(bad)
      return { y: Float64Array.from(target.values), positiveLabel: null }
    }
    case 'categorical':
      return categoricalTarget(target, positive)
    default:
      throw stepError(
        TYPE,
        name,
        `(the target) is ${target.type}; ${TYPE} needs a numeric, boolean or categorical target`,
      )
  }
}

function categoricalTarget(
  target: Extract<Column, { type: 'categorical' }>,
  positive: string | undefined,
): { y: Float64Array; positiveLabel: string } {
  const levels = [...countCategories(target).keys()].sort()
  let label = positive
  if (label === undefined) {
    if (levels.length !== 2) {
      throw stepError(
        TYPE,
        target.name,
        `(the target) has ${levels.length} levels (${levels
          .slice(0, 5)
          .map((l) => `'${l}'`)
          .join(', ')}); ` + `without 'positive' ${TYPE} needs exactly 2`,
      )
    }
    label = levels[1]!
  }
  const y = new Float64Array(target.codes.length)
  const isPositive = target.dictionary.map((level) => level === label)
  for (let i = 0; i < y.length; i++) {
    const code = target.codes[i]!
    if (code < 0 || target.dictionary[code] === '') {
      throw stepError(TYPE, target.name, `(the target) is missing or not finite at row ${i}`)
    }
    y[i] = isPositive[code] ? 1 : 0
  }
  return { y, positiveLabel: label }
}

interface Totals {
  readonly sums: Float64Array
  readonly counts: Float64Array
  /** Per fold and category, `[fold * categories + code]`; empty without folds. */
  readonly foldSums: Float64Array
  readonly foldCounts: Float64Array
}

// Target sums and row counts per category code (rows with code < 0 are left out), in total and per fold.
function categoryTotals(
  codes: Float64Array,
  y: Float64Array,
  categories: number,
  fold: Int32Array | null,
  folds: number,
): Totals {
  const sums = new Float64Array(categories)
  const counts = new Float64Array(categories)
  const foldSums = new Float64Array(fold ? folds * categories : 0)
  const foldCounts = new Float64Array(foldSums.length)
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!
    if (code < 0) continue
    sums[code]! += y[i]!
    counts[code]!++
    if (fold) {
      const at = fold[i]! * categories + code
      foldSums[at]! += y[i]!
      foldCounts[at]!++
    }
  }
  return { sums, counts, foldSums, foldCounts }
}

/** Each row's fold: a seeded shuffle of the rows dealt round-robin, so fold sizes differ by at most one. */
function assignFolds(rows: number, folds: number, seed: number): Int32Array {
  const order = new Random(seed).fork(TYPE).shuffleInPlace(Int32Array.from({ length: rows }, (_, i) => i))
  const fold = new Int32Array(rows)
  for (let i = 0; i < rows; i++) fold[order[i]!] = i % folds
  return fold
}

function mean(y: Float64Array): number {
  let sum = 0
  for (let i = 0; i < y.length; i++) sum += y[i]!
  return y.length > 0 ? sum / y.length : 0
}

function checkLength(column: Column, y: Float64Array, target: string): void {
  const n = columnLength(column)
  if (n !== y.length) {
    throw stepError(TYPE, column.name, `has ${n} rows but the target '${target}' has ${y.length}`)
  }
}
