import type { CategoricalColumn, TextColumn } from '../../data/index.js'
import { attr, type OnnxGraphBuilder } from '../../onnx/index.js'
import type { FeatureStep, Frame, StepSpecBase } from '../feature-step.js'
import { onnxColumn, withDoubleColumns } from '../onnx-columns.js'
import type { SpecReader } from '../spec-reader.js'
import { numericColumn, requireColumn, stepError, withColumns } from '../step-columns.js'

const TYPE = 'ordinal'

/**
 * `{ "type": "ordinal", "columns": ["city"], "order": "frequency", "maxCategories": 100, "unknownValue": -1 }`:
 * replaces each categorical or text column with an integer code per category.
 */
export interface OrdinalSpec extends StepSpecBase {
  readonly type: typeof TYPE
  readonly columns: readonly string[]
  /** How codes are assigned: `'frequency'` (default; most frequent is 0) or `'lexical'` (sorted strings). */
  readonly order?: CategoryOrder
  /** Keep at most this many categories (the most frequent); the rest are coded as unknown. Default: all. */
  readonly maxCategories?: number
  /** The code of a category not kept at fit time (default -1), rounded to float32. */
  readonly unknownValue?: number
}

/** The fitted step: the kept categories of each column, in code order (`categories[j][code]`). */
export interface FittedOrdinal {
  readonly spec: OrdinalSpec
  readonly categories: readonly (readonly string[])[]
}

/** Reads an ordinal spec (see `SpecReader` for the messages). */
export function parseOrdinalSpec(r: SpecReader): OrdinalSpec {
  const maxCategories = r.optionalNumber('maxCategories', { min: 1, max: MAX_CODES, integer: true })
  return {
    type: TYPE,
    columns: r.columns(),
    order: r.oneOf('order', CATEGORY_ORDERS, 'frequency'),
    ...(maxCategories === undefined ? {} : { maxCategories }),
    unknownValue: r.number('unknownValue', {}, -1),
  }
}

/**
 * Ordinal encoding: category -> integer code, for trees (which split on codes) and as the building block
 * of one_hot and target_encode (which share this file's category helpers).
 *
 * - Fit: counts each column's non-missing values on the training data and ranks them (`rankCategories`):
 *   by `'frequency'`, code 0 is the most frequent category, ties broken by lexical order, so the codes do
 *   not depend on row order; by `'lexical'`, codes follow string order (UTF-16 code units, JavaScript's
 *   `<`). `maxCategories` keeps the most frequent ones first, then orders them.
 * - Transform: a kept category -> its code; any other value (unseen in training, or dropped by
 *   `maxCategories`) -> `unknownValue` (default -1; never an error); missing (null, code -1 or `''`) -> NaN,
 *   which trees route as missing.
 * - ONNX: ai.onnx.ml `LabelEncoder` string -> float (`''` -> NaN, `default_float` = unknownValue), then
 *   `Cast` to double. LabelEncoder (ml opset 3) holds float32 values, so `unknownValue` is rounded to
 *   float32 on both sides; codes below 2^24 are exact.
 * - Bad input: a column that is not categorical or text, or is absent: `INVALID_PARAMETER_VALUE` naming
 *   the step, the column and the type found.
 */
export const ordinalStep: FeatureStep<OrdinalSpec, FittedOrdinal> = {
  fit(spec, frame) {
    return {
      spec,
      categories: spec.columns.map((name) =>
        rankCategories(
          countCategories(stringColumn(frame, TYPE, name)),
          spec.order ?? 'frequency',
          spec.maxCategories,
        ),
      ),
    }
  },

  transform(fitted, frame) {
    const unknown = Math.fround(fitted.spec.unknownValue ?? -1)
    const columns = fitted.spec.columns.map((name, j) => {
      const codes = mapCategories(
        stringColumn(frame, TYPE, name),
        codeTable(fitted.categories[j]!),
        unknown,
        Number.NaN,
      )
      return numericColumn(name, codes)
    })
    return withColumns(frame, columns)
  },

  toOnnx(fitted, graph, frame) {
    const unknown = fitted.spec.unknownValue ?? -1
    const columns = fitted.spec.columns.map((name, j) => {
      const categories = fitted.categories[j]!
      const codes = categories.map((_, code) => code)
      const x = onnxColumn(frame, TYPE, name, 'string')
      const encoded = onnxMapCategories(graph, x, categories, codes, unknown, Number.NaN, `${name}_ordinal`)
      const [asDouble] = graph.addNode('Cast', [encoded], { to: attr.int(DOUBLE) }, { name: `${name}_code` })
      return [name, asDouble!] as const
    })
    return withDoubleColumns(frame, columns)
  },
}

/** The orders `rankCategories` knows. */
export const CATEGORY_ORDERS = ['frequency', 'lexical'] as const
export type CategoryOrder = (typeof CATEGORY_ORDERS)[number]

/** The largest number of categories a code table may hold: float32 represents every integer below 2^24. */
export const MAX_CODES = 2 ** 24

/** ONNX's element type number for double, the `to` of a Cast. */
const DOUBLE = 11

/** A column of strings: categorical or text. */
export type StringColumn = CategoricalColumn | TextColumn

/**
 * The named column of `frame` when it is categorical or text; otherwise `INVALID_PARAMETER_VALUE` naming
 * `step`, the column and the type found (or the columns there are, when it is absent).
 */
export function stringColumn(frame: Frame, step: string, name: string): StringColumn {
  const column = requireColumn(frame, step, name)
  if (column.type === 'categorical' || column.type === 'text') return column
  throw stepError(step, name, `is ${column.type}; ${step} needs a categorical or text column`)
}

/**
 * How many rows hold each non-missing value. Missing is a null text value, code -1, or `''` (the ONNX
 * graph carries missing strings as `''`, so the TypeScript side must agree); `''` is never a category.
 */
export function countCategories(column: StringColumn): Map<string, number> {
  const counts = new Map<string, number>()
  if (column.type === 'categorical') {
    const byCode = new Float64Array(column.dictionary.length)
    for (const code of column.codes) if (code >= 0) byCode[code]!++
    column.dictionary.forEach((value, code) => {
      const n = byCode[code]!
      if (n > 0 && value !== '') counts.set(value, (counts.get(value) ?? 0) + n)
    })
    return counts
  }
  for (const value of column.values) {
    if (value !== null && value !== '') counts.set(value, (counts.get(value) ?? 0) + 1)
  }
  return counts
}

/**
 * The categories in code order: the `max` most frequent (all when undefined; ties by lexical order),
 * then ordered by `order` (`'frequency'`: most frequent first, ties lexical; `'lexical'`: string order).
 */
export function rankCategories(
  counts: ReadonlyMap<string, number>,
  order: CategoryOrder,
  max?: number,
): string[] {
  const byFrequency = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || lexical(a, b))
  const kept = max === undefined ? byFrequency : byFrequency.slice(0, max)
  return order === 'lexical' ? kept.sort(lexical) : kept
}

/** `categories` as a table category -> its index. */
export function codeTable(categories: readonly string[]): Map<string, number> {
  return new Map(categories.map((category, code) => [category, code]))
}

/**
 * One number per row: `table`'s value for the row's category, `unknown` for a value not in the table,
 * `missing` for a missing value (as `countCategories` defines it). A categorical column is looked up
 * once per dictionary entry, not per row.
 */
export function mapCategories(
  column: StringColumn,
  table: ReadonlyMap<string, number>,
  unknown: number,
  missing: number,
): Float64Array {
  const lookup = (value: string | null): number =>
    value === null || value === '' ? missing : (table.get(value) ?? unknown)
  if (column.type === 'categorical') {
    const byCode = Float64Array.from(column.dictionary, lookup)
    const out = new Float64Array(column.codes.length)
    for (let i = 0; i < out.length; i++) {
      const code = column.codes[i]!
      out[i] = code < 0 ? missing : byCode[code]!
    }
    return out
  }
  return Float64Array.from(column.values, lookup)
}

/**
 * The graph half of `mapCategories`: an ai.onnx.ml `LabelEncoder` from the string tensor `x` to a float
 * tensor, `categories[k]` -> `values[k]`, `''` (missing) -> `missing`, anything else -> `unknown`. Values
 * are float32 inside the graph: give float32 values (`Math.fround`) for the TypeScript side to match.
 * Returns the float tensor's name.
 */
export function onnxMapCategories(
  graph: OnnxGraphBuilder,
  x: string,
  categories: readonly string[],
  values: readonly number[],
  unknown: number,
  missing: number,
  hint: string,
): string {
  const [encoded] = graph.addNode(
    'LabelEncoder',
    [x],
    {
      keys_strings: attr.strings([...categories, '']),
      values_floats: attr.floats([...values, missing]),
      default_float: attr.float(unknown),
    },
    { domain: 'ai.onnx.ml', name: hint },
  )
  return encoded!
}

function lexical(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
