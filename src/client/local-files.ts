import type { Stats } from 'node:fs'
import { readdir, realpath, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { joinArtifactPath } from '../artifacts/index.js'

/** A file to upload: its artifact path relative to the folder walked, and where it is. */
export interface LocalFile {
  readonly path: string
  readonly localPath: string
}

/**
 * Every regular file under a local folder, sorted by path, walked as the local artifact store walks
 * a folder it uploads: links are followed except back into a folder being walked, and anything
 * neither file nor folder (sockets, dangling links) is skipped.
 */
export async function listLocalFiles(localDir: string): Promise<readonly LocalFile[]> {
  const files: LocalFile[] = []
  await walk(localDir, '', new Set([await realpath(localDir)]), files)
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

async function walk(folder: string, prefix: string, ancestors: ReadonlySet<string>, files: LocalFile[]) {
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const localPath = join(folder, entry.name)
    const path = joinArtifactPath(prefix, entry.name)
    const stats = await stat(localPath).catch((error: NodeJS.ErrnoException): Stats | undefined => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined
      throw error
    })
    if (stats?.isFile()) files.push({ path, localPath })
    else if (stats?.isDirectory()) {
      const real = await realpath(localPath)
      if (!ancestors.has(real)) await walk(localPath, path, new Set(ancestors).add(real), files)
    }
  }
}
