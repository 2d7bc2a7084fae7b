import type { Page } from '../tracking/index.js'
import type {
  AliasChange,
  AliasEvent,
  CreateModelInput,
  CreateVersionInput,
  ModelVersion,
  RegisteredModel,
  SearchModelsQuery,
  SearchVersionsQuery,
} from './types.js'

/**
 * The model registry: registered models, their immutable versions and aliases, in the metadata store.
 *
 * Contract, for every backend:
 * - Names follow MLflow's rules for registered models (non-empty, at most 256 characters, no `/`,
 *   no leading or trailing space); aliases MLflow's alias rules (`^[A-Za-z0-9_\-]{1,255}$`, not
 *   case-sensitive on lookup, stored lower-case), with `latest` and `v<N>` reserved
 *   (`INVALID_PARAMETER_VALUE` naming the field).
 * - Versions are numbered 1, 2, 3... per model, never reused, and immutable except for description
 *   and tags. The ONNX bytes are written once per content hash before the version row commits.
 * - Every alias change appends an `AliasEvent` in the same transaction as the change.
 * - Safe to call concurrently, from several processes: two registrations of one model get two
 *   numbers; an alias move is atomic.
 * - Unknown model, version or alias: `RESOURCE_DOES_NOT_EXIST`; a model name taken:
 *   `RESOURCE_ALREADY_EXISTS`; stored bytes whose hash no longer matches:
 *   `SHIPYARD_MODEL_ARTIFACT_CORRUPT`.
 */
export interface ModelRegistry {
  createModel(input: CreateModelInput): Promise<RegisteredModel>
  getModel(name: string): Promise<RegisteredModel>
  /** By name (code-unit order), keyset-paged. */
  searchModels(query?: SearchModelsQuery): Promise<Page<RegisteredModel>>
  updateModel(name: string, update: { readonly description: string }): Promise<RegisteredModel>
  renameModel(name: string, newName: string): Promise<RegisteredModel>
  /** Deletes the model, its versions, aliases and history rows. Stored bytes may stay (shared by hash). */
  deleteModel(name: string): Promise<void>
  setModelTag(name: string, key: string, value: string): Promise<void>
  deleteModelTag(name: string, key: string): Promise<void>

  /** Creates the model too when it does not exist yet. */
  createVersion(input: CreateVersionInput): Promise<ModelVersion>
  getVersion(name: string, version: number): Promise<ModelVersion>
  /** Newest first (creation time, then name and version, descending), keyset-paged. */
  searchVersions(query?: SearchVersionsQuery): Promise<Page<ModelVersion>>
  updateVersion(
    name: string,
    version: number,
    update: { readonly description: string },
  ): Promise<ModelVersion>
  /** Refused while an alias points at it (`INVALID_PARAMETER_VALUE`: move the alias first). */
  deleteVersion(name: string, version: number): Promise<void>
  setVersionTag(name: string, version: number, key: string, value: string): Promise<void>
  deleteVersionTag(name: string, version: number, key: string): Promise<void>

  /** The ONNX bytes of a version, checked against its sha256. */
  readModel(name: string, version: number): Promise<Uint8Array>

  /**
   * Points `alias` at `version` (set or move). Pointing it where it already points records nothing
   * and returns the event that put it there.
   */
  setAlias(name: string, alias: string, version: number, change?: AliasChange): Promise<AliasEvent>
  deleteAlias(name: string, alias: string, change?: AliasChange): Promise<AliasEvent>
  /**
   * The version an alias, `latest` or `v<N>` names now, or the version a number string names.
   * `RESOURCE_DOES_NOT_EXIST` when it names none.
   */
  resolve(name: string, aliasOrVersion: string): Promise<ModelVersion>
  /** Alias changes of the model (one alias when given), oldest first. */
  aliasHistory(name: string, alias?: string): Promise<readonly AliasEvent[]>
  /** The version `alias` pointed at at `time` (epoch ms), or null when it pointed nowhere. */
  aliasAt(name: string, alias: string, time: number): Promise<number | null>
  /**
   * Moves `alias` back to the version it pointed at before its last move (`INVALID_PARAMETER_VALUE`
   * when it has no earlier version): a second rollback undoes the first, and a deleted alias comes
   * back. Recorded with reason `rollback` (`rollback: <reason>` when one is given).
   */
  rollback(name: string, alias: string, change?: AliasChange): Promise<AliasEvent>

  /**
   * A number that changes whenever any alias of any model changes, and when a model is renamed or
   * deleted (a cheap poll for servers: compare with the last value seen, then re-resolve). It may
   * also change when no alias did (a version delete, an alias set where it already pointed).
   */
  aliasGeneration(): Promise<number>

  close(): Promise<void>
}
