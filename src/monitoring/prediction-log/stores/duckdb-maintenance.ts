import { randomBytes } from 'node:crypto'
import { rename, rm, stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { RetentionPolicy } from '../prediction-log.js'
import { type DuckEngine, quoteLiteral } from './duck-engine.js'
import { type FileSchemas, readParquet } from './duck-relation.js'
import { HOUR_MS, type HourPartition, listPartitions } from './hour-partitions.js'
import {
  type DataFile,
  listNames,
  type MergeHooks,
  mergeDataFiles,
  planMerge,
  recoverFolder,
} from './partition-files.js'
import type { PredictionFiles } from './prediction-files.js'

/** How the embedded store keeps its folders tidy. */
export interface CompactionSettings {
  /** Files of one level an open folder may collect before they are merged. */
  readonly fanIn: number
  /** How long after an hour ends its files are merged into one (late records may still arrive). */
  readonly closeDelayMs: number
}

/**
 * Compaction and retention of the embedded store's files: every method deletes or rewrites files, so
 * the store calls them one at a time, under the maintenance lock (see `maintenance-lock.ts`).
 */
export class DuckMaintenance {
  readonly #files: PredictionFiles
  readonly #schemas: FileSchemas
  readonly #engine: DuckEngine
  readonly #settings: CompactionSettings

  constructor(
    files: PredictionFiles,
    schemas: FileSchemas,
    engine: DuckEngine,
    settings: CompactionSettings,
  ) {
    this.#files = files
    this.#schemas = schemas
    this.#engine = engine
    this.#settings = settings
  }

  /**
   * Recovers crashed writers' leftovers, then merges: the files of an hour that ended (at least
   * `closeDelayMs` ago) into one; in a partition still open, or in the feedback folder, `fanIn` files
   * of a level into one of the next. Returns the partitions that are not yet one file for good.
   */
  async compact(
    partitions: readonly HourPartition[],
    now: number,
    hooks: MergeHooks = {},
  ): Promise<HourPartition[]> {
    await this.#files.pending.recover()
    const open: HourPartition[] = []
    for (const partition of partitions) {
      const closed = now >= partition.start + HOUR_MS + this.#settings.closeDelayMs
      await this.#compactFolder(partition.path, closed, 'time, request_id, "row"', hooks)
      if (!closed) open.push(partition)
    }
    await this.#compactFolder(this.#files.feedbackFolder, false, 'arrival', hooks)
    return open
  }

  /**
   * Removes whole hour partitions: those that ended more than `maxAgeMs` ago, then the oldest ones
   * until the files total at most `maxBytes`. Returns the records removed.
   */
  async enforceRetention(policy: RetentionPolicy, now: number): Promise<number> {
    let partitions = await listPartitions(this.#files.root, {})
    let removed = 0
    if (policy.maxAgeMs !== undefined) {
      const cutoff = now - policy.maxAgeMs
      for (const partition of partitions.filter((p) => p.start + HOUR_MS <= cutoff)) {
        removed += await this.#removePartition(partition)
      }
      partitions = partitions.filter((p) => p.start + HOUR_MS > cutoff)
    }
    if (policy.maxBytes !== undefined) {
      const sizes = await Promise.all(partitions.map((p) => this.#folderBytes(p.path)))
      let total = sizes.reduce((a, b) => a + b, 0)
      for (const [i, partition] of partitions.entries()) {
        if (total <= policy.maxBytes) break
        removed += await this.#removePartition(partition)
        total -= sizes[i]!
      }
    }
    await this.#removeLeftovers()
    return removed
  }

  /** Bytes of the files readers read, over every partition. */
  async storedBytes(): Promise<number> {
    const partitions = await listPartitions(this.#files.root, {})
    const sizes = await Promise.all(partitions.map((p) => this.#folderBytes(p.path)))
    return sizes.reduce((a, b) => a + b, 0)
  }

  // Files whose columns disagree in type are never merged together (see `FileSchemas`).
  async #compactFolder(folder: string, closed: boolean, order: string, hooks: MergeHooks) {
    await recoverFolder(folder)
    for (;;) {
      const pending = await this.#files.pending.paths()
      const files = (await this.#files.folderFiles(folder)).filter((f) => !pending.has(f.path))
      const groups = files.length < 2 ? [] : await this.#schemas.groups(files)
      const sources = groups
        .map((group) => planMerge(group, closed, this.#settings.fanIn))
        .find((plan) => plan !== null)
      if (sources === undefined) return
      await mergeDataFiles(
        folder,
        sources,
        (temp) =>
          this.#engine.run(
            `COPY (SELECT * FROM ${readParquet(sources)} ORDER BY ${order}) ` +
              `TO ${quoteLiteral(temp)} (FORMAT parquet, COMPRESSION zstd)`,
          ),
        hooks,
      )
      this.#forget(sources)
    }
  }

  // Renamed away first, so readers in any process stop seeing it at once, then deleted.
  async #removePartition(partition: HourPartition): Promise<number> {
    const files = await this.#files.folderFiles(partition.path)
    const records = await this.#countRecords(files)
    const away = join(
      dirname(partition.path),
      `.removed-${basename(partition.path)}-${randomBytes(4).toString('hex')}`,
    )
    await rename(partition.path, away)
    await rm(away, { recursive: true, force: true })
    this.#forget(files)
    return records
  }

  // Folders a crash left half-removed.
  async #removeLeftovers(): Promise<void> {
    for (const model of await listNames(this.#files.root)) {
      if (!model.startsWith('model=')) continue
      for (const name of await listNames(join(this.#files.root, model))) {
        if (name.startsWith('.removed-'))
          await rm(join(this.#files.root, model, name), { recursive: true, force: true })
      }
    }
  }

  async #countRecords(files: readonly DataFile[]): Promise<number> {
    if (files.length === 0) return 0
    const { rows } = await this.#engine.rows(`SELECT count(*) FROM ${readParquet(files)}`)
    return Number(rows[0]![0])
  }

  #forget(files: readonly DataFile[]): void {
    this.#files.forget(files)
    this.#schemas.forget(files)
  }

  async #folderBytes(folder: string): Promise<number> {
    const sizes = await Promise.all(
      (await this.#files.folderFiles(folder)).map((f) =>
        stat(f.path).then(
          (s) => s.size,
          () => 0,
        ),
      ),
    )
    return sizes.reduce((a, b) => a + b, 0)
  }
}
