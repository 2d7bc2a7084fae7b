import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Column } from '../../data/index.js'
import { attr, DEFAULT_OPSETS, OnnxGraphBuilder, OnnxSession } from '../../onnx/index.js'
import { Random } from '../../shared/index.js'
import { assertOnnxParity } from '../parity.test-suite.js'
import type { AnyFeatureStep } from '../pipeline.js'
import { SpecReader } from '../spec-reader.js'
import { syntheticData } from '../testing/synthetic-data.js'
import { HASH_STEP_OPSETS, type HashSpec, hashStep, murmurHash3, parseHashSpec } from './hash-step.js'

const steps = { hash: hashStep as unknown as AnyFeatureStep }
const frameOf = (...columns: Column[]) => new Map(columns.map((c) => [c.name, c]))
const text = (name: string, values: (string | null)[]): Column => ({ name, type: 'text', values })
const numbers = (column: Column | undefined) => Array.from((column as { values: Float64Array }).values)

// Strings whose UTF-8 forms cover every tail length, 2-, 3- and 4-byte sequences and a lone surrogate.
const SAMPLES = [
  'a',
  'ab',
  'abc',
  'abcd',
  'abcde',
  'hello world',
  'é',
  'café',
  'Ünïcödé',
  '汉字',
  '漢字テスト',
  '😀',
  'caf\u00e9 🚀 汉字 x',
  '👩‍👩‍👧‍👦',
  '\ud800',
  'x'.repeat(1000),
]

async function onnxHashes(values: readonly string[], seed: number): Promise<number[]> {
  const g = new OnnxGraphBuilder('murmur')
  const x = g.addInput('x', 'string', ['N', 1])
  const [h] = g.addNode(
    'MurmurHash3',
    [x],
    { positive: attr.int(1), seed: attr.int(seed) },
    { domain: 'com.microsoft' },
  )
  const [d] = g.addNode('Cast', [h!], { to: attr.int(11) })
  g.addOutput('h', d!, 'double', ['N', 1])
  const session = await OnnxSession.load(g.toModel({ opsets: { ...DEFAULT_OPSETS, ...HASH_STEP_OPSETS } }))
  try {
    const out = await session.run({ x: { type: 'string', data: values, dims: [values.length, 1] } })
    return Array.from(out.h!.data as Float64Array)
  } finally {
    await session.release()
  }
}

function randomString(rng: Random): string {
  const length = rng.nextInt(12)
  let s = ''
  for (let i = 0; i < length; i++) {
    const kind = rng.nextInt(4)
    const codePoint =
      kind === 0
        ? 0x20 + rng.nextInt(0x5f)
        : kind === 1
          ? 0x80 + rng.nextInt(0x780)
          : kind === 2
            ? 0x4e00 + rng.nextInt(0x5000)
            : 0x1f300 + rng.nextInt(0x300)
    s += String.fromCodePoint(codePoint)
  }
  return s
}

describe('murmurHash3', () => {
  it('matches onnxruntime com.microsoft.MurmurHash3 bit for bit on ASCII, accents, CJK and emoji', async () => {
    const rng = new Random(7)
    const values = [
      ...SAMPLES,
      ...Array.from({ length: 2000 }, () => randomString(rng)).filter((s) => s !== ''),
    ]
    for (const seed of [0, 42, 2 ** 31, 2 ** 32 - 1]) {
      const expected = await onnxHashes(values, seed)
      const actual = values.map((v) => murmurHash3(v, seed))
      const first = actual.findIndex((h, i) => h !== expected[i])
      assert.equal(
        first,
        -1,
        `seed ${seed}: ${JSON.stringify(values[first])} -> ${actual[first]}, ORT ${expected[first]}`,
      )
    }
  })

  it('gives the published MurmurHash3_x86_32 test vectors', () => {
    assert.equal(murmurHash3('', 0), 0)
    assert.equal(murmurHash3('', 1), 0x514e28b7)
    assert.equal(murmurHash3('', 0xffffffff), 0x81f16f39)
    assert.equal(murmurHash3('aaaa', 0x9747b28c), 0x5a97808a)
    assert.equal(murmurHash3('Hello, world!', 0x9747b28c), 0x24884cba)
    assert.equal(murmurHash3('The quick brown fox jumps over the lazy dog', 0x9747b28c), 0x2fa826cd)
  })
})

describe('hash step', () => {
  const spec = (extra: Partial<HashSpec> = {}): HashSpec => ({
    type: 'hash',
    columns: ['s'],
    buckets: 16,
    ...extra,
  })

  it("replaces the column with the bucket index h mod buckets, NaN for missing (null or '')", () => {
    const frame = frameOf(
      text('s', ['café', null, '汉字', '', 'café']),
      text('keep', ['k', 'k', 'k', 'k', 'k']),
    )
    const fitted = hashStep.fit(spec({ seed: 3 }), frame, { seed: 0 })
    const out = hashStep.transform(fitted, frame)
    assert.deepEqual([...out.keys()], ['s', 'keep'])
    const values = numbers(out.get('s'))
    assert.deepEqual(values, [
      murmurHash3('café', 3) % 16,
      Number.NaN,
      murmurHash3('汉字', 3) % 16,
      Number.NaN,
      values[0],
    ])
  })

  it('hashes a categorical column as its text (per dictionary entry)', () => {
    const categorical: Column = {
      name: 's',
      type: 'categorical',
      codes: Int32Array.from([1, 0, -1, 1]),
      dictionary: ['x', 'y'],
    }
    const fitted = hashStep.fit(spec(), frameOf(categorical), { seed: 0 })
    const fromCategorical = numbers(hashStep.transform(fitted, frameOf(categorical)).get('s'))
    const fromText = numbers(hashStep.transform(fitted, frameOf(text('s', ['y', 'x', null, 'y']))).get('s'))
    assert.deepEqual(fromCategorical, fromText)
    assert.equal(fromText[0], murmurHash3('y') % 16)
  })

  it("expands to <col>#<b> columns for output 'onehot', signed by the hash's top bit when asked", () => {
    const values = ['a', 'b', 'c', 'd', 'e', 'f', 'g', null]
    const frame = frameOf(text('before', values), text('s', values), text('after', values))
    for (const signed of [false, true]) {
      const fitted = hashStep.fit(spec({ buckets: 4, output: 'onehot', signed }), frame, { seed: 0 })
      const out = hashStep.transform(fitted, frame)
      assert.deepEqual([...out.keys()], ['before', 's#0', 's#1', 's#2', 's#3', 'after'])
      for (const [i, value] of values.entries()) {
        const row = [0, 1, 2, 3].map((b) => numbers(out.get(`s#${b}`))[i])
        if (value === null) {
          assert.deepEqual(row, [0, 0, 0, 0])
          continue
        }
        const h = murmurHash3(value)
        const expected = [0, 0, 0, 0]
        expected[h % 4] = signed && h >= 2 ** 31 ? -1 : 1
        assert.deepEqual(row, expected, `row ${i}`)
      }
    }
    const signs = values.slice(0, 7).map((v) => murmurHash3(v!) >= 2 ** 31)
    assert.ok(signs.includes(true) && signs.includes(false), 'the sample exercises both signs')
  })

  it('refuses buckets < 2, a fractional or negative seed, signed index output and unknown fields', () => {
    const read = (json: object) => {
      const r = new SpecReader('steps[0]', { type: 'hash', columns: ['s'], ...json })
      r.raw('type')
      const parsed = parseHashSpec(r)
      r.finish()
      return parsed
    }
    assert.deepEqual(read({ buckets: 8 }), {
      type: 'hash',
      columns: ['s'],
      buckets: 8,
      seed: 0,
      output: 'index',
      signed: false,
    })
    assert.throws(() => read({ buckets: 1 }), /steps\[0\]\.buckets: must be at least 2, got 1/)
    assert.throws(() => read({}), /steps\[0\]\.buckets: must be a finite number/)
    assert.throws(() => read({ buckets: 8, seed: -1 }), /seed: must be at least 0/)
    assert.throws(() => read({ buckets: 8, seed: 1.5 }), /seed: must be an integer/)
    assert.throws(() => read({ buckets: 8, signed: true }), /signed: applies only to output 'onehot'/)
    assert.throws(() => read({ buckets: 5000, output: 'onehot' }), /buckets: must be at most 4096/)
    assert.throws(() => read({ buckets: 8, bukets: 9 }), /bukets: is not a known field/)
  })

  it('refuses a numeric column and a missing column, naming the step, column and type', () => {
    const frame = frameOf({ name: 'n', type: 'numeric', values: Float64Array.from([1]) })
    assert.throws(
      () => hashStep.fit({ ...spec(), columns: ['n'] }, frame, { seed: 0 }),
      /hash: column 'n' is numeric; hash needs a categorical or text column/,
    )
    assert.throws(
      () => hashStep.fit(spec(), frame, { seed: 0 }),
      /hash: column 's' does not exist; the frame has 'n'/,
    )
  })

  it('survives a JSON round trip of the fitted state', () => {
    const frame = frameOf(text('s', ['a', 'b', null]))
    const fitted = hashStep.fit(spec({ output: 'onehot', signed: true, seed: 9 }), frame, { seed: 0 })
    const copy = JSON.parse(JSON.stringify(fitted)) as typeof fitted
    assert.deepEqual(copy, fitted)
    assert.deepEqual(
      numbers(hashStep.transform(copy, frame).get('s#3')),
      numbers(hashStep.transform(fitted, frame).get('s#3')),
    )
  })

  it('matches onnxruntime on 10,000 rows with unseen categories, for every output form', async () => {
    const { train, apply } = syntheticData()
    const columns = ['device', 'note']
    const forms: Partial<HashSpec>[] = [
      { buckets: 1024 },
      { buckets: 2 ** 32, seed: 2 ** 32 - 1 },
      { buckets: 8, output: 'onehot', seed: 5 },
      { buckets: 8, output: 'onehot', signed: true },
    ]
    for (const form of forms) {
      const { matrix } = await assertOnnxParity(
        { steps: [{ ...spec(form), columns }] },
        train.select(columns),
        apply.select(columns),
        { steps },
      )
      assert.equal(matrix.rowCount, 10_000)
      assert.equal(matrix.names.length, form.output === 'onehot' ? 16 : 2)
    }
  })
})
