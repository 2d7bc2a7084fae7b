import type { ModelSignature } from '../models/index.js'

/**
 * The model registry's domain types, after MLflow's: a registered model is a name with versions;
 * a version is immutable (its ONNX bytes are stored by content hash); aliases point at versions and
 * every move is kept in an append-only history.
 */

/** A registered model: a name, its description and tags, its latest version and its aliases. */
export interface RegisteredModel {
  readonly name: string
  readonly description: string
  readonly tags: Readonly<Record<string, string>>
  /** Epoch ms. */
  readonly creationTime: number
  readonly lastUpdatedTime: number
  /** The highest version number, or null before the first version. */
  readonly latestVersion: number | null
  /** Alias → version. */
  readonly aliases: Readonly<Record<string, number>>
}

/** Where a version came from: enough to reproduce it and to monitor it against its training data. */
export interface ModelLineage {
  /** The tracking run that trained it (null for an imported model). */
  readonly runId: string | null
  /** Dataset role (`train`, `valid`, `test`) → fingerprint. */
  readonly datasetFingerprints: Readonly<Record<string, string>>
  /** The run's params (model, task, resolved hyperparameters...). */
  readonly params: Readonly<Record<string, string>>
  /** The git commit the run recorded (`mlflow.source.git.commit`), if any. */
  readonly gitCommit: string | null
  /** The run artifact holding the training-data profile (the drift reference), if any. */
  readonly trainingProfile: string | null
  /** Where the ONNX came from: `runs:/<id>/model` or the imported file's path. */
  readonly source: string
}

/** One immutable version of a registered model. */
export interface ModelVersion {
  readonly name: string
  /** 1, 2, 3...: never reused, even after a delete. */
  readonly version: number
  readonly creationTime: number
  readonly lastUpdatedTime: number
  readonly description: string
  readonly tags: Readonly<Record<string, string>>
  /** Hex sha256 of `model.onnx`: the version's identity and the key of its stored bytes. */
  readonly sha256: string
  readonly sizeBytes: number
  /** URI of the stored ONNX bytes (content-addressed). */
  readonly artifactUri: string
  readonly signature: ModelSignature
  /** Final metrics of the source run (`valid_roc_auc`...) or given at import. */
  readonly metrics: Readonly<Record<string, number>>
  readonly lineage: ModelLineage
  /** Aliases pointing at this version now. */
  readonly aliases: readonly string[]
}

/** One alias move, as recorded: set (from null), moved, or deleted (to null). */
export interface AliasEvent {
  readonly name: string
  readonly alias: string
  readonly fromVersion: number | null
  readonly toVersion: number | null
  /** Epoch ms. */
  readonly time: number
  /** Who moved it (the OS user, or what the caller passed). */
  readonly user: string
  /** Free text: `rollback`, `promote: auc 0.91 >= 0.905`... */
  readonly reason: string
}

export interface CreateModelInput {
  readonly name: string
  readonly description?: string
  readonly tags?: Readonly<Record<string, string>>
}

/** A new version: the ONNX bytes and what describes them. The store hashes and stores the bytes. */
export interface CreateVersionInput {
  readonly name: string
  readonly onnx: Uint8Array
  readonly signature: ModelSignature
  readonly metrics?: Readonly<Record<string, number>>
  readonly lineage: ModelLineage
  readonly description?: string
  readonly tags?: Readonly<Record<string, string>>
}

export interface SearchModelsQuery {
  /** SQL LIKE pattern on the name (`churn%`; a backslash escapes `%` and `_`), not case-sensitive; default all. */
  readonly nameLike?: string
  /** Only models carrying every one of these tags with these values. */
  readonly tags?: Readonly<Record<string, string>>
  /** Default 100, at most 1000. */
  readonly maxResults?: number
  readonly pageToken?: string
}

/** A metric condition on versions: `metric op value`. */
export interface MetricCondition {
  readonly metric: string
  readonly op: '>' | '>=' | '<' | '<=' | '=' | '!='
  readonly value: number
}

export interface SearchVersionsQuery {
  readonly name?: string
  readonly runId?: string
  readonly metrics?: readonly MetricCondition[]
  /** Default 100, at most 1000. */
  readonly maxResults?: number
  readonly pageToken?: string
}

/** Options of an alias change: who and why, for the history. */
export interface AliasChange {
  readonly user?: string
  readonly reason?: string
}
