/**
 * The prediction log: one record per predicted row of every served request, kept for search, replay,
 * explanations, feedback joins and drift. Domain types, their closed value lists and the store port
 * only; no I/O here.
 */

/**
 * How a request can reach the version that answered it (see the serving traffic policies). The one
 * list of them: record checks, the filter language and the HTTP schema read it.
 */
export const TRAFFIC_ARMS = ['primary', 'canary', 'shadow', 'pinned'] as const
export type TrafficArm = (typeof TRAFFIC_ARMS)[number]

/**
 * Where a request's answer can come from: every row cached (`hit`), none (`miss`), some (`partial`),
 * or no cache asked (`off`). The one list of them, as {@link TRAFFIC_ARMS}.
 */
export const CACHE_STATES = ['hit', 'miss', 'partial', 'off'] as const
export type CacheState = (typeof CACHE_STATES)[number]

/** A logged value: what the request held (inputs) or the model answered (outputs), as JSON scalars. */
export type LoggedValue = number | string | boolean | null

/**
 * One predicted row of one request. A request of N rows logs N records with `row` 0..N-1 and the
 * same `requestId`; a request that failed before any row ran logs one record with `row` 0, empty
 * `outputs` and the error. Immutable once written.
 */
export interface PredictionRecord {
  readonly requestId: string
  /** 0-based row of the request. */
  readonly row: number
  /** When the request arrived, epoch ms. */
  readonly time: number
  readonly model: string
  /** The version that answered (for a shadow record: the shadow's version); null when none was resolved. */
  readonly version: number | null
  /** The alias the request named or the route served (`production`), null when it named a version. */
  readonly alias: string | null
  readonly arm: TrafficArm
  /**
   * The row's raw input columns, as sent (after JSON decoding): column name to value. Stores keep
   * strings, booleans and finite numbers; a null (or NaN, ±Infinity) is missing and not kept, so it
   * reads back as an absent key, exactly as a key never sent.
   */
  readonly inputs: Readonly<Record<string, LoggedValue>>
  /**
   * The row's answer as the response gave it, flattened to scalars: `label`, `probability` (binary),
   * `probabilities.<class>`, `prediction` (regression)... Empty when the request failed.
   */
  readonly outputs: Readonly<Record<string, LoggedValue>>
  /** Time the request took to answer, ms (the whole request's, repeated on each of its rows). */
  readonly latencyMs: number
  readonly cache: CacheState
  /** The error's stable code (`INVALID_PARAMETER_VALUE`...) when the request failed, else null. */
  readonly errorCode: string | null
  readonly errorMessage: string | null
}

/** Which records a search returns. Every field narrows; none given: all records, newest first. */
export interface PredictionQuery {
  readonly model?: string
  readonly version?: number
  /** Epoch ms, inclusive. */
  readonly since?: number
  /** Epoch ms, exclusive. */
  readonly until?: number
  /** Only records with an error (true) or without (false). */
  readonly errors?: boolean
  readonly requestId?: string
  /**
   * A filter over the record, SQL-like: `inputs.age > 60 and outputs.probability > 0.9`,
   * `inputs.city = 'oslo'`, `latency_ms > 50`, `arm = 'canary'`. See `parsePredictionFilter`.
   */
  readonly where?: string
  /** Most records returned; default 100, at most 100,000 (`columns` has no upper bound). */
  readonly limit?: number
}

/** A ground-truth label that arrived for a logged row, perhaps long after. */
export interface FeedbackLabel {
  readonly requestId: string
  /** The request's row; default 0. */
  readonly row?: number
  /** The true class (as the model's labels are written) or the true value. */
  readonly label: string | number | boolean
  /** When the label arrived, epoch ms. */
  readonly time: number
}

/** What a store did with a batch of labels. */
export interface FeedbackOutcome {
  /** Labels stored. */
  readonly accepted: number
  /** Of those, labels for a row that already had one: the latest (by `time`, then arrival) wins. */
  readonly replaced: number
  /** Labels naming no logged row (not stored), with the first few request ids for the message. */
  readonly unmatched: number
  readonly unmatchedIds: readonly string[]
}

/** A logged row joined with its label, for live quality. */
export interface LabelledPrediction {
  readonly record: PredictionRecord
  readonly label: string | number | boolean
  readonly labelTime: number
}

/** Which labelled rows to join: a model, optionally a version, in a time window of prediction times. */
export interface LabelledQuery {
  readonly model: string
  readonly version?: number
  readonly since?: number
  readonly until?: number
}

/** Columns of logged records, parallel arrays of `rowCount` values each. */
export interface LoggedColumns {
  readonly rowCount: number
  readonly columns: ReadonlyMap<string, Float64Array | readonly (string | null)[]>
}

/**
 * What a store keeps: records older than `maxAgeMs` go, then the oldest until the store holds at most
 * `maxBytes` (as `storedBytes` counts them). A store may remove in coarser units: the embedded one
 * removes whole hours of one model, so it keeps up to an hour more than `maxAgeMs`.
 */
export interface RetentionPolicy {
  readonly maxAgeMs?: number
  readonly maxBytes?: number
}

/**
 * Where prediction records live: Parquet files under `SHIPYARD_HOME` queried with DuckDB (embedded
 * default), or a PostgreSQL table.
 *
 * Contract, for every backend:
 * - `append` writes its records atomically: after it resolves they survive a crash (kill -9) of the
 *   process; a crash during it leaves the store readable, with all or none of that batch.
 * - Safe to call concurrently from one process, and several processes may share a store: the
 *   PostgreSQL tables, or the embedded folder (unique file names; compaction and retention run in one
 *   process at a time under a lock file, and readers never see a file twice or half-written).
 * - `search` returns records newest first (`time` descending, then `requestId`, `row`, `arm`, strings
 *   compared by code point), at most `limit`. A `where` the filter language refuses is
 *   `INVALID_PARAMETER_VALUE` naming the position and token; so are a malformed query field, record
 *   (`records[3].time`) or label (`labels[0].row`), and nothing of that call is stored.
 * - `time` is kept to the millisecond (rounded). Records with the same `requestId` and `row` may
 *   coexist (a shadow's record beside the primary's); a label applies to all of them.
 * - Returned records are fresh objects; the store keeps no reference to appended ones.
 */
export interface PredictionLogStore {
  append(records: readonly PredictionRecord[]): Promise<void>
  search(query: PredictionQuery): Promise<PredictionRecord[]>
  /** How many records the query matches (`limit` ignored). */
  count(query: PredictionQuery): Promise<number>
  /**
   * Columns of the query's records (`limit` ignored unless given) as arrays, for drift and quality
   * over large windows without building a record per row: `inputs.<name>`, `outputs.<name>`,
   * `latency_ms`, `time` (any record column). A column whose values are all numbers comes as a
   * Float64Array (NaN for missing), others as strings (null for missing; booleans `'true'`/`'false'`).
   * A column no record has comes back as a Float64Array of NaN. Rows are in no set order unless
   * `limit` is given: then they are the newest `limit`, in `search` order.
   */
  columns(query: PredictionQuery, names: readonly string[]): Promise<LoggedColumns>
  appendFeedback(labels: readonly FeedbackLabel[]): Promise<FeedbackOutcome>
  /**
   * Logged rows of the query that have a label (the latest one: by `time`, then arrival), oldest
   * first (`time`, then `requestId`, `row`, `arm`).
   */
  labelled(query: LabelledQuery): Promise<LabelledPrediction[]>
  /** Applies the policy now; returns how many records were removed. */
  enforceRetention(policy: RetentionPolicy): Promise<number>
  /** Bytes the records take, as `RetentionPolicy.maxBytes` counts them (for a gauge, and to size a policy). */
  storedBytes(): Promise<number>
  /** Waits for the store's own background work, then releases it. */
  close(): Promise<void>
}
