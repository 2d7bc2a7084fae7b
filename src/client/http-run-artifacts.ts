import { openAsBlob } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import {
  artifactBaseName,
  joinArtifactPath,
  listLocalTree,
  localStats,
  normalizeArtifactPath,
} from '../artifacts/index.js'
import { ShipyardError } from '../shared/index.js'
import type { ArtifactInfo, ArtifactRun, RunArtifacts } from '../tracking/index.js'
import { ApiClient, type ApiClientOptions, idSegment } from './api-client.js'

// Files sent or fetched at once by a folder upload or download.
const CONCURRENCY = 4

/**
 * The `RunArtifacts` of a Shipyard server: bytes go over the native API, and the server writes them
 * through its artifact store and records their sha256, as the embedded backend does.
 *
 * Files are sent with `fs.openAsBlob`: `fetch` streams a file-backed Blob from disk with its
 * Content-Length, so a large model never sits in memory whole (and the server can refuse an
 * oversized one before reading it). A folder is one PUT per file, every name checked before the
 * first is sent; empty folders are not recreated on the server. Downloads stream to disk.
 *
 * @example
 * const artifacts = new HttpRunArtifacts('http://127.0.0.1:5000')
 * await artifacts.log(run.info, './model') // every file under ./model, at model/…
 */
export class HttpRunArtifacts implements RunArtifacts {
  readonly #api: ApiClient

  constructor(trackingUri: string, options: ApiClientOptions = {}) {
    this.#api = new ApiClient(trackingUri, options)
  }

  async log(run: ArtifactRun, localPath: string, artifactPath?: string): Promise<readonly ArtifactInfo[]> {
    const stats = await localStats(localPath)
    // Resolved first so that '.' or 'dir/' still name the folder itself.
    const target = artifactPath ?? basename(resolve(localPath))
    if (stats.isFile()) return [await this.#put(run, target, await openAsBlob(localPath))]
    if (!stats.isDirectory()) {
      throw new ShipyardError(
        'INVALID_PARAMETER_VALUE',
        `'${localPath}' is neither a regular file nor a folder`,
        {
          details: { localPath },
        },
      )
    }
    const root = normalizeArtifactPath(target)
    const files = (await listLocalTree(localPath)).files.map((file) => ({
      ...file,
      path: joinArtifactPath(root, file.path),
    }))
    for (const file of files) normalizeArtifactPath(file.path)
    // Nothing to send still checks the run, as the embedded backend's recording does.
    if (files.length === 0) await this.list(run, root)
    const infos = await inParallel(files, async (file) =>
      this.#put(run, file.path, await openAsBlob(file.localPath)),
    )
    return infos.sort(byPath)
  }

  logBytes(run: ArtifactRun, artifactPath: string, bytes: Uint8Array): Promise<ArtifactInfo> {
    return this.#put(run, artifactPath, bytes)
  }

  async list(run: ArtifactRun, path = ''): Promise<readonly ArtifactInfo[]> {
    return (await this.#api.json<{ files: ArtifactInfo[] }>('GET', artifactsPath(run), { query: { path } }))
      .files
  }

  read(run: ArtifactRun, path: string): Promise<Buffer> {
    return this.#api.bytes('GET', `${artifactsPath(run)}/content`, { query: { path } })
  }

  async download(run: ArtifactRun, path: string, localDestination: string): Promise<string> {
    const normalized = normalizeArtifactPath(path)
    if (normalized === '') {
      await this.#downloadFolder(run, '', localDestination)
      return localDestination
    }
    const target = join(localDestination, artifactBaseName(normalized))
    const parent = normalized.slice(0, Math.max(0, normalized.lastIndexOf('/')))
    const entry = (await this.list(run, parent)).find((info) => info.path === normalized)
    // Not a folder: fetched as a file, so that a missing path fails with the server's message.
    if (entry?.isDir) await this.#downloadFolder(run, normalized, target)
    else
      await this.#api.saveTo('GET', `${artifactsPath(run)}/content`, { query: { path: normalized } }, target)
    return target
  }

  #put(run: ArtifactRun, path: string, bytes: Blob | Uint8Array): Promise<ArtifactInfo> {
    return this.#api.json('PUT', `${artifactsPath(run)}/content`, { query: { path }, bytes })
  }

  async #downloadFolder(run: ArtifactRun, path: string, target: string): Promise<void> {
    const files: { path: string; localPath: string }[] = []
    const walk = async (folder: string, localFolder: string): Promise<void> => {
      await mkdir(localFolder, { recursive: true })
      for (const info of await this.list(run, folder)) {
        const localPath = join(localFolder, artifactBaseName(info.path))
        if (info.isDir) await walk(info.path, localPath)
        else files.push({ path: info.path, localPath })
      }
    }
    await walk(path, target)
    const content = `${artifactsPath(run)}/content`
    await inParallel(files, (file) =>
      this.#api.saveTo('GET', content, { query: { path: file.path } }, file.localPath),
    )
  }
}

function artifactsPath(run: ArtifactRun): string {
  return `/runs/${idSegment(run.runId, 'run')}/artifacts`
}

/** `work` over every item, `CONCURRENCY` at a time; after a failure no new item is started. */
async function inParallel<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = []
  let next = 0
  let failed = false
  const worker = async () => {
    for (let item = items[next++]; item !== undefined && !failed; item = items[next++]) {
      try {
        results.push(await work(item))
      } catch (error) {
        failed = true
        throw error
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker))
  return results
}

function byPath(a: ArtifactInfo, b: ArtifactInfo): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0
}
