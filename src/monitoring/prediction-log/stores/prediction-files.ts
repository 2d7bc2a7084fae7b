import { join } from 'node:path'
import type { HourPartition } from './hour-partitions.js'
import { type DataFile, visibleFiles } from './partition-files.js'
import { PendingBatches } from './pending-batches.js'

// A merge or retention in another process may delete files between listing and reading them.
const READ_ATTEMPTS = 4
const VANISHED = /no such file|no files found|cannot open file/i
// Manifests cached before the cache is emptied: those of files other processes delete are never forgotten otherwise.
const MAX_CACHED = 50_000

/**
 * The embedded store's folder as readers see it: `<root>/model=<m>/hour=<h>/` partitions,
 * `<root>/feedback/`, and `<root>/.pending/` journals. Lists the files a query must read: visible ones
 * (see `partition-files.ts`) not in a pending batch.
 */
export class PredictionFiles {
  readonly root: string
  readonly feedbackFolder: string
  readonly pending: PendingBatches
  readonly #manifests = new Map<string, readonly string[]>()

  constructor(root: string) {
    this.root = root
    this.feedbackFolder = join(root, 'feedback')
    this.pending = new PendingBatches(root)
  }

  /** The files of `partitions` a reader must read. */
  async partitionFiles(partitions: readonly HourPartition[]): Promise<DataFile[]> {
    const files: DataFile[] = []
    for (const partition of partitions) files.push(...(await this.folderFiles(partition.path)))
    // Journals are read after the folders: a file seen committed-or-pending is then classified right.
    const pending = await this.pending.paths()
    return pending.size === 0 ? files : files.filter((f) => !pending.has(f.path))
  }

  /** The visible files of one folder, pending batches not excluded. */
  async folderFiles(folder: string): Promise<DataFile[]> {
    if (this.#manifests.size > MAX_CACHED) this.#manifests.clear()
    return visibleFiles(folder, this.#manifests)
  }

  /** Forgets the cached manifests of deleted files. */
  forget(files: readonly DataFile[]): void {
    for (const file of files) this.#manifests.delete(file.path)
  }
}

/**
 * Runs a read, listing its files again and retrying when a file vanished under it (another process
 * merged or removed it between listing and reading).
 */
export async function retryVanished<T>(read: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read()
    } catch (error) {
      if (attempt >= READ_ATTEMPTS || !VANISHED.test(String((error as Error)?.message))) throw error
    }
  }
}
