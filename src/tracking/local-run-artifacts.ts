import { basename, resolve } from 'node:path'
import { type ArtifactStore, localStats } from '../artifacts/index.js'
import type { ArtifactRun, RunArtifacts } from './run-artifacts.js'
import type { TrackingStore } from './tracking-store.js'
import type { ArtifactInfo } from './types.js'

// Files recorded per `recordArtifacts` call, so that a folder of many thousand files stays within
// the databases' limits on parameters per statement.
const RECORD_BATCH = 1000

/**
 * The embedded `RunArtifacts`: bytes go through the `ArtifactStore` that serves the run's
 * `artifactUri`, then each written file's size and sha256 is recorded in the tracking store.
 *
 * Bytes are written before they are recorded, so a failure in between (or an unknown run, which
 * `recordArtifacts` refuses with `RESOURCE_DOES_NOT_EXIST`) leaves unrecorded files, never records
 * without files. `list` shows a recorded sha256 only while the file still has the recorded size,
 * so a file replaced behind the tracking store's back does not keep a stale hash.
 *
 * @example
 * const artifacts = new LocalRunArtifacts(trackingStore, artifactStoreFor)
 * await artifacts.log(run.info, './model', 'model') // every file under ./model, recorded with its sha256
 */
export class LocalRunArtifacts implements RunArtifacts {
  readonly #store: TrackingStore
  readonly #artifactStoreFor: (uri: string) => ArtifactStore

  constructor(store: TrackingStore, artifactStoreFor: (uri: string) => ArtifactStore) {
    this.#store = store
    this.#artifactStoreFor = artifactStoreFor
  }

  async log(run: ArtifactRun, localPath: string, artifactPath?: string): Promise<readonly ArtifactInfo[]> {
    const stats = await localStats(localPath)
    // Resolved first so that '.' or 'dir/' still name the folder itself.
    const target = artifactPath ?? basename(resolve(localPath))
    const artifacts = this.#artifactStoreFor(run.artifactUri)
    const infos = stats.isDirectory()
      ? await artifacts.putDirectory(run.artifactUri, target, localPath)
      : [await artifacts.putFile(run.artifactUri, target, { localPath })]
    await this.#record(run, infos)
    return infos
  }

  async logBytes(run: ArtifactRun, artifactPath: string, bytes: Uint8Array): Promise<ArtifactInfo> {
    const info = await this.#artifactStoreFor(run.artifactUri).putFile(run.artifactUri, artifactPath, bytes)
    await this.#record(run, [info])
    return info
  }

  async list(run: ArtifactRun, path = ''): Promise<readonly ArtifactInfo[]> {
    const [listed, records] = await Promise.all([
      this.#artifactStoreFor(run.artifactUri).list(run.artifactUri, path),
      this.#store.listArtifactRecords(run.runId),
    ])
    const recorded = new Map(records.map((record) => [record.path, record]))
    return listed.map((info) => {
      const record = info.isDir ? undefined : recorded.get(info.path)
      return record?.sha256 !== undefined && record.fileSize === info.fileSize
        ? { ...info, sha256: record.sha256 }
        : info
    })
  }

  read(run: ArtifactRun, path: string): Promise<Buffer> {
    return this.#artifactStoreFor(run.artifactUri).read(run.artifactUri, path)
  }

  download(run: ArtifactRun, path: string, localDestination: string): Promise<string> {
    return this.#artifactStoreFor(run.artifactUri).download(run.artifactUri, path, localDestination)
  }

  async #record(run: ArtifactRun, infos: readonly ArtifactInfo[]): Promise<void> {
    // Called even with no files, so that an unknown run is reported whatever was uploaded.
    for (let start = 0; start === 0 || start < infos.length; start += RECORD_BATCH) {
      await this.#store.recordArtifacts(run.runId, infos.slice(start, start + RECORD_BATCH))
    }
  }
}
