import { attr, type OnnxGraphBuilder } from '../../onnx/index.js'
import type { FeatureStep, StepSpecBase } from '../feature-step.js'
import { onnxColumn } from '../onnx-columns.js'
import type { SpecReader } from '../spec-reader.js'
import { numericColumn, stepError } from '../step-columns.js'
import {
  codeTable,
  countCategories,
  mapCategories,
  onnxMapCategories,
  rankCategories,
  stringColumn,
} from './ordinal-step.js'

const TYPE = 'one_hot'

/**
 * `{ "type": "one_hot", "columns": ["city"], "maxCategories": 20, "unknown": "other", "missingColumn": true }`:
 * replaces each categorical or text column with one 0/1 column per category.
 */
export interface OneHotSpec extends StepSpecBase {
  readonly type: typeof TYPE
  readonly columns: readonly string[]
  /** Keep at most this many categories, the most frequent (default 20); rarer ones count as unknown. */
  readonly maxCategories?: number
  /** An unknown category: `'zeros'` (default, every column 0) or `'other'` (1 in an extra `<col>__other` column). */
  readonly unknown?: 'zeros' | 'other'
  /** Give missing values their own `<col>__missing` column (default false: every column 0). */
  readonly missingColumn?: boolean
}

/** The fitted step: the kept categories of each column, most frequent first (the output column order). */
export interface FittedOneHot {
  readonly spec: OneHotSpec
  readonly categories: readonly (readonly string[])[]
}

/** The default of `maxCategories`: enough for most low-cardinality columns, few enough to stay dense. */
export const ONE_HOT_DEFAULT_MAX_CATEGORIES = 20

/** Reads a one_hot spec (see `SpecReader` for the messages). */
export function parseOneHotSpec(r: SpecReader): OneHotSpec {
  return {
    type: TYPE,
    columns: r.columns(),
    maxCategories: r.number(
      'maxCategories',
      { min: 1, max: 4096, integer: true },
      ONE_HOT_DEFAULT_MAX_CATEGORIES,
    ),
    unknown: r.oneOf('unknown', ['zeros', 'other'], 'zeros'),
    missingColumn: r.boolean('missingColumn', false),
  }
}

/**
 * One-hot encoding of categorical and text columns.
 *
 * - Fit: the `maxCategories` most frequent non-missing training values of each column, most frequent first
 *   (ties by lexical order, so the result does not depend on row order). See `countCategories` for what is missing.
 * - Transform: the source column is replaced, at its place in the frame, by numeric 0/1 columns
 *   `<col>=<category>` in that order, then `<col>__other` when `unknown: 'other'`, then `<col>__missing`
 *   when `missingColumn`. A value not kept at fit time (unseen, or rarer than the kept ones) is all zeros, or
 *   1 in `<col>__other`; never an error. A missing value is all zeros, or 1 in `<col>__missing`; so
 *   `__other` is 1 exactly when the value is present and not a kept category. An output name that another
 *   column of the frame already has is an error (it would overwrite that column).
 * - ONNX: one ai.onnx.ml `LabelEncoder` string -> float code (category k -> k, unknown -> -1, `''` -> -2),
 *   one `Equal` against the row of codes the outputs stand for, a `Cast` to double, a `Split` into [N, 1]
 *   columns. Exact: codes are small integers. (ai.onnx `Equal` takes strings only from opset 19, and ml
 *   `OneHotEncoder` outputs [N, 1, K] and cannot flag unknowns, hence this form.)
 * - Bad input: a column that is not categorical or text, or is absent: `INVALID_PARAMETER_VALUE` naming
 *   the step, the column and the type found.
 */
export const oneHotStep: FeatureStep<OneHotSpec, FittedOneHot> = {
  fit(spec, frame) {
    const max = spec.maxCategories ?? ONE_HOT_DEFAULT_MAX_CATEGORIES
    return {
      spec,
      categories: spec.columns.map((name) =>
        rankCategories(countCategories(stringColumn(frame, TYPE, name)), 'frequency', max),
      ),
    }
  },

  transform(fitted, frame) {
    let out = frame
    fitted.spec.columns.forEach((name, j) => {
      const categories = fitted.categories[j]!
      const codes = mapCategories(stringColumn(frame, TYPE, name), codeTable(categories), UNKNOWN, MISSING)
      const outputs = outputsOf(fitted.spec, name, categories)
      // Codes run from MISSING (-2) up; slot[code + 2] is the output column of a code, or -1 for none.
      const slot = new Int32Array(categories.length + 2).fill(-1)
      outputs.forEach((output, k) => {
        slot[output.code + 2] = k
      })
      const values = outputs.map(() => new Float64Array(codes.length))
      for (let i = 0; i < codes.length; i++) {
        const k = slot[codes[i]! + 2]!
        if (k >= 0) values[k]![i] = 1
      }
      out = replaceColumn(
        out,
        TYPE,
        name,
        outputs.map((output, k) => [output.name, numericColumn(output.name, values[k]!)] as const),
      )
    })
    return out
  },

  toOnnx(fitted, graph, frame) {
    let out = frame
    fitted.spec.columns.forEach((name, j) => {
      const categories = fitted.categories[j]!
      const outputs = outputsOf(fitted.spec, name, categories)
      const x = onnxColumn(frame, TYPE, name, 'string')
      let tensors: string[] = []
      if (outputs.length > 0) {
        const values = categories.map((_, code) => code)
        const codes = onnxMapCategories(graph, x, categories, values, UNKNOWN, MISSING, `${name}_onehot_code`)
        const targets = outputs.map((output) => output.code)
        tensors = indicatorColumns(graph, name, codes, 'float', targets)
      }
      out = replaceColumn(
        out,
        TYPE,
        name,
        outputs.map((output, k) => [output.name, { tensor: tensors[k]!, type: 'double' }] as const),
      )
    })
    return out
  },
}

// The codes `mapCategories` gives what is not a kept category.
const UNKNOWN = -1
const MISSING = -2

interface OneHotOutput {
  readonly name: string
  /** The code (from `mapCategories`) for which this column is 1. */
  readonly code: number
}

function outputsOf(spec: OneHotSpec, name: string, categories: readonly string[]): OneHotOutput[] {
  const outputs = categories.map((category, code) => ({ name: `${name}=${category}`, code }))
  if (spec.unknown === 'other') outputs.push({ name: `${name}__other`, code: UNKNOWN })
  if (spec.missingColumn) outputs.push({ name: `${name}__missing`, code: MISSING })
  return outputs
}

/**
 * The graph half of an indicator expansion: `Equal(codes, [t0, t1, ...])` cast to double and split into
 * one [N, 1] tensor per target (1 where the code equals it, else 0; NaN equals nothing). `codes` is an
 * [N, 1] tensor of element type `type`; `targets` must not be empty. Returns the tensor names in order.
 */
export function indicatorColumns(
  graph: OnnxGraphBuilder,
  hint: string,
  codes: string,
  type: 'float' | 'double',
  targets: readonly number[],
  multiplier?: string,
): string[] {
  const row = graph.addConstant(`${hint}_targets`, { type, dims: [1, targets.length], values: [...targets] })
  const [equal] = graph.addNode('Equal', [codes, row], {}, { name: `${hint}_is` })
  let [indicators] = graph.addNode('Cast', [equal!], { to: attr.int(11) }, { name: `${hint}_indicators` })
  if (multiplier !== undefined)
    [indicators] = graph.addNode('Mul', [indicators!, multiplier], {}, { name: `${hint}_signed` })
  if (targets.length === 1) return [indicators!]
  return graph.addNode('Split', [indicators!], { axis: attr.int(1) }, { outputs: targets.length, name: hint })
}

/**
 * A copy of `frame` (a `Frame` or an `OnnxFrame`) with column `name` replaced, at its place, by `added`
 * (possibly none). The order of the other columns is kept, which is what orders the default features.
 * An added name that another column already has is `INVALID_PARAMETER_VALUE` naming `step` and `name`:
 * overwriting an unrelated column silently would corrupt the features.
 */
export function replaceColumn<V>(
  frame: ReadonlyMap<string, V>,
  step: string,
  name: string,
  added: readonly (readonly [string, V])[],
): Map<string, V> {
  for (const [addedName] of added) {
    if (addedName !== name && frame.has(addedName)) {
      throw stepError(step, name, `would produce column '${addedName}', which the frame already has`)
    }
  }
  const out = new Map<string, V>()
  for (const [key, value] of frame) {
    if (key !== name) out.set(key, value)
    else for (const [addedName, column] of added) out.set(addedName, column)
  }
  return out
}
