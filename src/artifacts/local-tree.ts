import type { Stats } from 'node:fs'
import { readdir, realpath, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { ShipyardError } from '../shared/index.js'
import { joinArtifactPath } from './artifact-path.js'

/** True for the errors that mean "nothing there": a missing entry, or a file where a folder should be. */
export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  return code === 'ENOENT' || code === 'ENOTDIR'
}

/** `stat` of a local file or folder to upload; a missing one is `RESOURCE_DOES_NOT_EXIST` naming it. */
export async function localStats(localPath: string): Promise<Stats> {
  try {
    return await stat(localPath)
  } catch (error) {
    if (!isMissing(error)) throw error
    throw new ShipyardError('RESOURCE_DOES_NOT_EXIST', `local path '${localPath}' does not exist`, {
      details: { localPath },
      cause: error,
    })
  }
}

/** A local folder's content, as artifact paths relative to it. */
export interface LocalTree {
  /** Every folder below the top one, sorted, so that a parent comes before its children. */
  readonly folders: readonly string[]
  /** Every regular file, sorted by path. */
  readonly files: readonly { readonly path: string; readonly localPath: string }[]
}

/**
 * Walks a local folder recursively. Symbolic links are followed (what the user points at is what
 * they mean to upload), except a link back to a folder being walked, which would never end; things
 * that are neither files nor folders (sockets, pipes, dangling links) are skipped.
 * A missing folder: `RESOURCE_DOES_NOT_EXIST`; a file instead of a folder: `INVALID_PARAMETER_VALUE`.
 */
export async function listLocalTree(localDir: string): Promise<LocalTree> {
  const top = await stat(localDir).catch((error: unknown) => {
    if (isMissing(error)) {
      throw new ShipyardError('RESOURCE_DOES_NOT_EXIST', `local folder '${localDir}' does not exist`, {
        details: { localDir },
        cause: error,
      })
    }
    throw error
  })
  if (!top.isDirectory()) {
    throw new ShipyardError(
      'INVALID_PARAMETER_VALUE',
      `'${localDir}' is not a folder; use putFile for a file`,
      {
        details: { localDir },
      },
    )
  }
  const tree = { folders: [] as string[], files: [] as { path: string; localPath: string }[] }
  await walk(localDir, '', new Set([await realpath(localDir)]), tree)
  tree.folders.sort()
  tree.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
  return tree
}

async function walk(
  folder: string,
  prefix: string,
  ancestors: ReadonlySet<string>,
  tree: { folders: string[]; files: { path: string; localPath: string }[] },
): Promise<void> {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const localPath = join(folder, entry.name)
    const path = joinArtifactPath(prefix, entry.name)
    const stats = await stat(localPath).catch((error: unknown): Stats | undefined => {
      if (isMissing(error)) return undefined
      throw error
    })
    if (stats?.isFile()) {
      tree.files.push({ path, localPath })
    } else if (stats?.isDirectory()) {
      const real = await realpath(localPath)
      if (ancestors.has(real)) continue
      tree.folders.push(path)
      await walk(localPath, path, new Set(ancestors).add(real), tree)
    }
  }
}
