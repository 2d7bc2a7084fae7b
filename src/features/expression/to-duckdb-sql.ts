import {
  type ArithmeticOp,
  BOOLEAN_KINDS,
  dispatch,
  type Expression,
  type ExprNode,
  type FunctionName,
  type NodeTable,
} from './expression-ast.js'

const NAN = "CAST('NaN' AS DOUBLE)"
const ZERO = 'CAST(0 AS DOUBLE)'
const ONE = 'CAST(1 AS DOUBLE)'
const NULL_DOUBLE = 'CAST(NULL AS DOUBLE)'

/**
 * SQL text DuckDB evaluates to the expression's value: a DOUBLE, NULL where the value is missing and
 * never NaN. Column names are quoted (as written, or as mapped by `names`, from `resolveColumns`).
 *
 * DuckDB's own semantics differ from Shipyard's in places, so the SQL is guarded to agree exactly with
 * `evaluateExpression` and `emitExpressionOnnx` (the semantics are in `index.ts`):
 * - NaN is a value in DuckDB (`NaN = NaN` is true, `coalesce(NaN, 1)` is NaN) but missing in a column,
 *   so every column read and every operation that can make NaN (`inf - inf`, `0 * inf`, ...) passes
 *   through `nullif(_, NaN)`.
 * - `x / 0` and `x % 0` are missing (DuckDB 1.5 gives ±Infinity or NaN): the divisor goes through `nullif(_, 0)`.
 * - `ln`, `log10`, `log` of x <= 0 and `sqrt` of x < 0 are missing (DuckDB throws): arguments are guarded.
 * - Every value is cast to DOUBLE, so integer columns never overflow or divide as integers.
 */
export function toDuckDbSql(expr: Expression, names?: ReadonlyMap<string, string>): string {
  return new SqlEmitter(names).double(expr.root)
}

/** Quotes an identifier for DuckDB: `"a""b"`. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/** A double literal: integers as written, other values through a string DuckDB parses exactly. */
function literal(value: number): string {
  if (Number.isSafeInteger(value) && !Object.is(value, -0)) return `CAST(${value} AS DOUBLE)`
  if (Number.isNaN(value)) return NULL_DOUBLE
  const text = Number.isFinite(value) ? String(value) : value > 0 ? 'inf' : '-inf'
  return `CAST('${text}' AS DOUBLE)`
}

function noNaN(sql: string): string {
  return `nullif(${sql}, ${NAN})`
}

// x itself when x > 0; NULL for x <= 0 (including -0) and NULL: greatest() skips NULL, so x appears once.
function positive(sql: string): string {
  return `nullif(greatest(${sql}, ${ZERO}), ${ZERO})`
}

class SqlEmitter {
  readonly #names: ReadonlyMap<string, string> | undefined

  constructor(names: ReadonlyMap<string, string> | undefined) {
    this.#names = names
  }

  /** The node as a DOUBLE expression. */
  double(node: ExprNode): string {
    const sql = dispatch(this.#table, node)
    return BOOLEAN_KINDS.has(node.kind) ? `CAST(${sql} AS DOUBLE)` : sql
  }

  /** The node as a BOOLEAN expression: a number is true when non-zero, as DuckDB casts. */
  bool(node: ExprNode): string {
    const sql = dispatch(this.#table, node)
    return BOOLEAN_KINDS.has(node.kind) ? sql : `(${sql} <> ${ZERO})`
  }

  // Each handler returns DOUBLE SQL, except the BOOLEAN_KINDS, which return BOOLEAN SQL.
  readonly #table: NodeTable<string> = {
    number: (n) => literal(n.value),
    null: () => NULL_DOUBLE,
    column: (n) => noNaN(`CAST(${quoteIdentifier(this.#names?.get(n.name) ?? n.name)} AS DOUBLE)`),
    negate: (n) => `(-${this.double(n.operand)})`,
    arithmetic: (n) => ARITHMETIC[n.op](this.double(n.left), this.double(n.right)),
    comparison: (n) => `(${this.double(n.left)} ${n.op} ${this.double(n.right)})`,
    logical: (n) => `(${this.bool(n.left)} ${n.op.toUpperCase()} ${this.bool(n.right)})`,
    not: (n) => `(NOT ${this.bool(n.operand)})`,
    isNull: (n) => `(${this.double(n.operand)} IS ${n.negated ? 'NOT ' : ''}NULL)`,
    case: (n) => {
      const whens = n.branches.map((b) => `WHEN ${this.bool(b.when)} THEN ${this.double(b.result)}`)
      const otherwise = n.otherwise ? ` ELSE ${this.double(n.otherwise)}` : ''
      return `(CASE ${whens.join(' ')}${otherwise} END)`
    },
    call: (n) => FUNCTIONS_SQL[n.fn](n.args.map((a) => this.double(a))),
  }
}

const ARITHMETIC: { readonly [Op in ArithmeticOp]: (l: string, r: string) => string } = {
  '+': (l, r) => noNaN(`(${l} + ${r})`),
  '-': (l, r) => noNaN(`(${l} - ${r})`),
  '*': (l, r) => noNaN(`(${l} * ${r})`),
  '/': (l, r) => noNaN(`(${l} / nullif(${r}, ${ZERO}))`),
  '%': (l, r) => noNaN(`(${l} % nullif(${r}, ${ZERO}))`),
}

// Arguments arrive as DOUBLE SQL, never NaN. Only functions that can make NaN or throw are guarded.
const FUNCTIONS_SQL: { readonly [F in FunctionName]: (args: readonly string[]) => string } = {
  abs: ([x]) => `abs(${x})`,
  ceil: ([x]) => `ceil(${x})`,
  coalesce: (args) => `coalesce(${args.join(', ')})`,
  exp: ([x]) => `exp(${x})`,
  floor: ([x]) => `floor(${x})`,
  greatest: (args) => `greatest(${args.join(', ')})`,
  least: (args) => `least(${args.join(', ')})`,
  ln: ([x]) => `ln(${positive(x!)})`,
  log: (args) =>
    args.length === 1
      ? `log10(${positive(args[0]!)})`
      : // Base in (0, 1) or (1, inf]; log(inf, inf) is inf / inf, hence noNaN.
        noNaN(`log(nullif(${positive(args[0]!)}, ${ONE}), ${positive(args[1]!)})`),
  log10: ([x]) => `log10(${positive(x!)})`,
  nullif: ([a, b]) => `nullif(${a}, ${b})`,
  power: ([a, b]) => noNaN(`power(${a}, ${b})`),
  // DuckDB rounds half away from zero (C's round), the semantics every evaluator follows.
  round: ([x]) => `round(${x})`,
  // The argument appears twice: DuckDB has no single-use form that keeps sqrt(0) = 0 and throws on x < 0.
  sqrt: ([x]) => `(CASE WHEN ${x} >= ${ZERO} THEN sqrt(${x}) END)`,
}
