import type { FeatureMatrix } from '../../features/index.js'
import { invalidValue, Random } from '../../shared/index.js'
import type { Task, TrainingMatrix } from '../training-data.js'

/**
 * Seeded synthetic learning tasks for trainer tests and `bench/train.ts`. Same options, same data, on
 * every machine. Features are named `f00`, `f01`, ...; informative columns come first (no column
 * shuffle), so a test can name them. Row order carries no signal (clusters and classes interleave).
 */
export interface SyntheticTask extends TrainingMatrix {
  readonly task: Task
  /** Classes for classification, 1 for regression. */
  readonly numClasses: number
  /** Column indices the label depends on. */
  readonly informative: readonly number[]
}

/** A linear-logit binary task that also returns the coefficients it was drawn from. */
export interface LinearTask extends SyntheticTask {
  readonly coefficients: readonly number[]
  readonly intercept: number
}

/** Options of {@link makeClassification}; defaults in brackets. */
export interface ClassificationOptions {
  readonly rows: number
  /** Total columns [28]. */
  readonly features?: number
  /** Columns carrying the class clusters [20]. */
  readonly informative?: number
  /** Random linear combinations of the informative columns [4]; the rest is pure noise. */
  readonly redundant?: number
  /** [2] */
  readonly classes?: number
  /** Gaussian clusters per class [2]. */
  readonly clustersPerClass?: number
  /** Fraction of labels replaced by a uniformly random class [0.05]. */
  readonly flipY?: number
  /** Half the hypercube's side: larger separates classes more [1]. */
  readonly classSep?: number
  /** [42] */
  readonly seed?: number
}

/**
 * A classification task in the manner of scikit-learn's `make_classification` (without shuffling):
 * each class owns `clustersPerClass` Gaussian clusters centred on distinct vertices of a hypercube
 * with side `2 * classSep` in the informative subspace, each cluster with its own random covariance
 * (standard normals times a uniform(-1, 1) matrix). Then `redundant` columns that are random linear
 * combinations of the informative ones, then standard-normal noise columns; finally a `flipY`
 * fraction of labels is replaced by a random class (possibly the same one). Row `i` belongs to
 * cluster `i % clusters`, label `cluster % classes`, so every class is equally frequent before flips.
 * Columns: informative `0..informative-1`, then the redundant ones, then noise; `informative` lists
 * the first group only. Needs `classes * clustersPerClass <= 2^informative`; otherwise
 * `INVALID_PARAMETER_VALUE`.
 */
export function makeClassification(options: ClassificationOptions): SyntheticTask {
  const rows = checkRows(options.rows)
  const width = checkInteger('features', options.features ?? 28, 1)
  const informative = checkInteger('informative', options.informative ?? 20, 1, width)
  const redundant = checkInteger('redundant', options.redundant ?? 4, 0, width - informative)
  const classes = checkInteger('classes', options.classes ?? 2, 2)
  const clustersPerClass = checkInteger('clustersPerClass', options.clustersPerClass ?? 2, 1)
  const flipY = checkFraction('flipY', options.flipY ?? 0.05)
  const classSep = options.classSep ?? 1
  if (!(classSep > 0)) throw invalidValue('classSep', `must be > 0, got ${classSep}`)
  const clusters = classes * clustersPerClass
  if (clusters > 2 ** Math.min(informative, 30)) {
    throw invalidValue('informative', `2^informative must be >= classes * clustersPerClass (${clusters})`)
  }
  const root = new Random(options.seed ?? 42)
  const centroids = hypercubeVertices(root.fork('centroids'), clusters, informative, classSep)
  const covariances = uniformMatrix(root.fork('covariance'), clusters * informative * informative)
  const mixing = uniformMatrix(root.fork('redundant'), informative * redundant)
  const normal = new Normal(root.fork('rows'))
  const flips = root.fork('flip')

  const values = new Float32Array(rows * width)
  const labels = new Float64Array(rows)
  const z = new Float64Array(informative)
  const x = new Float64Array(informative)
  for (let row = 0; row < rows; row++) {
    const cluster = row % clusters
    const at = row * width
    for (let i = 0; i < informative; i++) z[i] = normal.next()
    clusterPoint(z, covariances, cluster * informative * informative, centroids, cluster * informative, x)
    for (let j = 0; j < informative; j++) values[at + j] = x[j]!
    for (let r = 0; r < redundant; r++) {
      let sum = 0
      for (let i = 0; i < informative; i++) sum += x[i]! * mixing[i * redundant + r]!
      values[at + informative + r] = sum
    }
    for (let c = informative + redundant; c < width; c++) values[at + c] = normal.next()
    labels[row] = flips.nextFloat() < flipY ? flips.nextInt(classes) : cluster % classes
  }
  return {
    task: classes === 2 ? 'binary' : 'multiclass',
    numClasses: classes,
    features: matrix(values, rows, width),
    labels,
    informative: range(informative),
  }
}

/** Options of {@link makeRegression}; defaults in brackets. */
export interface RegressionOptions {
  readonly rows: number
  /** Total columns [28]. */
  readonly features?: number
  /** Columns the target depends on, at least 4 [10]. */
  readonly informative?: number
  /** Standard deviation of the Gaussian noise added to the target [1]. */
  readonly noise?: number
  /** [42] */
  readonly seed?: number
}

/**
 * A regression task whose target needs trees: every column is standard normal, and
 * `y = Σ_{j<informative} c_j x_j + 2 x0 x1 + 3 sin(1.5 x2) + 2 [x3 > 0.5] + noise · N(0, 1)`,
 * with `|c_j|` uniform in [0.5, 2] and a random sign. The noise has its own random stream, so the same
 * seed with a different `noise` gives the same features and the same noiseless target. With the
 * defaults the signal's variance is about 27, so the best attainable R² is about 0.96.
 */
export function makeRegression(options: RegressionOptions): SyntheticTask & {
  readonly coefficients: readonly number[]
} {
  const rows = checkRows(options.rows)
  const width = checkInteger('features', options.features ?? 28, 4)
  const informative = checkInteger('informative', options.informative ?? 10, 4, width)
  const noise = options.noise ?? 1
  if (!(noise >= 0)) throw invalidValue('noise', `must be >= 0, got ${noise}`)
  const root = new Random(options.seed ?? 42)
  const signs = root.fork('coefficients')
  const coefficients = Array.from({ length: informative }, () => {
    const magnitude = 0.5 + 1.5 * signs.nextFloat()
    return signs.nextInt(2) === 0 ? magnitude : -magnitude
  })
  const normal = new Normal(root.fork('rows'))
  const noiseSource = new Normal(root.fork('noise'))

  const values = new Float32Array(rows * width)
  const labels = new Float64Array(rows)
  for (let row = 0; row < rows; row++) {
    const at = row * width
    for (let c = 0; c < width; c++) values[at + c] = normal.next()
    // The target is computed from the stored float32 values, so it is a function of what a model sees.
    let y = 0
    for (let j = 0; j < informative; j++) y += coefficients[j]! * values[at + j]!
    const x3 = values[at + 3]!
    y += 2 * values[at]! * values[at + 1]! + 3 * Math.sin(1.5 * values[at + 2]!) + (x3 > 0.5 ? 2 : 0)
    labels[row] = y + noise * noiseSource.next()
  }
  return {
    task: 'regression',
    numClasses: 1,
    features: matrix(values, rows, width),
    labels,
    informative: range(informative),
    coefficients,
  }
}

/**
 * A binary task no linear model can learn: standard-normal columns, label 1 when `f00` and `f01` have
 * different signs (XOR), then a `flipY` fraction of labels replaced by a fair coin. Each column alone is
 * independent of the label, so a linear model scores an AUC near 0.5; trees approach accuracy
 * `1 - flipY / 2`. Defaults: `features` 6, `flipY` 0.05, `seed` 42.
 */
export function makeInteractionTask(options: {
  readonly rows: number
  readonly features?: number
  readonly flipY?: number
  readonly seed?: number
}): SyntheticTask {
  const rows = checkRows(options.rows)
  const width = checkInteger('features', options.features ?? 6, 2)
  const flipY = checkFraction('flipY', options.flipY ?? 0.05)
  const root = new Random(options.seed ?? 42)
  const normal = new Normal(root.fork('rows'))
  const flips = root.fork('flip')
  const values = new Float32Array(rows * width)
  const labels = new Float64Array(rows)
  for (let row = 0; row < rows; row++) {
    const at = row * width
    for (let c = 0; c < width; c++) values[at + c] = normal.next()
    const xor = values[at]! > 0 !== values[at + 1]! > 0 ? 1 : 0
    labels[row] = flips.nextFloat() < flipY ? flips.nextInt(2) : xor
  }
  return {
    task: 'binary',
    numClasses: 2,
    features: matrix(values, rows, width),
    labels,
    informative: [0, 1],
  }
}

/**
 * A binary task a logistic regression should recover: standard-normal columns, and label 1 with
 * probability `sigmoid(intercept + Σ coefficients[j] · x_j)`. Defaults: `features` 5, `coefficients`
 * drawn uniformly from [-2, 2] (returned), `intercept` -0.5, `seed` 42. Given `coefficients` set the
 * number of features. Columns with a zero coefficient are not listed as informative.
 */
export function makeLinearTask(options: {
  readonly rows: number
  readonly features?: number
  readonly coefficients?: readonly number[]
  readonly intercept?: number
  readonly seed?: number
}): LinearTask {
  const rows = checkRows(options.rows)
  const root = new Random(options.seed ?? 42)
  const draw = root.fork('coefficients')
  const coefficients =
    options.coefficients ??
    Array.from({ length: checkInteger('features', options.features ?? 5, 1) }, () => 4 * draw.nextFloat() - 2)
  const width = coefficients.length
  if (width === 0) throw invalidValue('coefficients', 'must hold at least one coefficient')
  const intercept = options.intercept ?? -0.5
  const normal = new Normal(root.fork('rows'))
  const coins = root.fork('labels')
  const values = new Float32Array(rows * width)
  const labels = new Float64Array(rows)
  for (let row = 0; row < rows; row++) {
    const at = row * width
    let logit = intercept
    for (let c = 0; c < width; c++) {
      const x = Math.fround(normal.next())
      values[at + c] = x
      logit += coefficients[c]! * x
    }
    labels[row] = coins.nextFloat() < 1 / (1 + Math.exp(-logit)) ? 1 : 0
  }
  return {
    task: 'binary',
    numClasses: 2,
    features: matrix(values, rows, width),
    labels,
    informative: range(width).filter((c) => coefficients[c] !== 0),
    coefficients: [...coefficients],
    intercept,
  }
}

/**
 * Splits rows into train and test sets: `round(rows * testFraction)` rows, chosen by a Fisher-Yates
 * shuffle seeded with `seed`, go to test; both sets keep the original row order, labels and weights.
 * Same data, fraction and seed: same split. `testFraction` in (0, 1), and both sets must be non-empty.
 */
export function trainTestSplit(
  data: TrainingMatrix,
  testFraction: number,
  seed: number,
): { readonly train: TrainingMatrix; readonly test: TrainingMatrix } {
  const rows = data.features.rowCount
  if (!(testFraction > 0 && testFraction < 1)) {
    throw invalidValue('testFraction', `must be in (0, 1), got ${testFraction}`)
  }
  const testRows = Math.round(rows * testFraction)
  if (testRows === 0 || testRows === rows) {
    throw invalidValue('testFraction', `leaves an empty set with ${rows} rows`)
  }
  const order = new Random(seed).shuffleInPlace(Int32Array.from({ length: rows }, (_, i) => i))
  const isTest = new Uint8Array(rows)
  for (let i = 0; i < testRows; i++) isTest[order[i]!] = 1
  return { train: gatherRows(data, isTest, 0, rows - testRows), test: gatherRows(data, isTest, 1, testRows) }
}

function gatherRows(data: TrainingMatrix, isTest: Uint8Array, keep: number, count: number): TrainingMatrix {
  const width = data.features.names.length
  const source = data.features.values
  const values = new Float32Array(count * width)
  const labels = new Float64Array(count)
  const weights = data.weights ? new Float64Array(count) : undefined
  let out = 0
  for (let row = 0; row < isTest.length; row++) {
    if (isTest[row] !== keep) continue
    values.set(source.subarray(row * width, (row + 1) * width), out * width)
    labels[out] = data.labels[row]!
    if (weights) weights[out] = data.weights![row]!
    out++
  }
  const features = { names: data.features.names, rowCount: count, values }
  return weights ? { features, labels, weights } : { features, labels }
}

/**
 * Standard normals by Marsaglia's polar form of the Box-Muller transform (no trigonometry, which
 * makes it twice as fast here; 21 % of pairs are rejected), both values of each pair used. Uniforms
 * come from one 32-bit draw each, offset by half a step so that neither is ever 0: 2^-31 resolution
 * is far finer than a float32 feature.
 */
class Normal {
  readonly #rng: Random
  #spare = 0
  #hasSpare = false

  constructor(rng: Random) {
    this.#rng = rng
  }

  next(): number {
    if (this.#hasSpare) {
      this.#hasSpare = false
      return this.#spare
    }
    for (;;) {
      const u = (this.#rng.nextUint32() + 0.5) * 2 ** -31 - 1
      const v = (this.#rng.nextUint32() + 0.5) * 2 ** -31 - 1
      const q = u * u + v * v
      if (q >= 1) continue
      const scale = Math.sqrt((-2 * Math.log(q)) / q)
      this.#spare = v * scale
      this.#hasSpare = true
      return u * scale
    }
  }
}

// x = centroid + z · A, A row-major [n, n] at `a` in `covariances`, the centroid at `c` in `centroids`.
function clusterPoint(
  z: Float64Array,
  covariances: Float64Array,
  a: number,
  centroids: Float64Array,
  c: number,
  x: Float64Array,
): void {
  const n = z.length
  for (let j = 0; j < n; j++) x[j] = centroids[c + j]!
  for (let i = 0; i < n; i++) {
    const zi = z[i]!
    const row = a + i * n
    for (let j = 0; j < n; j++) x[j]! += zi * covariances[row + j]!
  }
}

// Distinct vertices of the hypercube [-sep, sep]^dims, row-major [count, dims].
function hypercubeVertices(rng: Random, count: number, dims: number, sep: number): Float64Array {
  const out = new Float64Array(count * dims)
  const seen = new Set<string>()
  for (let k = 0; k < count; ) {
    const bits = Array.from({ length: dims }, () => rng.nextInt(2))
    const key = bits.join('')
    if (seen.has(key)) continue
    seen.add(key)
    bits.forEach((bit, d) => {
      out[k * dims + d] = bit === 1 ? sep : -sep
    })
    k++
  }
  return out
}

function uniformMatrix(rng: Random, size: number): Float64Array {
  const out = new Float64Array(size)
  for (let i = 0; i < size; i++) out[i] = 2 * rng.nextFloat() - 1
  return out
}

function matrix(values: Float32Array, rows: number, width: number): FeatureMatrix {
  return { names: range(width).map((c) => `f${String(c).padStart(2, '0')}`), rowCount: rows, values }
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i)
}

function checkRows(rows: number): number {
  return checkInteger('rows', rows, 1)
}

function checkInteger(field: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`
    throw invalidValue(field, `must be an integer ${range}, got ${value}`)
  }
  return value
}

function checkFraction(field: string, value: number): number {
  if (!(value >= 0 && value <= 1)) throw invalidValue(field, `must be in [0, 1], got ${value}`)
  return value
}
