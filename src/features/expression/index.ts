/**
 * SQL scalar expressions (`amount / nullif(income, 0)`) evaluated three ways with one meaning: as
 * DuckDB SQL at load time, on typed arrays in TypeScript, and inside the served ONNX graph. A derived
 * feature therefore has no training/serving skew.
 *
 * The semantics, SQL's, which all three evaluators follow exactly (the parity test holds them to it
 * on missing values, zeros, negatives and ±Infinity):
 * - Every value is a double. Missing is NULL in DuckDB and NaN in columns and tensors; NaN is never a
 *   value: any operation whose IEEE result is NaN (`inf - inf`, `0 * inf`, `inf % 2`, `(-8) ^ (1/3)`)
 *   is missing. ±Infinity are values (`1e308 * 10` is Infinity, `exp(1000)` is Infinity).
 * - Missing in, missing out, for arithmetic, comparisons, functions (including `power(NULL, 0)`,
 *   which IEEE calls 1) - except where SQL says otherwise: `coalesce`, `nullif(x, NULL)` (x),
 *   `least`/`greatest` (skip missing arguments; missing only when all are), `IS [NOT] NULL` (never
 *   missing), `CASE` (a missing condition is not true), and AND/OR, which follow SQL's three-valued
 *   logic (`0 AND NULL` is 0, `1 OR NULL` is 1).
 * - `x / 0` and `x % 0` are missing (as SQL NULL; DuckDB 1.5 itself answers ±Infinity or NaN).
 *   `%` is C's fmod: the remainder has the dividend's sign (`-7.5 % 2` is -1.5).
 * - `ln`, `log10`, `log(x)` (base 10, as DuckDB) and `log(b, x)` (`log10(x) / log10(b)`, as DuckDB) are
 *   missing for x <= 0 and for a base <= 0 or equal to 1 (DuckDB throws there). `sqrt` of x < 0 is
 *   missing (DuckDB throws). `ln(inf)` and `sqrt(inf)` are Infinity.
 * - `round` rounds half away from zero (DuckDB's, C's; ONNX's `Round` is half to even). `floor`, `ceil`,
 *   `abs`, `exp`, `power` (C's pow: `power(1, inf)` is 1) are the IEEE functions.
 * - Comparisons, AND, OR, NOT and IS NULL give 1 or 0; as a condition, any non-zero number is true.
 *   `-0 = 0` is true.
 * - Only numeric and boolean (1/0) columns can be read; a categorical, text or datetime column is an
 *   error naming it. Column names resolve exactly, else ignoring case (as DuckDB).
 *
 * Transcendental functions (`ln`, `log10`, `exp`, `power`) come from three math libraries, so results
 * agree to about 1e-15 relative, not always to the bit; exact powers of ten give exact `log10` in all three.
 */
import type { ColumnType } from '../../data/index.js'
import { bindColumns } from './bind-columns.js'
import type { Expression } from './expression-ast.js'
import { parseExpression } from './parse-expression.js'
import { toDuckDbSql } from './to-duckdb-sql.js'

export {
  bindColumns,
  columnReferences,
  EXPRESSION_COLUMN_TYPES,
  renameColumns,
  resolveColumns,
} from './bind-columns.js'
export { emitExpressionOnnx } from './emit-onnx.js'
export { evaluateExpression } from './evaluate-expression.js'
export type {
  ArithmeticOp,
  ComparisonOp,
  Expression,
  ExprKind,
  ExprNode,
  FunctionName,
  LogicalOp,
} from './expression-ast.js'
export { FUNCTION_ALIASES, FUNCTIONS } from './expression-ast.js'
export { expressionError } from './expression-error.js'
export { KNOWN_FUNCTIONS, parseExpression } from './parse-expression.js'
export { quoteIdentifier, toDuckDbSql } from './to-duckdb-sql.js'

/**
 * The DuckDB SQL that computes `sql` at load time with exactly the semantics of the feature step (a
 * DOUBLE; NULL for missing, never NaN), for `SELECT *, (<result>) AS "ratio" FROM ...`.
 *
 * With `columns` (the table's columns and their Shipyard types), references are resolved and checked
 * first: an unknown column, or one that is not numeric or boolean, is `INVALID_PARAMETER_VALUE` naming
 * it; without, DuckDB resolves the names and a non-numeric column fails there (or, for a VARCHAR of
 * digits, converts). Syntax errors are `INVALID_PARAMETER_VALUE` with the position and token.
 *
 * @example expressionToLoadSql('amount / nullif(income, 0)')
 */
export function expressionToLoadSql(
  sql: string,
  columns?: readonly { readonly name: string; readonly type: ColumnType }[],
): string {
  const expr: Expression = parseExpression(sql)
  if (!columns) return toDuckDbSql(expr)
  const { names } = bindColumns(expr, new Map(columns.map((c) => [c.name, c.type])))
  return toDuckDbSql(expr, names)
}
