import { type AttributeValue, attr, type OnnxGraphBuilder } from '../../onnx/index.js'
import type { OnnxFrame } from '../feature-step.js'
import { resolveColumns } from './bind-columns.js'
import {
  type ArithmeticOp,
  BOOLEAN_KINDS,
  type ComparisonOp,
  dispatch,
  type Expression,
  type ExprNode,
  type FunctionName,
  type NodeTable,
} from './expression-ast.js'
import { expressionError } from './expression-error.js'

const DOUBLE = 11 // TensorProto.DOUBLE, Cast's `to`

/**
 * Emits the expression into `graph` with ai.onnx operators in double and returns the output tensor:
 * [N, 1] like the columns, NaN for missing, the same values as `evaluateExpression` (see `index.ts`
 * for the shared semantics). Columns resolve against `frame` as in `resolveColumns` and must be double
 * tensors; a string tensor (a category or text) is `INVALID_PARAMETER_VALUE` pointing at the reference.
 * An expression that reads no column is expanded to the row count of the first tensor in `frame`.
 *
 * Where ONNX and SQL differ, the graph is guarded: `Div`/`Mod` by zero and logarithms of x <= 0 become
 * NaN through `Where`; `Round` (half to even) is replaced by half away from zero; `Min`/`Max` skip
 * missing arguments as SQL's least/greatest do; ONNX has no `Log10`, so `Log(x) / ln 10` is snapped
 * to the integer k where `10^k == x` (exact powers of ten give exact results, as C's `log10`).
 */
export function emitExpressionOnnx(expr: Expression, graph: OnnxGraphBuilder, frame: OnnxFrame): string {
  const names = resolveColumns(expr, frame.keys())
  const emitter = new OnnxEmitter(graph, (node) => {
    const column = frame.get(names.get(node.name)!)!
    if (column.type !== 'double') {
      const message = `column '${names.get(node.name)}' is a ${column.type} tensor; expressions read numbers only`
      throw expressionError(expr.source, node.pos, message, node.name)
    }
    return column.tensor
  })
  const out = emitter.eval(expr.root)
  if (names.size > 0) return out
  const first = frame.values().next()
  if (first.done)
    throw expressionError(expr.source, 0, 'a constant expression needs at least one column to size it')
  const [shape] = graph.addNode('Shape', [first.value.tensor])
  return emitter.op('Expand', [out, shape!])
}

class OnnxEmitter {
  readonly #graph: OnnxGraphBuilder
  readonly #column: (node: Extract<ExprNode, { kind: 'column' }>) => string
  readonly #constants = new Map<number, string>()

  constructor(graph: OnnxGraphBuilder, column: (node: Extract<ExprNode, { kind: 'column' }>) => string) {
    this.#graph = graph
    this.#column = column
  }

  eval(node: ExprNode): string {
    return dispatch(this.#table, node)
  }

  /** One node, one output. */
  op(
    type: string,
    inputs: readonly string[],
    attributes: Readonly<Record<string, AttributeValue>> = {},
  ): string {
    return this.#graph.addNode(type, inputs, attributes, { name: `expr_${type.toLowerCase()}` })[0]!
  }

  /** A double scalar (shared within the expression). */
  constant(value: number): string {
    let name = this.#constants.get(value)
    if (!name) {
      name = this.#graph.addConstant('expr_const', { type: 'double', dims: [], values: [value] })
      this.#constants.set(value, name)
    }
    return name
  }

  /** A bool tensor as double 1/0. */
  toDouble(bool: string): string {
    return this.op('Cast', [bool], { to: attr.int(DOUBLE) })
  }

  /** `value` where `missing` (bool) holds NaN. */
  nanWhere(missing: string, value: string): string {
    return this.op('Where', [missing, this.constant(Number.NaN), value])
  }

  isNaN(x: string): string {
    return this.op('IsNaN', [x])
  }

  eitherNaN(a: string, b: string): string {
    return this.op('Or', [this.isNaN(a), this.isNaN(b)])
  }

  /** `x > 0` as bool (false for NaN). */
  positive(x: string): string {
    return this.op('Greater', [x, this.constant(0)])
  }

  /** log10 for x > 0 (garbage elsewhere: callers guard): ln x / ln 10, exact at powers of ten. */
  log10(x: string): string {
    const approx = this.op('Div', [this.op('Log', [x]), this.constant(Math.LN10)])
    const k = this.op('Round', [approx])
    const exact = this.op('Equal', [this.op('Pow', [this.constant(10), k]), x])
    return this.op('Where', [exact, k, approx])
  }

  /** A value as a SQL truth value: 0, 0.5 (unknown) or 1. */
  truth3(node: ExprNode, x: string): string {
    // Comparisons and logic already give 0/1/NaN; anything else is true when non-zero.
    const t = BOOLEAN_KINDS.has(node.kind)
      ? x
      : this.toDouble(this.op('Not', [this.op('Equal', [x, this.constant(0)])]))
    return this.op('Where', [this.isNaN(x), this.constant(0.5), t])
  }

  /** Pairwise least/greatest that skips a missing side: missing only when both are. */
  skipMissing(op: 'Min' | 'Max', a: string, b: string): string {
    const both = this.op(op, [a, b])
    return this.op('Where', [this.isNaN(a), b, this.op('Where', [this.isNaN(b), a, both])])
  }

  readonly #table: NodeTable<string> = {
    number: (n) => this.constant(n.value),
    null: () => this.constant(Number.NaN),
    column: (n) => this.#column(n),
    negate: (n) => this.op('Neg', [this.eval(n.operand)]),
    arithmetic: (n) => ARITHMETIC[n.op](this, this.eval(n.left), this.eval(n.right)),
    comparison: (n) => {
      const a = this.eval(n.left)
      const b = this.eval(n.right)
      return this.nanWhere(this.eitherNaN(a, b), this.toDouble(COMPARE[n.op](this, a, b)))
    },
    logical: (n) => {
      const t = this.op(n.op === 'and' ? 'Min' : 'Max', [
        this.truth3(n.left, this.eval(n.left)),
        this.truth3(n.right, this.eval(n.right)),
      ])
      return this.nanWhere(this.op('Equal', [t, this.constant(0.5)]), t)
    },
    not: (n) => {
      const x = this.eval(n.operand)
      return this.nanWhere(this.isNaN(x), this.toDouble(this.op('Equal', [x, this.constant(0)])))
    },
    isNull: (n) => {
      const missing = this.isNaN(this.eval(n.operand))
      return this.toDouble(n.negated ? this.op('Not', [missing]) : missing)
    },
    case: (n) => {
      let out = n.otherwise ? this.eval(n.otherwise) : this.constant(Number.NaN)
      for (let k = n.branches.length - 1; k >= 0; k--) {
        const c = this.eval(n.branches[k]!.when)
        const holds = this.op('And', [
          this.op('Not', [this.isNaN(c)]),
          this.op('Not', [this.op('Equal', [c, this.constant(0)])]),
        ])
        out = this.op('Where', [holds, this.eval(n.branches[k]!.result), out])
      }
      return out
    },
    call: (n) =>
      FUNCTIONS_ONNX[n.fn](
        this,
        n.args.map((a) => this.eval(a)),
      ),
  }
}

type E = OnnxEmitter

function divisorZero(e: E, b: string): string {
  return e.op('Equal', [b, e.constant(0)])
}

const ARITHMETIC: { readonly [Op in ArithmeticOp]: (e: E, a: string, b: string) => string } = {
  '+': (e, a, b) => e.op('Add', [a, b]),
  '-': (e, a, b) => e.op('Sub', [a, b]),
  '*': (e, a, b) => e.op('Mul', [a, b]),
  '/': (e, a, b) => e.nanWhere(divisorZero(e, b), e.op('Div', [a, b])),
  // fmod=1: C's fmod, the dividend's sign (required for floating types).
  '%': (e, a, b) => e.nanWhere(divisorZero(e, b), e.op('Mod', [a, b], { fmod: attr.int(1) })),
}

const COMPARE: { readonly [Op in ComparisonOp]: (e: E, a: string, b: string) => string } = {
  '=': (e, a, b) => e.op('Equal', [a, b]),
  '<>': (e, a, b) => e.op('Not', [e.op('Equal', [a, b])]),
  '<': (e, a, b) => e.op('Less', [a, b]),
  '<=': (e, a, b) => e.op('LessOrEqual', [a, b]),
  '>': (e, a, b) => e.op('Greater', [a, b]),
  '>=': (e, a, b) => e.op('GreaterOrEqual', [a, b]),
}

const FUNCTIONS_ONNX: { readonly [F in FunctionName]: (e: E, args: readonly string[]) => string } = {
  abs: (e, [x]) => e.op('Abs', [x!]),
  ceil: (e, [x]) => e.op('Ceil', [x!]),
  coalesce: (e, args) =>
    args.slice(0, -1).reduceRight((rest, a) => e.op('Where', [e.isNaN(a), rest, a]), args.at(-1)!),
  exp: (e, [x]) => e.op('Exp', [x!]),
  floor: (e, [x]) => e.op('Floor', [x!]),
  greatest: (e, args) => args.slice(1).reduce((acc, a) => e.skipMissing('Max', acc, a), args[0]!),
  least: (e, args) => args.slice(1).reduce((acc, a) => e.skipMissing('Min', acc, a), args[0]!),
  ln: (e, [x]) => e.op('Where', [e.positive(x!), e.op('Log', [x!]), e.constant(Number.NaN)]),
  log: (e, args) => {
    if (args.length === 1) return FUNCTIONS_ONNX.log10(e, args)
    const [b, x] = args as [string, string]
    const baseOk = e.op('And', [e.positive(b), e.op('Not', [e.op('Equal', [b, e.constant(1)])])])
    const ok = e.op('And', [baseOk, e.positive(x)])
    return e.op('Where', [ok, e.op('Div', [e.log10(x), e.log10(b)]), e.constant(Number.NaN)])
  },
  log10: (e, [x]) => e.op('Where', [e.positive(x!), e.log10(x!), e.constant(Number.NaN)]),
  nullif: (e, [a, b]) => e.nanWhere(e.op('Equal', [a!, b!]), a!),
  // SQL: a missing operand is missing, although IEEE pow(NaN, 0) = pow(1, NaN) = 1.
  power: (e, [a, b]) => e.nanWhere(e.eitherNaN(a!, b!), e.op('Pow', [a!, b!])),
  round: (e, [x]) => {
    const abs = e.op('Abs', [x!])
    const t = e.op('Floor', [abs])
    const up = e.op('GreaterOrEqual', [e.op('Sub', [abs, t]), e.constant(0.5)])
    const r = e.op('Where', [up, e.op('Add', [t, e.constant(1)]), t])
    return e.op('Where', [e.op('Less', [x!, e.constant(0)]), e.op('Neg', [r]), r])
  },
  sqrt: (e, [x]) => e.nanWhere(e.op('Less', [x!, e.constant(0)]), e.op('Sqrt', [x!])),
}
