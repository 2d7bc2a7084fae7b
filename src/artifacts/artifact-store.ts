import type { ArtifactInfo } from '../tracking/types.js'

/**
 * Where artifact bytes live. Addressed by a root URI (a run's `artifactUri`) and a relative,
 * `/`-separated path under it; the backend is chosen from the URI scheme (`file://` now, room for
 * `s3://`).
 *
 * Contract, for every backend:
 * - Writes are atomic: a reader sees the old content or the new, never a torn file (temp file, then rename).
 * - Every written file's sha256 is computed while writing and returned.
 * - Paths are validated: absolute paths, `..` segments, backslashes and NUL bytes are refused with
 *   `SHIPYARD_ARTIFACT_PATH_INVALID`, so nothing is ever read or written outside the root.
 * - A missing path: `RESOURCE_DOES_NOT_EXIST`.
 * - Safe to call concurrently; the last complete write of a path wins.
 */
export interface ArtifactStore {
  /** Writes bytes, or a local file's content, to `path` under `rootUri`. */
  putFile(rootUri: string, path: string, source: Uint8Array | { readonly localPath: string }): Promise<ArtifactInfo>
  /** Copies a local folder, recursively, to `path` (`''` for the root). Returns every file written. */
  putDirectory(rootUri: string, path: string, localDir: string): Promise<readonly ArtifactInfo[]>
  /** The direct children of `path` (`''` for the root), folders included, sorted by path; `[]` for an empty or missing root. */
  list(rootUri: string, path?: string): Promise<readonly ArtifactInfo[]>
  /** The bytes of one file. */
  read(rootUri: string, path: string): Promise<Buffer>
  /** Copies a file or folder to `localDestination` (a folder that will contain it); returns the local path. */
  download(rootUri: string, path: string, localDestination: string): Promise<string>
}
