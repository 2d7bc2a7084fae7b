import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { Random } from '../../shared/index.js'
import type { Column } from '../column.js'
import { Dataset } from '../dataset.js'
import { fingerprintDataset } from '../fingerprint.js'
import type {
  BooleanProfile,
  CategoricalProfile,
  ColumnProfile,
  DatetimeProfile,
  NumericProfile,
  TextProfile,
} from './dataset-profile.js'
import { histogramOn } from './histogram.js'
import { profileDataset } from './profile-dataset.js'

const { NaN: nan, POSITIVE_INFINITY: inf, NEGATIVE_INFINITY: ninf } = Number

/** Seeded uniform draws in [0, 1), from the project's portable generator. */
function generator(seed: number): () => number {
  const random = new Random(seed)
  return () => random.nextFloat()
}

function profileOf<P extends ColumnProfile>(column: Column, options = {}): P {
  return profileDataset(Dataset.fromColumns([column]), options).columns[0] as P
}
function numbers(values: number[] | Float64Array, name = 'x'): NumericProfile {
  return profileOf({ name, type: 'numeric', values: Float64Array.from(values) })
}

/** Quantiles the textbook way (numpy's linear method), on a plain array sorted with a comparator. */
function referenceQuantile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  const h = (sorted.length - 1) * p
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, sorted.length - 1)
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!)
}

function assertClose(actual: number | null | undefined, expected: number, tolerance = 1e-9): void {
  assert.ok(
    typeof actual === 'number' && Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)),
    `${actual} is not ${expected}`,
  )
}

describe('profileDataset: numeric', () => {
  it('gives exact quantiles on small arrays with known answers', () => {
    // 1..101: (n - 1) p lands on an integer for every level, so each quantile is a data value.
    const p = numbers(Array.from({ length: 101 }, (_, i) => 101 - i))
    assert.deepEqual(p.quantiles, { p1: 2, p5: 6, p25: 26, p50: 51, p75: 76, p95: 96, p99: 100 })
    assert.deepEqual([p.min, p.max, p.mean, p.distinct, p.missing, p.count], [1, 101, 51, 101, 0, 101])
    // 1, 2, 3, 4: interpolated.
    const q = numbers([4, 1, 3, 2]).quantiles!
    const expected = { p1: 1.03, p5: 1.15, p25: 1.75, p50: 2.5, p75: 3.25, p95: 3.85, p99: 3.97 }
    for (const [key, value] of Object.entries(expected))
      assertClose(q[key as keyof typeof expected], value, 1e-15)
    assertClose(numbers([4, 1, 3, 2]).std, Math.sqrt(5 / 3))
  })

  it('treats NaN as missing and counts infinities apart from the finite statistics', () => {
    const p = numbers([nan, 1, inf, ninf, 2, nan, inf])
    assert.equal(p.count, 7)
    assert.equal(p.missing, 2)
    assert.deepEqual(p.infinite, { positive: 2, negative: 1 })
    assert.deepEqual([p.mean, p.min, p.max, p.distinct], [1.5, 1, 2, 4])
    assert.equal(p.quantiles!.p50, 1.5)
    // Edges run from p1 = 1.01 to p99 = 1.99: the finite extremes are tails, like the infinities.
    const h = p.histogram!
    assert.deepEqual([h.edges[0], h.edges.at(-1)], [1.01, 1.99])
    assert.deepEqual([h.underflow, h.overflow, h.missing], [2, 3, 2])
    assert.equal(
      h.counts.reduce((a, b) => a + b, 0),
      0,
    )
  })

  it('an all-missing column has counts and nulls, and no histogram', () => {
    const p = numbers([nan, nan, nan])
    assert.deepEqual(
      [p.count, p.missing, p.distinct, p.mean, p.std, p.min, p.max, p.quantiles, p.histogram],
      [3, 3, 0, null, null, null, null, null, null],
    )
    assert.equal(numbers([inf, nan]).distinct, 1)
  })

  it('a constant column has std 0, every quantile equal and a single bin [v, v]', () => {
    const p = numbers(new Array(10).fill(0.1))
    assert.equal(p.std, 0)
    assert.deepEqual(new Set(Object.values(p.quantiles!)), new Set([0.1]))
    assert.deepEqual(p.histogram, { edges: [0.1, 0.1], counts: [10], underflow: 0, overflow: 0, missing: 0 })
    assert.equal(numbers([5]).std, null)
  })

  it('falls back to min..max edges when p1 = p99 but the values are not all equal', () => {
    const values = new Array(1000).fill(3)
    values[0] = -10
    values[999] = 20
    const h = numbers(values).histogram!
    assert.equal(h.edges[0], -10)
    assert.equal(h.edges.at(-1), 20)
    assert.deepEqual([h.underflow, h.overflow, h.counts[0], h.counts.at(-1)], [0, 0, 1, 1])
  })

  it('matches an independent computation on 50,000 random values (radix-sort path), Float32 storage too', () => {
    const rnd = generator(3)
    const values = Array.from({ length: 50_000 }, () => {
      const r = rnd()
      return r < 0.02 ? nan : r < 0.03 ? Math.round(rnd() * 10) : (rnd() - 0.3) * 1000 * rnd()
    })
    const present = values.filter((v) => !Number.isNaN(v))
    const mean = present.reduce((a, b) => a + b, 0) / present.length
    const std = Math.sqrt(present.reduce((a, b) => a + (b - mean) ** 2, 0) / (present.length - 1))
    for (const storage of ['float64', 'float32'] as const) {
      const stored = storage === 'float64' ? values : Array.from(Float32Array.from(values))
      const storedPresent = stored.filter((v) => !Number.isNaN(v))
      const p = profileOf<NumericProfile>({
        name: 'x',
        type: 'numeric',
        values: storage === 'float64' ? Float64Array.from(values) : Float32Array.from(values),
      })
      assert.equal(p.missing, values.length - present.length)
      assert.equal(p.distinct, new Set(storedPresent).size)
      assert.equal(p.min, Math.min(...storedPresent))
      assert.equal(p.max, Math.max(...storedPresent))
      if (storage === 'float64') {
        assertClose(p.mean, mean)
        assertClose(p.std, std)
      }
      for (const [key, level] of Object.entries({
        p1: 0.01,
        p5: 0.05,
        p25: 0.25,
        p50: 0.5,
        p75: 0.75,
        p95: 0.95,
        p99: 0.99,
      })) {
        assertClose(p.quantiles![key as 'p1'], referenceQuantile(storedPresent, level), 1e-12)
      }
      // The stored histogram is exactly what histogramOn counts on its own edges.
      assert.deepEqual(histogramOn(p.histogram!.edges, Float64Array.from(stored)), p.histogram)
    }
  })

  it('counts values lying exactly on interior edges as histogramOn does (left-closed bins)', () => {
    // Five 0s, 1..99, five 100s: p1 = 0 and p99 = 100, so the edges are 0, 5, 10, ... and hit the data.
    const values = [0, 0, 0, 0, 0, ...Array.from({ length: 99 }, (_, i) => i + 1), 100, 100, 100, 100, 100]
    const h = numbers(values).histogram!
    assert.deepEqual(
      h.edges,
      Array.from({ length: 21 }, (_, k) => k * 5),
    )
    assert.deepEqual(h.counts, [9, ...new Array(18).fill(5), 10])
    assert.deepEqual(histogramOn(h.edges, values), h)
  })

  it('stores fixed reference edges (p1..p99, equal width) that production data is counted on', () => {
    const rnd = generator(11)
    const reference = Float64Array.from({ length: 10_000 }, () => rnd() * 100)
    const p = numbers(reference)
    const edges = p.histogram!.edges
    assert.equal(edges.length, 21)
    assert.equal(edges[0], p.quantiles!.p1)
    assert.equal(edges[20], p.quantiles!.p99)
    const width = (edges[20]! - edges[0]!) / 20
    for (const [k, e] of edges.entries()) assertClose(e, edges[0]! + k * width, 1e-12)
    assert.equal(
      p.histogram!.underflow + p.histogram!.overflow + p.histogram!.counts.reduce((a, b) => a + b, 0),
      10_000,
    )

    // Shifted production data, counted on the reference edges: the edges do not move, the counts do.
    const production = [
      -5,
      edges[0]!,
      edges[3]!,
      (edges[3]! + edges[4]!) / 2,
      edges[20]!,
      edges[20]! + 1e-9,
      inf,
      nan,
    ]
    const h = histogramOn(edges, production)
    assert.deepEqual(h.edges, edges)
    const expected = new Array(20).fill(0)
    expected[0] = 1
    expected[3] = 2
    expected[19] = 1 // the right edge belongs to the last bin
    assert.deepEqual(h.counts, expected)
    assert.deepEqual([h.underflow, h.overflow, h.missing], [1, 2, 1])
  })

  it('the same dataset gives the same profile, and the profile survives JSON unchanged', () => {
    const rnd = generator(5)
    const columns: Column[] = [
      {
        name: 'x',
        type: 'numeric',
        values: Float64Array.from({ length: 6000 }, () => (rnd() < 0.1 ? nan : rnd())),
      },
      {
        name: 'i',
        type: 'numeric',
        values: Float64Array.from({ length: 6000 }, () => (rnd() < 0.01 ? inf : 1)),
      },
    ]
    const profile = profileDataset(Dataset.fromColumns(columns), { fingerprint: 'sha256:abc' })
    assert.equal(profile.fingerprint, 'sha256:abc')
    assert.deepEqual(JSON.parse(JSON.stringify(profile)), profile)
    assert.deepEqual(profileDataset(Dataset.fromColumns(columns), { fingerprint: 'sha256:abc' }), profile)
  })
})

describe('histogramOn', () => {
  it('refuses edges that cannot define bins, naming the edge', () => {
    assert.throws(() => histogramOn([1], []), /edges: need at least two edges, got 1/)
    assert.throws(() => histogramOn([0, inf], []), /edges\[1\]: must be a finite number, not Infinity/)
    assert.throws(() => histogramOn([0, 2, 1], []), /edges\[2\]: 1 is smaller than the edge before it \(2\)/)
  })

  it('counts on uneven and repeated edges by comparison, not by width', () => {
    const h = histogramOn([0, 1, 1, 10], [0, 0.5, 1, 5, 10, 11, -1])
    assert.deepEqual(h.counts, [2, 0, 3])
    assert.deepEqual([h.underflow, h.overflow], [1, 1])
  })
})

describe('profileDataset: other types', () => {
  it('categorical: top values by count then value, other, frequencies of all rows, unused dictionary entries ignored', () => {
    const p = profileOf<CategoricalProfile>(
      {
        name: 'c',
        type: 'categorical',
        codes: Int32Array.from([0, 1, 1, 2, -1, 2, 3, 1]),
        dictionary: ['b', 'x', 'a', 'z', 'unused'],
      },
      { topCategories: 2 },
    )
    assert.deepEqual([p.count, p.missing, p.distinct], [8, 1, 4])
    assert.deepEqual(p.top, [
      { value: 'x', count: 3, frequency: 3 / 8 },
      { value: 'a', count: 2, frequency: 2 / 8 },
    ])
    assert.deepEqual(p.other, { count: 2, frequency: 2 / 8, distinct: 2 })
  })

  it('text: frequent values, distinct and lengths; all-missing text has no lengths', () => {
    const p = profileOf<TextProfile>({ name: 't', type: 'text', values: ['aa', null, 'b', 'aa', 'cccc'] })
    assert.deepEqual([p.missing, p.distinct], [1, 3])
    assert.deepEqual(p.top[0], { value: 'aa', count: 2, frequency: 0.4 })
    assert.deepEqual(p.length, { min: 1, mean: 9 / 4, max: 4 })
    assert.equal(profileOf<TextProfile>({ name: 't', type: 'text', values: [null] }).length, null)
  })

  it('boolean: true, false and missing counts', () => {
    const p = profileOf<BooleanProfile>({ name: 'b', type: 'boolean', values: Int8Array.from([1, 0, -1, 1]) })
    assert.deepEqual([p.trueCount, p.falseCount, p.missing, p.distinct], [2, 1, 1, 2])
  })

  it('datetime: min, max and quantiles in epoch ms, NaN missing', () => {
    const a = Date.UTC(2024, 0, 1)
    const b = Date.UTC(2024, 11, 31)
    const p = profileOf<DatetimeProfile>({
      name: 'd',
      type: 'datetime',
      values: Float64Array.from([b, nan, a]),
    })
    assert.deepEqual([p.min, p.max, p.missing, p.distinct, p.quantiles!.p50], [a, b, 1, 2, (a + b) / 2])
  })

  it('an empty dataset and zero-row columns profile without dividing by zero', () => {
    assert.deepEqual(profileDataset(Dataset.fromColumns([]), { fingerprint: false }), {
      version: 1,
      rowCount: 0,
      fingerprint: null,
      columns: [],
    })
    const empty = profileDataset(
      Dataset.fromColumns([
        { name: 'x', type: 'numeric', values: new Float64Array(0) },
        { name: 'c', type: 'categorical', codes: new Int32Array(0), dictionary: [] },
      ]),
    )
    assert.equal((empty.columns[0] as NumericProfile).mean, null)
    assert.deepEqual((empty.columns[1] as CategoricalProfile).other, { count: 0, frequency: 0, distinct: 0 })
  })

  it('includes the dataset fingerprint unless given one or told to leave it out', () => {
    const ds = Dataset.fromColumns([{ name: 'x', type: 'numeric', values: Float64Array.from([1, 2]) }])
    assert.equal(profileDataset(ds).fingerprint, fingerprintDataset(ds))
    assert.match(profileDataset(ds).fingerprint!, /^[0-9a-f]{64}$/)
    assert.equal(profileDataset(ds, { fingerprint: 'abc' }).fingerprint, 'abc')
    assert.equal(profileDataset(ds, { fingerprint: false }).fingerprint, null)
  })

  it('reports progress after each column, in order', () => {
    const ds = Dataset.fromColumns([
      { name: 'a', type: 'numeric', values: Float64Array.from([1]) },
      { name: 'b', type: 'boolean', values: Int8Array.from([1]) },
    ])
    const seen: string[] = []
    profileDataset(ds, {
      fingerprint: false,
      onColumn: (p, i, total) => seen.push(`${p.name} ${i}/${total}`),
    })
    assert.deepEqual(seen, ['a 0/2', 'b 1/2'])
  })

  it('refuses out-of-range options', () => {
    const ds = Dataset.fromColumns([])
    assert.throws(() => profileDataset(ds, { bins: 0 }), /bins: must be an integer from 1 to 1000, not 0/)
    assert.throws(() => profileDataset(ds, { topCategories: 1.5 }), /topCategories: must be an integer/)
    assert.throws(() => profileDataset(ds, { fingerprint: '' }), /fingerprint: must be a non-empty string/)
  })
})
