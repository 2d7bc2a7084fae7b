import type { Dirent, Stats } from 'node:fs'
import { copyFile, mkdir, open, readdir, readFile, realpath, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { ShipyardError } from '../../shared/index.js'
import {
  artifactBaseName,
  invalidArtifactPath,
  joinArtifactPath,
  normalizeArtifactPath,
} from '../artifact-path.js'
import type { ArtifactInfo, ArtifactStore } from '../artifact-store.js'
import { isMissing, listLocalTree } from '../local-tree.js'
import { TEMP_FILE_NAME, writeFileAtomically } from './atomic-file.js'
import { artifactNotFound, isInside, type LocalLocation, locate } from './local-fs-location.js'

// Files of one putDirectory written at once: enough to overlap fsyncs, few enough for open-file limits.
const PUT_DIRECTORY_CONCURRENCY = 8

/**
 * The `ArtifactStore` for `file:///absolute/folder` roots. Stateless: one instance serves every root.
 *
 * Beyond the port's contract: a symbolic link under the root is followed only while it stays inside
 * the root. Naming a path that a link leads out of is refused with `SHIPYARD_ARTIFACT_PATH_INVALID`;
 * listings and folder downloads leave such links (and dangling ones) out. Temp files of in-flight or
 * crashed writes (`.<name>.<hex>.shipyard-tmp`) are never listed or downloaded.
 *
 * Use `artifactStoreFor(rootUri)` rather than constructing this directly.
 */
export class LocalFsArtifactStore implements ArtifactStore {
  async putFile(
    rootUri: string,
    path: string,
    source: Uint8Array | { readonly localPath: string },
  ): Promise<ArtifactInfo> {
    const at = await locate(rootUri, path)
    if (at.path === '') throw invalidArtifactPath(path, 'names the artifact root; a file needs a name')
    // The source is opened first so that a bad one leaves no folder behind.
    const input = source instanceof Uint8Array ? source : await openLocalFile(source.localPath)
    try {
      await makeFolder(at, parentOf(at.path))
      return written(at, await writeWithPathErrors(at, input))
    } finally {
      if (!(input instanceof Uint8Array)) await input.close()
    }
  }

  async putDirectory(rootUri: string, path: string, localDir: string): Promise<readonly ArtifactInfo[]> {
    const at = await locate(rootUri, path)
    const tree = await listLocalTree(localDir)
    // Every name is checked before anything is written, so a bad one leaves no half-uploaded folder.
    for (const path of [...tree.folders, ...tree.files.map((file) => file.path)]) {
      normalizeArtifactPath(joinArtifactPath(at.path, path))
    }
    await makeFolder(at, at.path)
    // Folders first (sorted, so parents precede children): empty folders are artifacts too. Each is
    // located on its own so that its name is validated like any artifact path.
    for (const folder of tree.folders) {
      const folderAt = await locate(rootUri, joinArtifactPath(at.path, folder))
      await makeFolder(folderAt, folderAt.path)
    }
    const infos: ArtifactInfo[] = []
    let next = 0
    let failed = false
    const worker = async () => {
      // After a failure the other workers finish their current file and stop taking new ones.
      for (let file = tree.files[next++]; file !== undefined && !failed; file = tree.files[next++]) {
        try {
          infos.push(
            await this.putFile(rootUri, joinArtifactPath(at.path, file.path), { localPath: file.localPath }),
          )
        } catch (error) {
          failed = true
          throw error
        }
      }
    }
    await Promise.all(Array.from({ length: PUT_DIRECTORY_CONCURRENCY }, worker))
    return infos.sort(byPath)
  }

  async list(rootUri: string, path = ''): Promise<readonly ArtifactInfo[]> {
    const at = await locate(rootUri, path)
    let entries: Dirent[]
    try {
      entries = await readdir(at.local, { withFileTypes: true })
    } catch (error) {
      // MLflow's semantics: listing a missing folder, or a file, gives nothing.
      if (isMissing(error)) return []
      throw error
    }
    const infos = await Promise.all(entries.map((entry) => childInfo(at, entry)))
    return infos.filter((info) => info !== undefined).sort(byPath)
  }

  async read(rootUri: string, path: string): Promise<Buffer> {
    const at = await locate(rootUri, path)
    try {
      return await readFile(at.local)
    } catch (error) {
      if (isMissing(error)) throw artifactNotFound(rootUri, at.path, error)
      if ((error as NodeJS.ErrnoException).code === 'EISDIR') {
        throw invalidArtifactPath(path, 'is a folder; list it or download it instead')
      }
      throw error
    }
  }

  async download(rootUri: string, path: string, localDestination: string): Promise<string> {
    const at = await locate(rootUri, path)
    let stats: Stats
    try {
      stats = await stat(at.local)
    } catch (error) {
      if (!isMissing(error)) throw error
      if (at.path !== '') throw artifactNotFound(rootUri, at.path, error)
      // A root nothing was written to yet is an empty folder, as in `list`.
      await mkdir(localDestination, { recursive: true })
      return localDestination
    }
    await mkdir(localDestination, { recursive: true })
    const target = at.path === '' ? localDestination : join(localDestination, artifactBaseName(at.path))
    if (stats.isDirectory()) await copyTree(at.realRoot, at.local, target, new Set())
    else await copyFile(at.local, target)
    return target
  }
}

function parentOf(path: string): string {
  return path.slice(0, Math.max(0, path.lastIndexOf('/')))
}

function byPath(a: ArtifactInfo, b: ArtifactInfo): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0
}

function written(at: LocalLocation, file: { fileSize: number; sha256: string }): ArtifactInfo {
  return { path: at.path, isDir: false, fileSize: file.fileSize, sha256: file.sha256 }
}

async function makeFolder(at: LocalLocation, folderPath: string): Promise<void> {
  try {
    await mkdir(join(at.root, ...folderPath.split('/')), { recursive: true })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw invalidArtifactPath(at.path, `cannot be written: '${folderPath}' or a folder above it is a file`)
    }
    throw error
  }
}

async function writeWithPathErrors(at: LocalLocation, source: Parameters<typeof writeFileAtomically>[1]) {
  try {
    return await writeFileAtomically(at.local, source)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EISDIR' || code === 'ENOTEMPTY' || code === 'EEXIST') {
      throw invalidArtifactPath(at.path, 'is a folder; a file cannot replace it')
    }
    throw error
  }
}

async function openLocalFile(localPath: string) {
  const handle = await open(localPath, 'r').catch((error: unknown) => {
    if (isMissing(error)) {
      throw new ShipyardError('RESOURCE_DOES_NOT_EXIST', `local file '${localPath}' does not exist`, {
        details: { localPath },
        cause: error,
      })
    }
    throw error
  })
  if ((await handle.stat()).isFile()) return handle
  await handle.close()
  throw new ShipyardError(
    'INVALID_PARAMETER_VALUE',
    `'${localPath}' is not a regular file; use putDirectory for a folder`,
    {
      details: { localPath },
    },
  )
}

// One listing entry, or undefined for what a listing hides: temp files, links out of the root or
// dangling, and things that are neither files nor folders.
async function childInfo(at: LocalLocation, entry: Dirent): Promise<ArtifactInfo | undefined> {
  if (TEMP_FILE_NAME.test(entry.name)) return undefined
  const path = joinArtifactPath(at.path, entry.name)
  const stats = await statInside(at.realRoot, join(at.local, entry.name), entry)
  if (stats?.isDirectory()) return { path, isDir: true }
  if (stats?.isFile()) return { path, isDir: false, fileSize: stats.size }
  return undefined
}

async function statInside(realRoot: string, local: string, entry: Dirent): Promise<Stats | undefined> {
  try {
    if (entry.isSymbolicLink() && !isInside(realRoot, await realpath(local))) return undefined
    return await stat(local)
  } catch (error) {
    if (isMissing(error)) return undefined
    throw error
  }
}

// `ancestors` holds the real paths being copied, so a link back up the tree is not followed forever.
async function copyTree(
  realRoot: string,
  from: string,
  to: string,
  ancestors: ReadonlySet<string>,
): Promise<void> {
  const real = await realpath(from)
  if (ancestors.has(real)) return
  const inside = new Set(ancestors).add(real)
  await mkdir(to, { recursive: true })
  for (const entry of await readdir(from, { withFileTypes: true })) {
    if (TEMP_FILE_NAME.test(entry.name)) continue
    const source = join(from, entry.name)
    const stats = await statInside(realRoot, source, entry)
    if (stats?.isDirectory()) await copyTree(realRoot, source, join(to, entry.name), inside)
    else if (stats?.isFile()) await copyFile(source, join(to, entry.name))
  }
}
