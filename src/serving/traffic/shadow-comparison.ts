import type { OnnxResult } from '../../onnx/index.js'
import type { ModelVersion } from '../../registry/index.js'
import { type Prediction, predictionRows } from '../protocol/index.js'
import type { MirroredRequest } from './traffic-router.js'

/** One side of a comparison: the version, how long its rows took, its first predictions. */
export interface ShadowSide {
  /** Null when the shadow failed before a version was leased (unknown alias, load failure). */
  readonly version: number | null
  readonly seconds: number | null
  /** The first 10 predictions, to look at (agreement counts every row). */
  readonly predictions: readonly Prediction[]
}

/** A request as its primary and its shadow answered it. */
export interface ShadowComparison {
  readonly requestId: string
  /** When the shadow finished, ISO 8601. */
  readonly at: string
  readonly rows: number
  /** Rows whose predictions agree (0 when the shadow failed). */
  readonly agreedRows: number
  readonly primary: ShadowSide
  readonly shadow: ShadowSide
  /** Why the shadow failed; null when it answered. */
  readonly error: string | null
}

/** What the shadow version computed for a mirrored request. */
export interface ShadowRun {
  readonly version: ModelVersion
  readonly results: Readonly<Record<string, OnnxResult>>
  readonly seconds: number
}

/**
 * Compares the shadow's run with the primary's answer row by row. Throws when either side's results
 * hold no predictions to read (a model made elsewhere with unexpected outputs).
 */
export function compareRuns(
  request: MirroredRequest,
  shadow: ShadowRun,
  tolerance: number,
): ShadowComparison {
  const { primary } = request
  const expected = predictionRows(primary.results, primary.version.signature)
  const answered = predictionRows(shadow.results, shadow.version.signature)
  return {
    requestId: request.requestId,
    at: new Date().toISOString(),
    rows: expected.length,
    agreedRows: agreedRows(expected, answered, tolerance),
    primary: side(primary.version, primary.seconds, expected),
    shadow: side(shadow.version, shadow.seconds, answered),
    error: null,
  }
}

/** The comparison of a request whose shadow failed (`shadowVersion`: null when none was leased). */
export function failedComparison(
  request: MirroredRequest,
  shadowVersion: number | null,
  error: unknown,
): ShadowComparison {
  const { primary } = request
  return {
    requestId: request.requestId,
    at: new Date().toISOString(),
    rows: 0,
    agreedRows: 0,
    primary: { version: primary.version.version, seconds: primary.seconds, predictions: [] },
    shadow: { version: shadowVersion, seconds: null, predictions: [] },
    error: error instanceof Error ? error.message : String(error),
  }
}

function side(version: ModelVersion, seconds: number, predictions: readonly Prediction[]): ShadowSide {
  return { version: version.version, seconds, predictions: predictions.slice(0, KEPT_ROWS) }
}

/** Predictions kept per side of a comparison: enough to look at, bounded whatever the request's size. */
const KEPT_ROWS = 10

/**
 * Whether two answers for one row agree: a classifier's labels are equal; two regressors' values are
 * at most `tolerance` apart. A classifier and a regressor never agree.
 */
function predictionsAgree(a: Prediction, b: Prediction, tolerance: number): boolean {
  if (typeof a === 'number' || typeof b === 'number') {
    return typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= tolerance
  }
  return String(a.label) === String(b.label)
}

/** How many rows of two answers to one request agree (rows beyond the shorter answer do not). */
function agreedRows(
  primary: readonly Prediction[],
  shadow: readonly Prediction[],
  tolerance: number,
): number {
  let agreed = 0
  const rows = Math.min(primary.length, shadow.length)
  for (let row = 0; row < rows; row++) {
    if (predictionsAgree(primary[row]!, shadow[row]!, tolerance)) agreed++
  }
  return agreed
}

/** The last `capacity` items pushed, oldest overwritten first. */
export class RecentItems<T> {
  readonly #items: T[] = []
  readonly #capacity: number
  #next = 0

  constructor(capacity: number) {
    this.#capacity = capacity
  }

  push(item: T): void {
    if (this.#capacity === 0) return
    if (this.#items.length < this.#capacity) this.#items.push(item)
    else this.#items[this.#next] = item
    this.#next = (this.#next + 1) % this.#capacity
  }

  /** The items, newest first. */
  newestFirst(): T[] {
    const oldestFirst = [...this.#items.slice(this.#next), ...this.#items.slice(0, this.#next)]
    return oldestFirst.reverse()
  }
}
