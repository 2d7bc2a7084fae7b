/** A file or folder under an artifact root (for a run: its artifact root). */
export interface ArtifactInfo {
  /** Relative to the run's artifact root, `/`-separated. */
  readonly path: string
  readonly isDir: boolean
  /** Bytes; absent for folders. */
  readonly fileSize?: number
  /** Hex sha256 of the content; absent for folders. */
  readonly sha256?: string
}

/**
 * Where artifact bytes live. Addressed by a root URI (a run's `artifactUri`) and a relative,
 * `/`-separated path under it; the backend is chosen from the URI scheme (`file://` now, room for
 * `s3://`).
 *
 * Contract, for every backend:
 * - Writes are atomic: a reader sees the old content or the new, never a torn file (temp file, then rename).
 * - Every written file's sha256 is computed while writing and returned.
 * - Paths are validated by `normalizeArtifactPath` (`artifact-path.ts`): absolute paths, drive
 *   letters, `..` segments, backslashes and NUL bytes are refused with `SHIPYARD_ARTIFACT_PATH_INVALID`,
 *   so nothing is ever read or written outside the root. `''` and `'.'` name the root; returned paths
 *   are normalized (`'a//b/./c'` comes back as `'a/b/c'`). Writing a file at the root, over a folder,
 *   or below a file is refused with the same code.
 * - A missing path: `RESOURCE_DOES_NOT_EXIST` (from `read` and `download`; `list` gives `[]`).
 * - A root URI the backend cannot serve: `INVALID_PARAMETER_VALUE`.
 * - Safe to call concurrently; the last complete write of a path wins.
 * - Returned records are fresh objects; `list` leaves `sha256` absent (hashing on every listing
 *   would read every file), the tracking store's records supply it.
 *
 * `artifact-store.test-suite.ts` holds this contract as tests; every backend runs it.
 */
export interface ArtifactStore {
  /** Writes bytes, or a local file's content, to `path` under `rootUri`. */
  putFile(
    rootUri: string,
    path: string,
    source: Uint8Array | { readonly localPath: string },
  ): Promise<ArtifactInfo>
  /**
   * Copies a local folder, recursively, to `path` (`''` for the root), empty folders included.
   * Returns every file written, sorted by path. Not atomic as a whole: each file is.
   */
  putDirectory(rootUri: string, path: string, localDir: string): Promise<readonly ArtifactInfo[]>
  /**
   * The direct children of `path` (`''` for the root), folders included, sorted by path (code-unit
   * order). `[]` when `path` is empty, missing or a file, as MLflow's stores answer.
   */
  list(rootUri: string, path?: string): Promise<readonly ArtifactInfo[]>
  /** The bytes of one file. */
  read(rootUri: string, path: string): Promise<Buffer>
  /**
   * Copies a file or folder into `localDestination` (a folder, created if needed) under its base
   * name, and returns that local path; `''` copies the root's content into `localDestination` itself.
   */
  download(rootUri: string, path: string, localDestination: string): Promise<string>
}
