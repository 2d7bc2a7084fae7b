import { type ColumnType, columnLength } from '../../data/index.js'
import { ShipyardError } from '../../shared/index.js'
import {
  bindColumns,
  type Expression,
  emitExpressionOnnx,
  evaluateExpression,
  parseExpression,
  renameColumns,
  resolveColumns,
} from '../expression/index.js'
import type { FeatureStep, Frame, StepSpecBase } from '../feature-step.js'
import { withDoubleColumns } from '../onnx-columns.js'
import type { SpecReader } from '../spec-reader.js'
import { numericColumn, withColumns } from '../step-columns.js'

const TYPE = 'expression'

/**
 * `{ "type": "expression", "name": "ratio", "sql": "amount / nullif(income, 0)" }`: adds (or replaces)
 * the numeric column `name`, computed from numeric and boolean columns by a SQL scalar expression.
 */
export interface ExpressionSpec extends StepSpecBase {
  readonly type: typeof TYPE
  /** The output column. */
  readonly name: string
  /** The expression (see `src/features/expression/index.ts` for the language and its semantics). */
  readonly sql: string
}

/** The fitted step: the columns the expression reads, as resolved on the training data. */
export interface FittedExpression {
  readonly spec: ExpressionSpec
  /** Distinct, in order of first reference; each reference resolves to one of these. */
  readonly inputs: readonly string[]
}

/** Reads an expression spec; the SQL is parsed here, so a syntax error is reported with the spec. */
export function parseExpressionSpec(r: SpecReader): ExpressionSpec {
  const name = r.string('name')
  if (name === '') throw r.error('name', 'must be a non-empty column name')
  const sql = r.string('sql')
  try {
    parseExpression(sql)
  } catch (error) {
    if (error instanceof ShipyardError) throw r.error('sql', error.message)
    throw error
  }
  return { type: TYPE, name, sql }
}

/**
 * A derived column from a SQL expression, the same function at load time (DuckDB, through
 * `expressionToLoadSql`), in the TypeScript transform and in the ONNX graph, so that it has no
 * training/serving skew.
 *
 * - Fit: parses the SQL and resolves its column references on the training frame (exactly, else ignoring
 *   case, as DuckDB). Nothing is learned; the fitted step records the columns read.
 * - Transform: one Float64Array per expression node (`evaluateExpression`); missing is NaN; NaN never
 *   survives as a value; `x / 0`, logarithms of x <= 0 and `sqrt` of x < 0 are missing; ±Infinity are values.
 * - ONNX: ai.onnx operators in double (`emitExpressionOnnx`), guarded where ONNX's IEEE results differ from SQL's.
 * - Bad input: a syntax error, an unknown column, or a categorical, text or datetime column:
 *   `INVALID_PARAMETER_VALUE` naming the output, the expression, the position and the column.
 */
export const expressionStep: FeatureStep<ExpressionSpec, FittedExpression> = {
  fit(spec, frame) {
    return withContext(spec, () => {
      const expr = parseExpression(spec.sql)
      const types = new Map<string, ColumnType>()
      for (const [name, column] of frame) types.set(name, column.type)
      return { spec, inputs: bindColumns(expr, types).inputs }
    })
  },

  transform(fitted, frame) {
    return withContext(fitted.spec, () => {
      const values = evaluateExpression(pinned(fitted), frame, rowCount(frame))
      return withColumns(frame, [numericColumn(fitted.spec.name, values)])
    })
  },

  toOnnx(fitted, graph, frame) {
    return withContext(fitted.spec, () => {
      const tensor = emitExpressionOnnx(pinned(fitted), graph, frame)
      return withDoubleColumns(frame, [[fitted.spec.name, tensor]])
    })
  },
}

// The expression with each reference pinned to the column resolved at fit time.
function pinned(fitted: FittedExpression): Expression {
  const expr = parseExpression(fitted.spec.sql)
  return renameColumns(expr, resolveColumns(expr, fitted.inputs))
}

// Every column of a frame has the row count; an expression that reads none still needs it.
function rowCount(frame: Frame): number {
  for (const column of frame.values()) return columnLength(column)
  return 0
}

// Names the output column in every error, so that a pipeline with several expressions says which one failed.
function withContext<T>(spec: ExpressionSpec, body: () => T): T {
  try {
    return body()
  } catch (error) {
    if (!(error instanceof ShipyardError)) throw error
    throw new ShipyardError(error.code, `${TYPE} '${spec.name}': ${error.message}`, {
      details: { ...error.details, step: TYPE, output: spec.name },
      cause: error,
    })
  }
}
