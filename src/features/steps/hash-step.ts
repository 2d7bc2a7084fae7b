import { attr } from '../../onnx/index.js'
import type { FeatureStep, StepSpecBase } from '../feature-step.js'
import { doubleScalar, onnxColumn } from '../onnx-columns.js'
import type { SpecReader } from '../spec-reader.js'
import { numericColumn } from '../step-columns.js'
import { indicatorColumns, replaceColumn } from './one-hot-step.js'
import { type StringColumn, stringColumn } from './ordinal-step.js'

const TYPE = 'hash'

/**
 * `{ "type": "hash", "columns": ["user_agent"], "buckets": 4096, "seed": 0, "output": "index" }`: hashes
 * each categorical or text value into one of `buckets` buckets.
 */
export interface HashSpec extends StepSpecBase {
  readonly type: typeof TYPE
  readonly columns: readonly string[]
  /** The number of buckets, at least 2 (at most 2^32 for `'index'`, `HASH_MAX_ONEHOT_BUCKETS` for `'onehot'`). */
  readonly buckets: number
  /** The MurmurHash3 seed, an unsigned 32-bit integer (default 0). */
  readonly seed?: number
  /** `'index'` (default): one column, the bucket number; `'onehot'`: one column per bucket, `<col>#<b>`. */
  readonly output?: 'index' | 'onehot'
  /** With `'onehot'`: the hashing trick's sign, +1 or -1 from the hash's top bit (default false: always 1). */
  readonly signed?: boolean
}

/** The fitted step: nothing is learnt (which is the point of hashing), the spec is the whole state. */
export interface FittedHash {
  readonly spec: HashSpec
}

/**
 * The operator sets a graph with a hash step must import, on top of ai.onnx and ai.onnx.ml: onnxruntime's
 * contrib domain, for `com.microsoft.MurmurHash3`. The pipeline compiler merges this into the model's
 * opsets when a hash step is present.
 */
export const HASH_STEP_OPSETS: Readonly<Record<string, number>> = { 'com.microsoft': 1 }

/** The most buckets `'onehot'` output may have: each bucket is a dense column. */
export const HASH_MAX_ONEHOT_BUCKETS = 4096

/** Reads a hash spec (see `SpecReader` for the messages). */
export function parseHashSpec(r: SpecReader): HashSpec {
  const columns = r.columns()
  const output = r.oneOf('output', ['index', 'onehot'], 'index')
  const max = output === 'onehot' ? HASH_MAX_ONEHOT_BUCKETS : 2 ** 32
  const buckets = r.number('buckets', { min: 2, max, integer: true })
  const seed = r.number('seed', { min: 0, max: 2 ** 32 - 1, integer: true }, 0)
  const signed = r.boolean('signed', false)
  if (signed && output !== 'onehot') throw r.error('signed', "applies only to output 'onehot'")
  return { type: TYPE, columns, buckets, seed, output, signed }
}

/**
 * The hashing trick for high-cardinality categorical and text columns: no vocabulary is fitted, so a
 * value never seen in training still lands in a bucket (possibly shared with others).
 *
 * - Hash: MurmurHash3 x86 32-bit of the value's UTF-8 bytes with `seed` (`murmurHash3`), as an unsigned
 *   integer h; the bucket is `h mod buckets`. Lone UTF-16 surrogates become U+FFFD before hashing, as
 *   onnxruntime-node does when it converts a JavaScript string.
 * - `'index'` (the default, for trees): the column is replaced in place by the bucket number (0 ..
 *   buckets-1), NaN when missing. `'onehot'` (for linear models): replaced, at its place, by `buckets`
 *   columns `<col>#<b>`, 1 in the value's bucket (or, with `signed`, +1 when h < 2^31 and -1 otherwise,
 *   so that collisions cancel in expectation), all zeros when missing.
 * - Missing is a null text value, code -1 or `''`; it is not hashed.
 * - ONNX: onnxruntime's contrib op `com.microsoft.MurmurHash3` (`positive` = 1, `seed`), whose output
 *   matches `murmurHash3` bit for bit (tested on ASCII, accented, CJK and emoji strings); then `Cast` to double
 *   and `Mod` (exact: integers below 2^53); a LabelEncoder maps `''` to NaN and anything else to 0, added
 *   to the bucket so that missing is NaN; `'onehot'` compares the bucket with every bucket number. This ties the graph to onnxruntime: another runtime without Microsoft's contrib
 *   ops cannot load it. The model must import `HASH_STEP_OPSETS`.
 * - Bad input: a column that is not categorical or text, or is absent: `INVALID_PARAMETER_VALUE` naming
 *   the step, the column and the type found; `buckets` < 2 is refused when the spec is read.
 */
export const hashStep: FeatureStep<HashSpec, FittedHash> = {
  fit(spec, frame) {
    for (const name of spec.columns) stringColumn(frame, TYPE, name)
    return { spec }
  },

  transform(fitted, frame) {
    const { buckets, output = 'index', signed = false } = fitted.spec
    const seed = fitted.spec.seed ?? 0
    let out = frame
    for (const name of fitted.spec.columns) {
      const hashes = hashColumn(stringColumn(frame, TYPE, name), seed)
      if (output === 'index') {
        const index = new Float64Array(hashes.length)
        for (let i = 0; i < index.length; i++) index[i] = hashes[i]! % buckets
        out = replaceColumn(out, TYPE, name, [[name, numericColumn(name, index)]])
        continue
      }
      const columns = Array.from({ length: buckets }, () => new Float64Array(hashes.length))
      for (let i = 0; i < hashes.length; i++) {
        const h = hashes[i]!
        if (!Number.isNaN(h)) columns[h % buckets]![i] = signed && h >= SIGN_BIT ? -1 : 1
      }
      out = replaceColumn(
        out,
        TYPE,
        name,
        columns.map((values, b) => [`${name}#${b}`, numericColumn(`${name}#${b}`, values)] as const),
      )
    }
    return out
  },

  toOnnx(fitted, graph, frame) {
    const { buckets, output = 'index', signed = false } = fitted.spec
    let out = frame
    for (const name of fitted.spec.columns) {
      const x = onnxColumn(frame, TYPE, name, 'string')
      const attributes = { positive: attr.int(1), seed: attr.int(fitted.spec.seed ?? 0) }
      const [hash] = graph.addNode('MurmurHash3', [x], attributes, {
        domain: 'com.microsoft',
        name: `${name}_hash`,
      })
      const [h] = graph.addNode('Cast', [hash!], { to: attr.int(DOUBLE) }, { name: `${name}_hash_double` })
      const [isMissing] = graph.addNode(
        'LabelEncoder',
        [x],
        {
          keys_strings: attr.strings(['']),
          values_floats: attr.floats([Number.NaN]),
          default_float: attr.float(0),
        },
        { domain: 'ai.onnx.ml', name: `${name}_missing` },
      )
      const [nanOrZero] = graph.addNode('Cast', [isMissing!], { to: attr.int(DOUBLE) })
      const [bucket] = graph.addNode('Mod', [h!, doubleScalar(graph, `${name}_buckets`, buckets)], {
        fmod: attr.int(1),
      })
      const [index] = graph.addNode('Add', [bucket!, nanOrZero!], {}, { name: `${name}_bucket` })
      if (output === 'index') {
        out = replaceColumn(out, TYPE, name, [[name, { tensor: index!, type: 'double' }]])
        continue
      }
      let sign: string | undefined
      if (signed) {
        const [positive] = graph.addNode('Less', [h!, doubleScalar(graph, `${name}_sign_bit`, SIGN_BIT)])
        const [one] = graph.addNode('Cast', [positive!], { to: attr.int(DOUBLE) })
        const [two] = graph.addNode('Mul', [one!, doubleScalar(graph, `${name}_two`, 2)])
        sign = graph.addNode(
          'Sub',
          [two!, doubleScalar(graph, `${name}_one`, 1)],
          {},
          { name: `${name}_sign` },
        )[0]!
      }
      const targets = Array.from({ length: buckets }, (_, b) => b)
      const tensors = indicatorColumns(graph, name, index!, 'double', targets, sign)
      out = replaceColumn(
        out,
        TYPE,
        name,
        tensors.map((tensor, b) => [`${name}#${b}`, { tensor, type: 'double' }] as const),
      )
    }
    return out
  },
}

const DOUBLE = 11
const SIGN_BIT = 2 ** 31

/** The unsigned MurmurHash3 of each row's value, NaN when missing (one hash per dictionary entry for categoricals). */
function hashColumn(column: StringColumn, seed: number): Float64Array {
  const hash = (value: string | null): number =>
    value === null || value === '' ? Number.NaN : murmurHash3(value, seed)
  if (column.type === 'text') return Float64Array.from(column.values, hash)
  const byCode = Float64Array.from(column.dictionary, hash)
  const out = new Float64Array(column.codes.length)
  for (let i = 0; i < out.length; i++) {
    const code = column.codes[i]!
    out[i] = code < 0 ? Number.NaN : byCode[code]!
  }
  return out
}

const encoder = new TextEncoder()
// Reused across calls: hashing a column allocates nothing per row. Grown on demand (3 UTF-8 bytes per UTF-16 unit at most).
let scratch = new Uint8Array(256)

/**
 * MurmurHash3 x86 32-bit (Austin Appleby's `MurmurHash3_x86_32`) of `value`'s UTF-8 bytes with `seed`, as
 * an unsigned 32-bit integer: the same function as onnxruntime's `com.microsoft.MurmurHash3` with
 * `positive` = 1 and scikit-learn's `murmurhash3_32(value, seed, positive=True)`.
 *
 * @example murmurHash3('a', 0) // 1009084850
 */
export function murmurHash3(value: string, seed = 0): number {
  if (scratch.length < value.length * 3) scratch = new Uint8Array(value.length * 3)
  const length = encoder.encodeInto(value, scratch).written
  const data = scratch
  let h = seed >>> 0
  const blocks = length & ~3
  for (let i = 0; i < blocks; i += 4) {
    const k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24)
    h ^= scramble(k)
    h = (h << 13) | (h >>> 19)
    h = (Math.imul(h, 5) + 0xe6546b64) | 0
  }
  const tail = length & 3
  if (tail > 0) {
    let k = data[blocks]!
    if (tail > 1) k |= data[blocks + 1]! << 8
    if (tail > 2) k |= data[blocks + 2]! << 16
    h ^= scramble(k)
  }
  h ^= length
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

function scramble(k: number): number {
  let x = Math.imul(k, 0xcc9e2d51)
  x = (x << 15) | (x >>> 17)
  return Math.imul(x, 0x1b873593)
}
