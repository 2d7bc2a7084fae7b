import { ShipyardError } from '../shared/index.js'

/**
 * Validates an artifact path and returns its canonical form: `/`-separated segments with empty and
 * `.` segments dropped, so `''`, `'.'` and `'./'` all mean the root (`''`) and `'a//b/'` is `'a/b'`.
 *
 * Refused with `SHIPYARD_ARTIFACT_PATH_INVALID` (naming the path, in `details.path` too): absolute
 * paths, drive letters (`C:`), backslashes, NUL bytes and `..` segments. Checking the text alone is
 * what keeps every backend inside its root; a backend with links (the local file system) must in
 * addition check where a link leads.
 *
 * @example
 * normalizeArtifactPath('model/./weights.bin') // 'model/weights.bin'
 * normalizeArtifactPath('../etc/passwd') // throws SHIPYARD_ARTIFACT_PATH_INVALID
 */
export function normalizeArtifactPath(path: string): string {
  const reason = whyInvalid(path)
  if (reason !== undefined) throw invalidArtifactPath(path, reason)
  return path
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/')
}

/** Joins a normalized parent path and one child name (`''` is the root). */
export function joinArtifactPath(parent: string, name: string): string {
  return parent === '' ? name : `${parent}/${name}`
}

/** The last segment of a normalized path (`''` for the root). */
export function artifactBaseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1)
}

/** The `SHIPYARD_ARTIFACT_PATH_INVALID` error for `path`; `reason` says what would be right. */
export function invalidArtifactPath(path: string, reason: string): ShipyardError {
  // JSON quoting keeps NUL bytes and backslashes visible in the message.
  return new ShipyardError(
    'SHIPYARD_ARTIFACT_PATH_INVALID',
    `artifact path ${JSON.stringify(path)} ${reason}`,
    {
      details: { path },
    },
  )
}

function whyInvalid(path: string): string | undefined {
  if (typeof path !== 'string') return 'is not a string'
  if (path.includes('\0')) return 'contains a NUL byte'
  if (path.includes('\\')) return "contains a backslash; separate folders with '/'"
  if (path.startsWith('/'))
    return "is absolute; give a path relative to the artifact root, like 'model/weights.bin'"
  if (/^[A-Za-z]:/.test(path)) return 'starts with a drive letter; give a path relative to the artifact root'
  if (path.split('/').includes('..')) return "contains a '..' segment; artifact paths cannot leave their root"
  return undefined
}
