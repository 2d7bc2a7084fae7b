import type { ColumnType } from '../../data/index.js'
import { type ColumnNode, childrenOf, type Expression, type ExprNode } from './expression-ast.js'
import { expressionError } from './expression-error.js'

/** The column types an expression reads: numbers, and booleans as 1/0. */
export const EXPRESSION_COLUMN_TYPES: ReadonlySet<ColumnType> = new Set(['numeric', 'boolean'])

/** Every column reference in the expression, in source order (duplicates included). */
export function columnReferences(expr: Expression): ColumnNode[] {
  const out: ColumnNode[] = []
  const visit = (node: ExprNode): void => {
    if (node.kind === 'column') out.push(node)
    for (const child of childrenOf(node)) visit(child)
  }
  visit(expr.root)
  return out
}

/**
 * Resolves every column reference against `available` names as DuckDB does: an exact match wins,
 * otherwise the one name equal ignoring case (DuckDB identifiers are case-insensitive, quoted or not).
 * Returns a map from each name as written to the name in the data. Errors (`INVALID_PARAMETER_VALUE`
 * at the reference's position): no such column (listing the columns there are), or two columns that
 * match ignoring case and neither exactly.
 */
export function resolveColumns(expr: Expression, available: Iterable<string>): ReadonlyMap<string, string> {
  const names = [...available]
  const resolved = new Map<string, string>()
  for (const ref of columnReferences(expr)) {
    if (resolved.has(ref.name)) continue
    if (names.includes(ref.name)) {
      resolved.set(ref.name, ref.name)
      continue
    }
    const lower = ref.name.toLowerCase()
    const matches = names.filter((n) => n.toLowerCase() === lower)
    if (matches.length === 1) {
      resolved.set(ref.name, matches[0]!)
      continue
    }
    const message =
      matches.length === 0
        ? `no column '${ref.name}'; the columns are ${names.map((n) => `'${n}'`).join(', ') || 'none'}`
        : `column '${ref.name}' is ambiguous: ${matches.map((n) => `'${n}'`).join(', ')} differ only in case`
    throw expressionError(expr.source, ref.pos, message, ref.name)
  }
  return resolved
}

/**
 * Resolves the references (as `resolveColumns`) and checks each column's type: numeric and boolean
 * columns only. A categorical, text or datetime column is an error naming it and its type.
 * Returns the distinct columns read, in order of first reference, with the name map.
 */
export function bindColumns(
  expr: Expression,
  types: ReadonlyMap<string, ColumnType>,
): { readonly inputs: readonly string[]; readonly names: ReadonlyMap<string, string> } {
  const names = resolveColumns(expr, types.keys())
  for (const ref of columnReferences(expr)) {
    const name = names.get(ref.name)!
    const type = types.get(name)!
    if (!EXPRESSION_COLUMN_TYPES.has(type)) {
      const message = `column '${name}' is ${type}; expressions read numeric and boolean columns only`
      throw expressionError(expr.source, ref.pos, message, ref.name)
    }
  }
  return { inputs: [...new Set(names.values())], names }
}

/**
 * The expression with its column references renamed through `names` (from `resolveColumns`), so that
 * evaluating it later resolves exactly, against the data a step was fitted on, whatever else is there.
 */
export function renameColumns(expr: Expression, names: ReadonlyMap<string, string>): Expression {
  const rename = (node: ExprNode): ExprNode => {
    switch (node.kind) {
      case 'number':
      case 'null':
        return node
      case 'column':
        return { ...node, name: names.get(node.name) ?? node.name }
      case 'negate':
      case 'not':
      case 'isNull':
        return { ...node, operand: rename(node.operand) }
      case 'arithmetic':
      case 'comparison':
      case 'logical':
        return { ...node, left: rename(node.left), right: rename(node.right) }
      case 'case':
        return {
          ...node,
          branches: node.branches.map((b) => ({ when: rename(b.when), result: rename(b.result) })),
          otherwise: node.otherwise ? rename(node.otherwise) : null,
        }
      case 'call':
        return { ...node, args: node.args.map(rename) }
    }
  }
  return { source: expr.source, root: rename(expr.root) }
}
