import type { ArtifactInfo, RunInfo } from './types.js'

/** The run-facing part of a run: what the SDK, CLI and server need to log and read artifacts. */
export type ArtifactRun = Pick<RunInfo, 'runId' | 'artifactUri'>

/**
 * A run's artifacts: upload, list, download. The embedded backend writes through an `ArtifactStore`
 * and records each file's size and sha256 in the tracking store; the HTTP backend sends the bytes to
 * a Shipyard server, which does the same. Errors as in `ArtifactStore`.
 */
export interface RunArtifacts {
  /** Uploads a local file or folder to `artifactPath` (default: its base name at the root). */
  log(run: ArtifactRun, localPath: string, artifactPath?: string): Promise<readonly ArtifactInfo[]>
  /** Uploads bytes as one file at `artifactPath`. */
  logBytes(run: ArtifactRun, artifactPath: string, bytes: Uint8Array): Promise<ArtifactInfo>
  /** Direct children of `path` (`''` for the root), with sha256 where recorded. */
  list(run: ArtifactRun, path?: string): Promise<readonly ArtifactInfo[]>
  /** Reads one file. */
  read(run: ArtifactRun, path: string): Promise<Buffer>
  /** Copies a file or folder into `localDestination`; returns the local path written. */
  download(run: ArtifactRun, path: string, localDestination: string): Promise<string>
}
