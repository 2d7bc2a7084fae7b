/**
 * The syntax tree of a SQL scalar expression: a closed, `kind`-tagged union. Every evaluator
 * (DuckDB SQL, TypeScript typed arrays, ONNX) dispatches through a `Record<Kind, ...>` table, so a
 * node kind or function added here does not compile until all three handle it.
 *
 * Every node carries `pos`, the 0-based character offset of its first token in the source, so that
 * errors found after parsing (an unknown column, a string column) still point at the text.
 */

/** `+ - * / %` (`%` is SQL's modulo: the remainder has the sign of the dividend, as C's `fmod`). */
export type ArithmeticOp = '+' | '-' | '*' | '/' | '%'
/** Comparisons; `!=` is read as `<>`. */
export type ComparisonOp = '=' | '<>' | '<' | '<=' | '>' | '>='
export type LogicalOp = 'and' | 'or'

/**
 * The functions, with how many arguments each takes (`max` Infinity: variadic). Canonical names only;
 * `FUNCTION_ALIASES` maps the other spellings DuckDB accepts.
 */
export const FUNCTIONS = {
  abs: { min: 1, max: 1 },
  ceil: { min: 1, max: 1 },
  coalesce: { min: 1, max: Infinity },
  exp: { min: 1, max: 1 },
  floor: { min: 1, max: 1 },
  greatest: { min: 1, max: Infinity },
  least: { min: 1, max: Infinity },
  ln: { min: 1, max: 1 },
  /** `log(x)` is base 10 (as DuckDB); `log(b, x)` is base `b`. */
  log: { min: 1, max: 2 },
  log10: { min: 1, max: 1 },
  nullif: { min: 2, max: 2 },
  power: { min: 2, max: 2 },
  round: { min: 1, max: 1 },
  sqrt: { min: 1, max: 1 },
} as const satisfies Record<string, { readonly min: number; readonly max: number }>

export type FunctionName = keyof typeof FUNCTIONS

/** Other spellings of a function, as DuckDB accepts them. */
export const FUNCTION_ALIASES: Readonly<Record<string, FunctionName>> = { pow: 'power', ceiling: 'ceil' }

interface At {
  readonly pos: number
}

/** A numeric literal (`3`, `0.5`, `1e-3`); the value is JavaScript's reading of the text. */
export interface NumberNode extends At {
  readonly kind: 'number'
  readonly value: number
}
/** `NULL`: the missing value. */
export interface NullNode extends At {
  readonly kind: 'null'
}
/** A column reference, bare (`amount`) or double-quoted (`"unit price"`). */
export interface ColumnNode extends At {
  readonly kind: 'column'
  readonly name: string
}
/** Unary minus. */
export interface NegateNode extends At {
  readonly kind: 'negate'
  readonly operand: ExprNode
}
export interface ArithmeticNode extends At {
  readonly kind: 'arithmetic'
  readonly op: ArithmeticOp
  readonly left: ExprNode
  readonly right: ExprNode
}
/** A comparison: 1 true, 0 false, missing when either side is missing. */
export interface ComparisonNode extends At {
  readonly kind: 'comparison'
  readonly op: ComparisonOp
  readonly left: ExprNode
  readonly right: ExprNode
}
/** AND / OR with SQL's three-valued logic: `0 AND NULL` is 0, `1 OR NULL` is 1. */
export interface LogicalNode extends At {
  readonly kind: 'logical'
  readonly op: LogicalOp
  readonly left: ExprNode
  readonly right: ExprNode
}
export interface NotNode extends At {
  readonly kind: 'not'
  readonly operand: ExprNode
}
/** `x IS NULL` / `x IS NOT NULL`: 1 or 0, never missing. */
export interface IsNullNode extends At {
  readonly kind: 'isNull'
  readonly operand: ExprNode
  readonly negated: boolean
}
/** A searched `CASE WHEN c THEN v ... [ELSE e] END`; no ELSE means missing. */
export interface CaseNode extends At {
  readonly kind: 'case'
  readonly branches: readonly { readonly when: ExprNode; readonly result: ExprNode }[]
  readonly otherwise: ExprNode | null
}
export interface CallNode extends At {
  readonly kind: 'call'
  readonly fn: FunctionName
  readonly args: readonly ExprNode[]
}

export type ExprNode =
  | NumberNode
  | NullNode
  | ColumnNode
  | NegateNode
  | ArithmeticNode
  | ComparisonNode
  | LogicalNode
  | NotNode
  | IsNullNode
  | CaseNode
  | CallNode

export type ExprKind = ExprNode['kind']

/** A node of one kind. */
export type NodeOf<K extends ExprKind> = Extract<ExprNode, { kind: K }>

/** A handler per node kind: the shape of every evaluator's dispatch table. */
export type NodeTable<R> = { readonly [K in ExprKind]: (node: NodeOf<K>) => R }

/** Dispatches `node` to its handler in `table`. */
export function dispatch<R>(table: NodeTable<R>, node: ExprNode): R {
  return (table[node.kind] as (n: ExprNode) => R)(node)
}

/** A parsed expression: the source text (for messages) and its tree. Immutable. */
export interface Expression {
  readonly source: string
  readonly root: ExprNode
}

/** Node kinds whose value is always 1, 0 or missing (SQL booleans). */
export const BOOLEAN_KINDS: ReadonlySet<ExprKind> = new Set(['comparison', 'logical', 'not', 'isNull'])

/** The direct children of a node, in source order. */
export function childrenOf(node: ExprNode): readonly ExprNode[] {
  switch (node.kind) {
    case 'number':
    case 'null':
    case 'column':
      return []
    case 'negate':
    case 'not':
    case 'isNull':
      return [node.operand]
    case 'arithmetic':
    case 'comparison':
    case 'logical':
      return [node.left, node.right]
    case 'case':
      return [
        ...node.branches.flatMap((b) => [b.when, b.result]),
        ...(node.otherwise ? [node.otherwise] : []),
      ]
    case 'call':
      return node.args
  }
}
