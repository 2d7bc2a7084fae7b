import { realpath } from 'node:fs/promises'
import { basename, dirname, join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ShipyardError } from '../../shared/index.js'
import { invalidArtifactPath, normalizeArtifactPath } from '../artifact-path.js'
import { isMissing } from '../local-tree.js'
import { TEMP_FILE_NAME } from './atomic-file.js'

/** An artifact path resolved on the local file system and checked to stay under its root. */
export interface LocalLocation {
  /** The normalized artifact path (`''` for the root). */
  readonly path: string
  /** The root folder, as the URI names it. */
  readonly root: string
  /** The root folder with links resolved (as far as it exists). */
  readonly realRoot: string
  /** The local path of the artifact, under `root`. */
  readonly local: string
}

/**
 * Resolves `path` under the `file://` root and refuses, with `SHIPYARD_ARTIFACT_PATH_INVALID`, a path
 * that is malformed, that names a temp file, or that a symbolic link leads out of the root. Checked
 * through the longest existing prefix, so it holds for paths about to be created too.
 */
export async function locate(rootUri: string, path: string): Promise<LocalLocation> {
  const normalized = normalizeArtifactPath(path)
  const segments = normalized === '' ? [] : normalized.split('/')
  if (segments.some((segment) => TEMP_FILE_NAME.test(segment))) {
    throw invalidArtifactPath(
      path,
      'has the form of a temp file name, which the store reserves for in-flight writes',
    )
  }
  const root = rootFolderOf(rootUri)
  const local = join(root, ...segments)
  const realRoot = await effectiveRealpath(root)
  if (!isInside(realRoot, await effectiveRealpath(local))) throw escapes(path)
  return { path: normalized, root, realRoot, local }
}

/** True when `real` is `realRoot` or below it; both must be link-free absolute paths. */
export function isInside(realRoot: string, real: string): boolean {
  return real === realRoot || real.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep)
}

/** The error for an artifact path that a symbolic link leads out of the root. */
export function escapes(path: string): ShipyardError {
  return invalidArtifactPath(path, 'leads, through a symbolic link, outside the artifact root')
}

/**
 * Where `local` really is: its realpath when it exists, else its longest existing ancestor's realpath
 * joined with the rest. A link anywhere on the existing part is followed, a dangling one is not.
 */
export async function effectiveRealpath(local: string): Promise<string> {
  try {
    return await realpath(local)
  } catch (error) {
    const parent = dirname(local)
    if (!isMissing(error) || parent === local) throw error
    return join(await effectiveRealpath(parent), basename(local))
  }
}

/** The `RESOURCE_DOES_NOT_EXIST` error for an artifact path. */
export function artifactNotFound(rootUri: string, path: string, cause?: unknown): ShipyardError {
  return new ShipyardError('RESOURCE_DOES_NOT_EXIST', `artifact '${path}' does not exist under ${rootUri}`, {
    details: { path, rootUri },
    cause,
  })
}

function rootFolderOf(rootUri: string): string {
  let url: URL | undefined
  try {
    url = new URL(rootUri)
  } catch {
    // reported below
  }
  if (url?.protocol !== 'file:') {
    throw badRoot(
      rootUri,
      'is not a file:// URI; the local artifact store serves file:///absolute/folder roots',
    )
  }
  try {
    return fileURLToPath(url)
  } catch (error) {
    throw badRoot(
      rootUri,
      `is not a valid local file URI (${(error as Error).message}); expected file:///absolute/folder`,
    )
  }
}

function badRoot(rootUri: string, reason: string): ShipyardError {
  return new ShipyardError('INVALID_PARAMETER_VALUE', `artifact root '${rootUri}' ${reason}`, {
    details: { rootUri },
  })
}
