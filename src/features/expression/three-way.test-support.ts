import { DuckDBInstance } from '@duckdb/node-api'
import { type Column, columnLength } from '../../data/index.js'
import { OnnxGraphBuilder, OnnxSession } from '../../onnx/index.js'
import type { OnnxFrame } from '../feature-step.js'
import { emitExpressionOnnx } from './emit-onnx.js'
import { evaluateExpression } from './evaluate-expression.js'
import { parseExpression } from './parse-expression.js'
import { quoteIdentifier, toDuckDbSql } from './to-duckdb-sql.js'

/**
 * Test support: evaluates expressions over the same columns in DuckDB (the columns loaded into an
 * in-memory table, then one SELECT of `toDuckDbSql`), in TypeScript (`evaluateExpression`) and in
 * onnxruntime (`emitExpressionOnnx`, one graph with an output per expression). Missing is NaN in all
 * three results (DuckDB's NULL read back as NaN).
 *
 * In DuckDB, a numeric column's missing values are stored as NULL, except in columns listed in
 * `nanInDuckDb`, where they are stored as NaN (as Parquet can hold them): the SQL must treat both alike.
 * Numeric columns whose values are all integers are stored as BIGINT; booleans as BOOLEAN.
 */
export async function evaluateThreeWays(
  sources: readonly string[],
  columns: readonly Column[],
  options: { readonly nanInDuckDb?: readonly string[] } = {},
): Promise<{ duckdb: Float64Array[]; ts: Float64Array[]; onnx: Float64Array[] }> {
  const n = columns.length === 0 ? 0 : columnLength(columns[0]!)
  const exprs = sources.map(parseExpression)
  const frame = new Map(columns.map((c) => [c.name, c]))
  const ts = exprs.map((e) => evaluateExpression(e, frame, n))
  return {
    duckdb: await viaDuckDb(
      exprs.map((e) => toDuckDbSql(e)),
      columns,
      options.nanInDuckDb ?? [],
    ),
    ts,
    onnx: await viaOnnx(exprs, columns, n),
  }
}

async function viaDuckDb(
  sqls: readonly string[],
  columns: readonly Column[],
  nanIn: readonly string[],
): Promise<Float64Array[]> {
  const instance = await DuckDBInstance.create(':memory:')
  const conn = await instance.connect()
  try {
    await conn.run('SET autoinstall_known_extensions = false')
    await conn.run('SET autoload_known_extensions = false')
    const kinds = columns.map((c) => (c.type === 'boolean' ? 'BOOLEAN' : isIntegral(c) ? 'BIGINT' : 'DOUBLE'))
    const defs = columns.map((c, j) => `${quoteIdentifier(c.name)} ${kinds[j]}`)
    await conn.run(`CREATE TABLE t (row_id BIGINT, ${defs.join(', ')})`)
    const appender = await conn.createAppender('t')
    const n = columns.length === 0 ? 0 : columnLength(columns[0]!)
    for (let i = 0; i < n; i++) {
      appender.appendBigInt(BigInt(i))
      columns.forEach((c, j) => {
        const v = (c as { values: ArrayLike<number> }).values[i]!
        if (c.type === 'boolean') {
          if (v === -1) appender.appendNull()
          else appender.appendBoolean(v === 1)
        } else if (Number.isNaN(v) && !nanIn.includes(c.name)) {
          appender.appendNull()
        } else if (kinds[j] === 'BIGINT') {
          appender.appendBigInt(BigInt(v))
        } else {
          appender.appendDouble(v)
        }
      })
      appender.endRow()
    }
    appender.closeSync()
    const select = sqls.map((sql, k) => `${sql} AS e${k}`).join(', ')
    const reader = await conn.runAndReadAll(`SELECT ${select} FROM t ORDER BY row_id`)
    return reader
      .getColumnsJS()
      .map((values) => Float64Array.from(values, (v) => (v === null ? Number.NaN : Number(v))))
  } finally {
    conn.closeSync()
    instance.closeSync()
  }
}

async function viaOnnx(
  exprs: ReturnType<typeof parseExpression>[],
  columns: readonly Column[],
  n: number,
): Promise<Float64Array[]> {
  const graph = new OnnxGraphBuilder('expressions')
  const frame: OnnxFrame = new Map(
    columns.map((c) => [
      c.name,
      { tensor: graph.addInput(c.name, 'double', ['N', 1]), type: 'double' as const },
    ]),
  )
  for (const [k, e] of exprs.entries())
    graph.addOutput(`e${k}`, emitExpressionOnnx(e, graph, frame), 'double', ['N', 1])
  const session = await OnnxSession.load(graph.toModel())
  try {
    const feeds = Object.fromEntries(
      columns.map((c) => {
        const values = (c as { values: ArrayLike<number> }).values
        const data = Float64Array.from(values, (v) => (c.type === 'boolean' && v === -1 ? Number.NaN : v))
        return [c.name, { type: 'double' as const, data, dims: [n, 1] }]
      }),
    )
    const out = await session.run(feeds)
    return exprs.map((_, k) => Float64Array.from(out[`e${k}`]!.data as Float64Array))
  } finally {
    await session.release()
  }
}

function isIntegral(c: Column): boolean {
  if (c.type !== 'numeric') return false
  return c.values.every((v) => Number.isNaN(v) || Number.isSafeInteger(v))
}

/**
 * The first row where `actual` differs from `expected`: a different missing position, a different
 * infinity, or a difference above `tolerance` relative to the larger magnitude (so 1e-300 and 2e-300
 * differ). -1 when they agree everywhere.
 */
export function firstDifference(expected: Float64Array, actual: Float64Array, tolerance: number): number {
  for (let i = 0; i < expected.length; i++) {
    const x = expected[i]!
    const y = actual[i]!
    if (x === y || (Number.isNaN(x) && Number.isNaN(y))) continue
    if (!Number.isFinite(x) || !Number.isFinite(y)) return i
    if (Math.abs(x - y) > tolerance * Math.max(Math.abs(x), Math.abs(y))) return i
  }
  return expected.length === actual.length ? -1 : expected.length
}
