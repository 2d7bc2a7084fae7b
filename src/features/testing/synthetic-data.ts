import type { Column } from '../../data/index.js'
import { Dataset } from '../../data/index.js'
import { Random } from '../../shared/index.js'

/**
 * Seeded synthetic data for feature-step tests and the ONNX parity suite: a training set and an
 * "applied" set drawn the same way, except that the applied set also holds categories never seen at
 * fit time and numbers outside the training range. Same seed, same data, on every machine.
 *
 * Columns (every one has missing values unless said otherwise):
 * - `amount` numeric, log-normal over six orders of magnitude (up to ~1e7), a few +Infinity.
 * - `small` numeric, magnitudes around 1e-6, signed.
 * - `signed` numeric, normal(0, 3): values at and below -1 (log1p's domain edge, exactly -1 included), ±Infinity.
 * - `count` numeric, integers 0..20 (ties, for medians, modes and quantile edges).
 * - `constant` numeric, always 7, no missing value. `all_missing` numeric, every value NaN.
 * - `city` categorical, 8 skewed categories; the applied set adds 'atlantis' and 'el dorado'.
 * - `device` categorical, 300 categories (high cardinality); the applied set adds unseen ones.
 * - `note` text, free strings (null missing).
 * - `is_member` boolean. `signup` datetime (epoch ms, 2015 to 2024).
 * - `target` numeric 0/1 (no missing), depending on `amount`, `city` and `is_member`.
 */
export function syntheticData(options: { rows?: number; seed?: number } = {}): {
  train: Dataset
  apply: Dataset
} {
  const rows = options.rows ?? 10_000
  const root = new Random(options.seed ?? 42)
  return { train: draw(root.fork('train'), rows, false), apply: draw(root.fork('apply'), rows, true) }
}

/**
 * `syntheticData`'s table as training takes it, for tests whose point is tracking or the registry,
 * not cleaning: `amount`'s infinities become missing (training refuses them), and `signed` (more
 * infinities), `all_missing` and the free-text `note` are dropped.
 */
export function trainableSynthetic(data: Dataset): Dataset {
  const amount = data.column('amount') as Extract<Column, { type: 'numeric' }>
  const values = amount.values.map((v) => (Number.isFinite(v) ? v : Number.NaN))
  return data
    .withColumns([{ name: 'amount', type: 'numeric', values }])
    .drop(['signed', 'all_missing', 'note'])
}

const CITIES = ['paris', 'oslo', 'rome', 'lima', 'kyiv', 'pune', 'nara', 'fez']
const UNSEEN_CITIES = ['atlantis', 'el dorado']
const DAY_MS = 86_400_000
const START_2015 = Date.UTC(2015, 0, 1)

function draw(rng: Random, n: number, applied: boolean): Dataset {
  const amount = new Float64Array(n)
  const small = new Float64Array(n)
  const signed = new Float64Array(n)
  const count = new Float64Array(n)
  const cityCodes = new Int32Array(n)
  const deviceCodes = new Int32Array(n)
  const note: (string | null)[] = new Array(n)
  const isMember = new Int8Array(n)
  const signup = new Float64Array(n)
  const target = new Float64Array(n)
  const cityDictionary = applied ? [...CITIES, ...UNSEEN_CITIES] : CITIES
  const devices = applied ? 340 : 300
  const deviceDictionary = Array.from({ length: devices }, (_, i) => `device-${i}`)
  const missing = (p: number) => rng.nextFloat() < p
  for (let i = 0; i < n; i++) {
    const shift = applied ? 0.3 : 0
    amount[i] = missing(0.1)
      ? Number.NaN
      : rng.nextFloat() < 0.002
        ? Infinity
        : Math.exp(gaussian(rng) * 2.5 + 4 + shift)
    small[i] = missing(0.05) ? Number.NaN : gaussian(rng) * 1e-6
    const s = gaussian(rng) * 3 + shift
    const u = rng.nextFloat()
    signed[i] = missing(0.08) ? Number.NaN : u < 0.002 ? -Infinity : u < 0.004 ? Infinity : u < 0.01 ? -1 : s
    count[i] = missing(0.05) ? Number.NaN : Math.min(20, Math.floor(-Math.log(1 - rng.nextFloat()) * 4))
    // Skewed: category k with weight 1 / (k + 1); the applied set draws an unseen city 5% of the time.
    cityCodes[i] = missing(0.1)
      ? -1
      : applied && rng.nextFloat() < 0.05
        ? CITIES.length + rng.nextInt(UNSEEN_CITIES.length)
        : skewed(rng, CITIES.length)
    deviceCodes[i] = missing(0.05) ? -1 : rng.nextInt(devices)
    note[i] = missing(0.2) ? null : `note ${rng.nextInt(5000)}`
    isMember[i] = missing(0.07) ? -1 : rng.nextFloat() < 0.4 ? 1 : 0
    signup[i] = missing(0.06) ? Number.NaN : START_2015 + Math.floor(rng.nextFloat() * 3650 * DAY_MS)
    const logit =
      (Number.isFinite(amount[i]!) ? (Math.log(amount[i]!) - 4) / 2.5 : 0) +
      (cityCodes[i] === 0 ? 1 : cityCodes[i] === 3 ? -1 : 0) +
      (isMember[i] === 1 ? 0.8 : 0)
    target[i] = rng.nextFloat() < 1 / (1 + Math.exp(-logit)) ? 1 : 0
  }
  const columns: Column[] = [
    { name: 'amount', type: 'numeric', values: amount },
    { name: 'small', type: 'numeric', values: small },
    { name: 'signed', type: 'numeric', values: signed },
    { name: 'count', type: 'numeric', values: count },
    { name: 'constant', type: 'numeric', values: new Float64Array(n).fill(7) },
    { name: 'all_missing', type: 'numeric', values: new Float64Array(n).fill(Number.NaN) },
    { name: 'city', type: 'categorical', codes: cityCodes, dictionary: cityDictionary },
    { name: 'device', type: 'categorical', codes: deviceCodes, dictionary: deviceDictionary },
    { name: 'note', type: 'text', values: note },
    { name: 'is_member', type: 'boolean', values: isMember },
    { name: 'signup', type: 'datetime', values: signup },
    { name: 'target', type: 'numeric', values: target },
  ]
  return Dataset.fromColumns(columns)
}

function gaussian(rng: Random): number {
  // Box-Muller; 1 - u keeps the logarithm's argument in (0, 1].
  return Math.sqrt(-2 * Math.log(1 - rng.nextFloat())) * Math.cos(2 * Math.PI * rng.nextFloat())
}

function skewed(rng: Random, k: number): number {
  let total = 0
  for (let j = 0; j < k; j++) total += 1 / (j + 1)
  let u = rng.nextFloat() * total
  for (let j = 0; j < k; j++) {
    u -= 1 / (j + 1)
    if (u < 0) return j
  }
  return k - 1
}
