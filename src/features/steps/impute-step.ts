import type { Column, NumericArray } from '../../data/index.js'
import { attr, type OnnxGraphBuilder } from '../../onnx/index.js'
import type { FeatureStep, OnnxColumn, StepSpecBase } from '../feature-step.js'
import { doubleScalar, onnxColumn } from '../onnx-columns.js'
import { scratchValues } from '../pipeline-io.js'
import type { SpecReader } from '../spec-reader.js'
import { finiteMoments, finiteQuantiles, sortedFinite } from '../statistics.js'
import { numericColumn, numericValues, requireColumn, stepError, withColumns } from '../step-columns.js'

const TYPE = 'impute'
const STRATEGIES = ['mean', 'median', 'most_frequent', 'constant'] as const

/**
 * `{ "type": "impute", "columns": ["age"], "strategy": "median", "indicator": true }`: fills missing
 * values with a statistic of the training data or a constant; `indicator` adds `<column>__missing`.
 */
export interface ImputeSpec extends StepSpecBase {
  readonly type: typeof TYPE
  readonly columns: readonly string[]
  readonly strategy: (typeof STRATEGIES)[number]
  /** The fill of strategy `constant`: a number for numeric columns, a non-empty string for categories. */
  readonly value?: number | string
  /** Add a 1/0 column `<column>__missing` per column, computed before filling (default false). */
  readonly indicator?: boolean
}

/** The fitted step: the fill of each column, in `spec.columns` order (a string for category columns). */
export interface FittedImpute {
  readonly spec: ImputeSpec
  readonly fills: readonly (number | string)[]
  /** How many training rows each column had missing (the rows the fit-time transform filled): nothing is filled silently. */
  readonly imputed: readonly number[]
}

/** The name of the missing-indicator column of `column`. */
export const indicatorName = (column: string): string => `${column}__missing`

/** Reads an impute spec: `value` is required by, and only allowed with, strategy `constant`. */
export function parseImputeSpec(r: SpecReader): ImputeSpec {
  const columns = r.columns()
  const strategy = r.oneOf('strategy', STRATEGIES)
  const indicator = r.boolean('indicator', false)
  const value = r.raw('value')
  if (strategy !== 'constant') {
    if (value !== undefined) throw r.error('value', "is only used with strategy 'constant'")
    return { type: TYPE, columns, strategy, indicator }
  }
  const valid =
    (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value !== '')
  if (!valid)
    throw r.error('value', 'must be a finite number (numeric columns) or a non-empty string (categories)')
  return { type: TYPE, columns, strategy, value: value as number | string, indicator }
}

/**
 * Imputation. Only missing values are filled (NaN, a missing category or boolean); ±Infinity are values
 * and stay. Statistics use the finite training values: `mean`, `median` (linear interpolation),
 * `most_frequent` (ties: the smallest number, or the first category in code-unit order).
 * Numeric and boolean columns become numeric columns; categorical and text columns take `most_frequent`
 * or `constant` and stay categorical/text, so that an encoder step follows (the fill category may be
 * new: it is added to the dictionary). A column with no value to learn from is an error naming it:
 * use `constant` there. The indicator column is added whether or not the training data had missing values,
 * so the feature set never depends on the sample.
 * ONNX: numbers `Where(IsNaN(x), fill, x)`; strings `Where(missing, fill, x)` with `missing` from an
 * ai.onnx.ml `LabelEncoder` mapping '' to 1 (string `Equal` needs opset 19); indicators cast the mask to double.
 */
export const imputeStep: FeatureStep<ImputeSpec, FittedImpute> = {
  fit(spec, frame) {
    const columns = spec.columns.map((name) => requireColumn(frame, TYPE, name))
    return {
      spec,
      fills: columns.map((column) => fitFill(spec, column, frame)),
      imputed: columns.map(countMissing),
    }
  },

  transform(fitted, frame) {
    // A column listed twice must read its input twice: then nothing is overwritten.
    const inPlace = new Set(fitted.spec.columns).size === fitted.spec.columns.length
    const columns = fitted.spec.columns.flatMap((name, j): Column[] => {
      const column = requireColumn(frame, TYPE, name)
      if (fitted.spec.indicator && frame.has(indicatorName(name))) {
        throw stepError(
          TYPE,
          indicatorName(name),
          `exists already; the missing indicator of '${name}' would overwrite it`,
        )
      }
      const { filled, missing } = fillColumn(
        column,
        fitted.fills[j]!,
        frame,
        fitted.spec.indicator === true,
        inPlace,
      )
      return fitted.spec.indicator && missing
        ? [filled, numericColumn(indicatorName(name), missing)]
        : [filled]
    })
    return withColumns(frame, columns)
  },

  toOnnx(fitted, graph, frame) {
    const out = new Map(frame)
    fitted.spec.columns.forEach((name, j) => {
      const fill = fitted.fills[j]!
      const type: OnnxColumn['type'] = typeof fill === 'number' ? 'double' : 'string'
      const { tensor, indicator } = fillOnnx(graph, name, onnxColumn(frame, TYPE, name, type), fill)
      out.set(name, { tensor, type })
      if (fitted.spec.indicator) out.set(indicatorName(name), { tensor: indicator, type: 'double' })
    })
    return out
  },
}

function fitFill(spec: ImputeSpec, column: Column, frame: ReadonlyMap<string, Column>): number | string {
  const categorical = column.type === 'categorical' || column.type === 'text'
  if (spec.strategy === 'constant') {
    if (categorical !== (typeof spec.value === 'string')) {
      const wanted = categorical ? 'a string' : 'a number'
      throw stepError(
        TYPE,
        column.name,
        `is ${column.type}; its constant fill must be ${wanted}, got ${JSON.stringify(spec.value)}`,
      )
    }
    return spec.value!
  }
  if (categorical) {
    if (spec.strategy !== 'most_frequent') {
      throw stepError(
        TYPE,
        column.name,
        `is ${column.type}; strategy '${spec.strategy}' needs numbers: use 'most_frequent' or 'constant'`,
      )
    }
    const mode = mostFrequentCategory(column)
    if (mode === null) throw noValue(column.name)
    return mode
  }
  const x = numericValues(frame, TYPE, column.name)
  // Each statistic is NaN exactly when there is no finite value: one pass over the column, not two.
  const fill =
    spec.strategy === 'mean'
      ? finiteMoments(x).mean
      : spec.strategy === 'median'
        ? finiteQuantiles(x, [0.5])[0]!
        : mostFrequentNumber(sortedFinite(x))
  if (Number.isNaN(fill)) throw noValue(column.name)
  return fill
}

function noValue(column: string) {
  return stepError(
    TYPE,
    column,
    "has no non-missing finite value in the training data to learn a fill from; use strategy 'constant'",
  )
}

function fillColumn(
  column: Column,
  fill: number | string,
  frame: ReadonlyMap<string, Column>,
  indicator: boolean,
  inPlace: boolean,
): { filled: Column; missing: Float64Array | null } {
  if (typeof fill === 'number') {
    const x = numericValues(frame, TYPE, column.name)
    const scratch = inPlace ? scratchValues(frame, column.name) : null
    if (indicator) return fillWithIndicator(column.name, x, fill, scratch)
    return {
      filled: scratch ? fillScratch(column.name, scratch, fill) : fillNumbers(column, x, fill),
      missing: null,
    }
  }
  const n = column.type === 'categorical' ? column.codes.length : column.values.length
  const missing = new Float64Array(n)
  if (column.type === 'categorical') {
    const found = column.dictionary.indexOf(fill)
    const dictionary = found === -1 ? [...column.dictionary, fill] : column.dictionary
    const fillCode = found === -1 ? column.dictionary.length : found
    const codes = new Int32Array(n)
    for (let i = 0; i < n; i++) {
      const c = column.codes[i]!
      missing[i] = c === -1 ? 1 : 0
      codes[i] = c === -1 ? fillCode : c
    }
    return { filled: { name: column.name, type: 'categorical', codes, dictionary }, missing }
  }
  if (column.type === 'text') {
    const values = column.values.map((v, i) => {
      missing[i] = v === null ? 1 : 0
      return v ?? fill
    })
    return { filled: { name: column.name, type: 'text', values }, missing }
  }
  throw stepError(TYPE, column.name, `is ${column.type}; it was fitted with a category fill`)
}

// Without an indicator the only output is the filled column. A float64 column with nothing missing is
// shared as it is (columns are immutable), so a complete column costs one read and no allocation; else
// it is copied with `slice` (a memcpy, several times faster into fresh memory than a loop) and filled
// from its first missing value on. The float64 copy `numericValues` makes of a boolean column is ours.
function fillNumbers(column: Column, x: NumericArray, fill: number): Column {
  if (!(x instanceof Float64Array)) {
    const values = new Float64Array(x.length)
    for (let i = 0; i < x.length; i++) values[i] = Number.isNaN(x[i]!) ? fill : x[i]!
    return numericColumn(column.name, values)
  }
  let first = 0
  while (first < x.length && !Number.isNaN(x[first]!)) first++
  const shared = column.type === 'numeric' && x === column.values
  if (first === x.length && shared) return column
  const values = shared ? x.slice() : x
  for (let i = first; i < values.length; i++) if (Number.isNaN(values[i]!)) values[i] = fill
  return numericColumn(column.name, values)
}

// A scratch column of a pipeline run (see `PipelineFrame`) is filled in place.
function fillScratch(name: string, values: Float64Array, fill: number): Column {
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i]!)) values[i] = fill
  return numericColumn(name, values)
}

function fillWithIndicator(
  name: string,
  x: NumericArray,
  fill: number,
  scratch: Float64Array | null,
): { filled: Column; missing: Float64Array } {
  const n = x.length
  const missing = new Float64Array(n)
  const values = scratch ?? new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const v = x[i]!
    const absent = Number.isNaN(v)
    missing[i] = absent ? 1 : 0
    values[i] = absent ? fill : v
  }
  return { filled: numericColumn(name, values), missing }
}

function fillOnnx(
  graph: OnnxGraphBuilder,
  name: string,
  x: string,
  fill: number | string,
): { tensor: string; indicator: string } {
  if (typeof fill === 'number') {
    const [missing] = graph.addNode('IsNaN', [x])
    const [tensor] = graph.addNode(
      'Where',
      [missing!, doubleScalar(graph, `${name}_fill`, fill), x],
      {},
      { name: `${name}_imputed` },
    )
    const [indicator] = graph.addNode('Cast', [missing!], { to: attr.int(11) }, { name: indicatorName(name) })
    return { tensor: tensor!, indicator: indicator! }
  }
  const [flag] = graph.addNode(
    'LabelEncoder',
    [x],
    { keys_strings: attr.strings(['']), values_int64s: attr.ints([1]), default_int64: attr.int(0) },
    { domain: 'ai.onnx.ml' },
  )
  const [missing] = graph.addNode('Cast', [flag!], { to: attr.int(9) })
  const fillTensor = graph.addConstant(`${name}_fill`, { type: 'string', dims: [], values: [fill] })
  const [tensor] = graph.addNode('Where', [missing!, fillTensor, x], {}, { name: `${name}_imputed` })
  const [indicator] = graph.addNode('Cast', [flag!], { to: attr.int(11) }, { name: indicatorName(name) })
  return { tensor: tensor!, indicator: indicator! }
}

function countMissing(column: Column): number {
  let n = 0
  if (column.type === 'categorical') {
    const codes = column.codes
    for (let i = 0; i < codes.length; i++) if (codes[i] === -1) n++
  } else if (column.type === 'text') {
    for (const v of column.values) if (v === null) n++
  } else if (column.type === 'boolean') {
    const values = column.values
    for (let i = 0; i < values.length; i++) if (values[i] === -1) n++
  } else {
    const values = column.values
    for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i]!)) n++
  }
  return n
}

// `sorted` is ascending and non-empty: the longest run wins, the first (smallest) among equals.
function mostFrequentNumber(sorted: Float64Array): number {
  let best = sorted[0]!
  let bestCount = 0
  for (let i = 0; i < sorted.length; ) {
    let j = i
    while (j < sorted.length && sorted[j] === sorted[i]) j++
    if (j - i > bestCount) {
      best = sorted[i]!
      bestCount = j - i
    }
    i = j
  }
  return best
}

function mostFrequentCategory(column: Column): string | null {
  const counts = new Map<string, number>()
  if (column.type === 'categorical') {
    const byCode = new Float64Array(column.dictionary.length)
    for (const c of column.codes) if (c >= 0) byCode[c]!++
    column.dictionary.forEach((value, c) => {
      if (byCode[c]! > 0) counts.set(value, (counts.get(value) ?? 0) + byCode[c]!)
    })
  } else if (column.type === 'text') {
    for (const v of column.values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1)
  }
  let best: string | null = null
  let bestCount = 0
  for (const [value, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== null && value < best)) {
      best = value
      bestCount = count
    }
  }
  return best
}
