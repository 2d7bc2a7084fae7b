import type { Column, ColumnType } from '../../data/index.js'
import type { Frame } from '../feature-step.js'
import { bindColumns } from './bind-columns.js'
import {
  type ArithmeticOp,
  type ComparisonOp,
  dispatch,
  type Expression,
  type ExprNode,
  type FunctionName,
  type NodeTable,
} from './expression-ast.js'
import { powC, roundHalfAway, truth3 } from './scalar-semantics.js'

type Vec = Float64Array

/**
 * Evaluates the expression over `rowCount` rows of `columns`, vectorised: one Float64Array per tree
 * node, one tight loop per node, no per-row walk of the tree. Missing is NaN, in and out (booleans
 * are read as 1/0, missing as NaN). The semantics are those of `toDuckDbSql` exactly (see `index.ts`):
 * NaN never survives as a value, `x / 0` is missing, logarithms of x <= 0 are missing, and so on.
 *
 * Column names resolve as in `resolveColumns`; a missing column, or one that is not numeric or boolean,
 * is `INVALID_PARAMETER_VALUE` pointing at the reference. The result is a new array (never a column's own).
 */
export function evaluateExpression(expr: Expression, columns: Frame, rowCount: number): Float64Array {
  const types = new Map<string, ColumnType>()
  for (const [name, column] of columns) types.set(name, column.type)
  const { names } = bindColumns(expr, types)
  const inputs = new Map<string, Vec>()
  const read = (name: string): Vec => {
    const actual = names.get(name)!
    let values = inputs.get(actual)
    if (!values) {
      values = asDoubles(columns.get(actual)!, rowCount)
      inputs.set(actual, values)
    }
    return values
  }
  const result = new VectorEvaluator(rowCount, read).eval(expr.root)
  // Only a bare column reference returns an input array itself; every other node allocates its own.
  return expr.root.kind === 'column' ? result.slice() : result
}

function asDoubles(column: Column, rowCount: number): Vec {
  if (column.type === 'boolean') {
    const out = new Float64Array(rowCount)
    for (let i = 0; i < rowCount; i++) {
      const v = column.values[i]!
      out[i] = v === -1 ? Number.NaN : v
    }
    return out
  }
  // bindColumns admits numeric and boolean columns only.
  const values = (column as Extract<Column, { type: 'numeric' }>).values
  return values instanceof Float64Array ? values : Float64Array.from(values)
}

class VectorEvaluator {
  readonly #n: number
  readonly #read: (name: string) => Vec

  constructor(n: number, read: (name: string) => Vec) {
    this.#n = n
    this.#read = read
  }

  eval(node: ExprNode): Vec {
    return dispatch(this.#table, node)
  }

  #fill(value: number): Vec {
    return new Float64Array(this.#n).fill(value)
  }

  #map(x: Vec, f: (v: number) => number): Vec {
    const out = new Float64Array(this.#n)
    for (let i = 0; i < out.length; i++) out[i] = f(x[i]!)
    return out
  }

  #zip(a: Vec, b: Vec, f: (x: number, y: number) => number): Vec {
    const out = new Float64Array(this.#n)
    for (let i = 0; i < out.length; i++) out[i] = f(a[i]!, b[i]!)
    return out
  }

  readonly #table: NodeTable<Vec> = {
    number: (n) => this.#fill(n.value),
    null: () => this.#fill(Number.NaN),
    column: (n) => this.#read(n.name),
    negate: (n) => this.#map(this.eval(n.operand), (x) => -x),
    arithmetic: (n) => ARITHMETIC[n.op](this.eval(n.left), this.eval(n.right), new Float64Array(this.#n)),
    comparison: (n) => {
      const cmp = COMPARE[n.op]
      return this.#zip(this.eval(n.left), this.eval(n.right), (a, b) =>
        Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : cmp(a, b) ? 1 : 0,
      )
    },
    logical: (n) => {
      // Kleene logic on {0, 0.5 (unknown), 1}: AND is min, OR is max.
      const combine = n.op === 'and' ? Math.min : Math.max
      return this.#zip(this.eval(n.left), this.eval(n.right), (a, b) => {
        const t = combine(truth3(a), truth3(b))
        return t === 0.5 ? Number.NaN : t
      })
    },
    not: (n) => this.#map(this.eval(n.operand), (x) => (Number.isNaN(x) ? Number.NaN : x === 0 ? 1 : 0)),
    isNull: (n) => {
      const yes = n.negated ? 0 : 1
      return this.#map(this.eval(n.operand), (x) => (Number.isNaN(x) ? yes : 1 - yes))
    },
    case: (n) => {
      const out = n.otherwise ? this.eval(n.otherwise).slice() : this.#fill(Number.NaN)
      // Last branch first, so that an earlier branch that also holds overwrites it: the first true WHEN wins.
      for (let k = n.branches.length - 1; k >= 0; k--) {
        const when = this.eval(n.branches[k]!.when)
        const result = this.eval(n.branches[k]!.result)
        for (let i = 0; i < out.length; i++) {
          const c = when[i]!
          if (c !== 0 && !Number.isNaN(c)) out[i] = result[i]!
        }
      }
      return out
    },
    call: (n) =>
      FUNCTIONS_TS[n.fn](
        n.args.map((a) => this.eval(a)),
        this,
      ),
  }

  /** Element-wise `f` over one argument. */
  unary(x: Vec, f: (v: number) => number): Vec {
    return this.#map(x, f)
  }

  /** Element-wise `f` over two arguments. */
  binary(a: Vec, b: Vec, f: (x: number, y: number) => number): Vec {
    return this.#zip(a, b, f)
  }

  /** Folds `f` over the arguments, left to right. */
  fold(args: readonly Vec[], f: (acc: number, v: number) => number): Vec {
    let acc: Vec = args[0]!.slice()
    for (let k = 1; k < args.length; k++) acc = this.#zip(acc, args[k]!, f)
    return acc
  }
}

// One loop per operator (not one shared loop calling a closure): the common case stays monomorphic and fast.
const ARITHMETIC: { readonly [Op in ArithmeticOp]: (a: Vec, b: Vec, out: Vec) => Vec } = {
  '+': (a, b, out) => {
    for (let i = 0; i < out.length; i++) out[i] = a[i]! + b[i]!
    return out
  },
  '-': (a, b, out) => {
    for (let i = 0; i < out.length; i++) out[i] = a[i]! - b[i]!
    return out
  },
  '*': (a, b, out) => {
    for (let i = 0; i < out.length; i++) out[i] = a[i]! * b[i]!
    return out
  },
  '/': (a, b, out) => {
    for (let i = 0; i < out.length; i++) {
      const d = b[i]!
      out[i] = d === 0 ? Number.NaN : a[i]! / d
    }
    return out
  },
  // JavaScript's % is C's fmod: the remainder takes the dividend's sign, as DuckDB's % on DOUBLE.
  '%': (a, b, out) => {
    for (let i = 0; i < out.length; i++) {
      const d = b[i]!
      out[i] = d === 0 ? Number.NaN : a[i]! % d
    }
    return out
  },
}

// NaN compares false both ways; the caller maps a missing side to missing before this is asked.
const COMPARE: { readonly [Op in ComparisonOp]: (a: number, b: number) => boolean } = {
  '=': (a, b) => a === b,
  '<>': (a, b) => a !== b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
}

const FUNCTIONS_TS: {
  readonly [F in FunctionName]: (args: readonly Vec[], v: VectorEvaluator) => Vec
} = {
  abs: ([x], v) => v.unary(x!, Math.abs),
  ceil: ([x], v) => v.unary(x!, Math.ceil),
  coalesce: (args, v) => v.fold(args, (acc, x) => (Number.isNaN(acc) ? x : acc)),
  exp: ([x], v) => v.unary(x!, Math.exp),
  floor: ([x], v) => v.unary(x!, Math.floor),
  // SQL's greatest/least skip missing arguments; missing only when all are.
  greatest: (args, v) =>
    v.fold(args, (acc, x) => (Number.isNaN(acc) ? x : Number.isNaN(x) ? acc : Math.max(acc, x))),
  least: (args, v) =>
    v.fold(args, (acc, x) => (Number.isNaN(acc) ? x : Number.isNaN(x) ? acc : Math.min(acc, x))),
  ln: ([x], v) => v.unary(x!, (a) => (a > 0 ? Math.log(a) : Number.NaN)),
  // DuckDB's log(b, x) is log10(x) / log10(b); a base of 1 (or <= 0) is missing.
  log: (args, v) =>
    args.length === 1
      ? v.unary(args[0]!, (a) => (a > 0 ? Math.log10(a) : Number.NaN))
      : v.binary(args[0]!, args[1]!, (b, a) =>
          b > 0 && b !== 1 && a > 0 ? Math.log10(a) / Math.log10(b) : Number.NaN,
        ),
  log10: ([x], v) => v.unary(x!, (a) => (a > 0 ? Math.log10(a) : Number.NaN)),
  nullif: ([a, b], v) => v.binary(a!, b!, (x, y) => (x === y ? Number.NaN : x)),
  power: ([a, b], v) => v.binary(a!, b!, powC),
  round: ([x], v) => v.unary(x!, roundHalfAway),
  sqrt: ([x], v) => v.unary(x!, (a) => (a < 0 ? Number.NaN : Math.sqrt(a))),
}
